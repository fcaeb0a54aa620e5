using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Deals;

/// <summary>The deal fields a stage may require, and the check that runs on every path into a stage.</summary>
public static class DealFields
{
    public const string Company = "companyId";
    public const string Contact = "contactId";
    public const string Amount = "amount";
    public const string ExpectedCloseDate = "expectedCloseDate";
    public const string Source = "source";
    public const string Region = "regionId";
    public const string Lines = "lines";
    public const string LossReason = "lossReasonId";
    public const string CustomPrefix = "custom.";

    public static IReadOnlyList<string> BuiltIn { get; } = [Company, Contact, Amount, ExpectedCloseDate, Source, Region, Lines];

    public static bool IsCustom(string key, out string customKey)
    {
        customKey = key.StartsWith(CustomPrefix, StringComparison.Ordinal) ? key[CustomPrefix.Length..] : "";
        return customKey.Length > 0;
    }

    /// <summary>The fields <paramref name="deal"/> lacks to enter <paramref name="stage"/>, in the stage's order.
    /// A lost stage always needs a loss reason.</summary>
    public static IReadOnlyList<string> Missing(Deal deal, Stage stage)
    {
        var missing = new List<string>();
        foreach (var key in stage.RequiredFields)
        {
            if (!IsFilled(deal, key)) missing.Add(key);
        }
        if (stage.Kind == StageKind.Lost && deal.LossReasonId is null) missing.Add(LossReason);
        return missing;
    }

    public static bool IsFilled(Deal deal, string key) => key switch
    {
        Company => deal.CompanyId is not null,
        Contact => deal.ContactId is not null,
        Amount => deal.AmountMinor > 0,
        ExpectedCloseDate => deal.ExpectedCloseDate is not null,
        Source => !string.IsNullOrWhiteSpace(deal.Source),
        Region => deal.RegionId is not null,
        Lines => deal.Lines.Count > 0,
        LossReason => deal.LossReasonId is not null,
        _ when IsCustom(key, out var ck) => deal.CustomFields.TryGetValue(ck, out var v) && !string.IsNullOrWhiteSpace(v),
        _ => false,
    };
}
