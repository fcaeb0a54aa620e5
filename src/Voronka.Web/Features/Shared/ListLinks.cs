using Voronka.Core.Features.Reports;

namespace Voronka.Web.Features.Shared;

/// <summary>The page that shows an API list: a figure's <c>listUrl</c> (/api/v1/deals?…) opens /deals?… with the same filters.</summary>
public static class ListLinks
{
    public static string Page(string listUrl) =>
        listUrl.StartsWith(ListUrls.Prefix, StringComparison.Ordinal) ? "/" + listUrl[ListUrls.Prefix.Length..] : listUrl;
}
