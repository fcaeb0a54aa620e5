using System.Globalization;

namespace Voronka.Core.Features.Reports;

/// <summary>The API list behind a figure: a path under /api/v1 with its filters, so every counter opens what it counts.</summary>
public static class ListUrls
{
    public const string Prefix = "/api/v1/";

    /// <summary>The list <paramref name="path"/> (deals, activities, tasks) with the filters that have a value; a filter with
    /// an empty name is left out.</summary>
    public static string Of(string path, params (string Name, object? Value)[] filters)
    {
        var parts = filters.Where(f => f.Name.Length > 0 && f.Value is not null)
            .Select(f => $"{f.Name}={Uri.EscapeDataString(Text(f.Value!))}");
        var query = string.Join("&", parts);
        return Prefix + path + (query.Length > 0 ? "?" + query : "");
    }

    private static string Text(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
