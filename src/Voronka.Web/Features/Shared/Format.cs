using System.Globalization;

namespace Voronka.Web.Features.Shared;

/// <summary>Numbers, money and dates the way the reader's language writes them, in the organisation's time zone.</summary>
public static class Format
{
    /// <summary>How money and other amounts read in inputs, in the reader's culture: digits grouped, decimals only where
    /// there are some («3 085 714,29», "3,085,714.29"); the inputs parse the same text back.</summary>
    public const string InputPattern = "#,0.##";

    /// <summary>Money with its digits grouped: whole amounts without kopecks («1 500 ₽»), others with both digits of
    /// them («1 500,50 ₽»).</summary>
    public static string Money(decimal amount, string currency) =>
        amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00", CultureInfo.CurrentCulture)
        + "\u00A0" + (currency == "RUB" ? "₽" : currency); // the sign never wraps away from its number

    public static string Date(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("g", CultureInfo.CurrentCulture);

    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>A share 0..1 as a percentage: 0.4567 → "45.7 %".</summary>
    public static string Share(decimal value) => (value * 100m).ToString("0.#", CultureInfo.CurrentCulture) + " %";

    public static string Percent(decimal? value) => value is decimal v ? v.ToString("0.#", CultureInfo.CurrentCulture) + " %" : "—";
}
