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
        KpiUnit.Money => Format.Money(v, currency),
        KpiUnit.Percent => Format.Percent(v),
        _ => Format.Number(v),
    };

    /// <summary>A figure computed rather than counted (expected by today, forecasts): whole money and whole counts.</summary>
    public static string Estimate(decimal? value, KpiIndicatorResponse i, string currency) => value is not decimal v ? "—" : i.Unit switch
    {
        KpiUnit.Money => Format.MoneyRounded(v, currency),
        KpiUnit.Percent => Format.Percent(v),
        _ => Format.Whole(v),
    };
}
