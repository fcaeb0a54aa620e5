using Microsoft.Extensions.Localization;
using Voronka.Core.Features.Kpi;
using Voronka.Web.Features.Shared;

namespace Voronka.Web.Features.Plans;

/// <summary>How an indicator is named and its values written.</summary>
public static class KpiText
{
    public static string Name(IStringLocalizer l, KpiIndicatorResponse i) =>
        i.Code == KpiCode.StageConversion ? l["Kpi.Code.StageConversionOf", i.StageName ?? ""] : l[$"Kpi.Code.{i.Code}"];

    public static string Value(decimal? value, KpiIndicatorResponse i, string currency) => value is not decimal v ? "—" : i.Unit switch
    {
        // An average is an estimate: kopecks mean nothing there.
        KpiUnit.Money => i.Code == KpiCode.AverageDeal ? Format.MoneyRounded(v, currency) : Format.Money(v, currency),
        KpiUnit.Percent => Format.Percent(v),
        _ => Format.Number(v),
    };

    /// <summary>A figure computed rather than counted (expected by today, forecasts): whole money; counts whole from
    /// ten up and to a tenth below, so that "1.4 expected" does not read as "1" beside a pace of 70 %.</summary>
    public static string Estimate(decimal? value, KpiIndicatorResponse i, string currency) => value is not decimal v ? "—" : i.Unit switch
    {
        KpiUnit.Money => Format.MoneyRounded(v, currency),
        KpiUnit.Percent => Format.Percent(v),
        _ => Math.Abs(v) >= 10 ? Format.Whole(v) : Format.Number(decimal.Round(v, 1, MidpointRounding.AwayFromZero)),
    };
}
