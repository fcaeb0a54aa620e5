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

    /// <summary>An estimate of money (a forecast, an average, what is at stake): whole units, kopecks mean nothing there.</summary>
    public static string MoneyRounded(decimal amount, string currency) =>
        Money(decimal.Round(amount, 0, MidpointRounding.AwayFromZero), currency);

    /// <summary>An estimate of a count (deals lost beyond a rate, a score): whole ones.</summary>
    public static string Whole(decimal value) => Number(decimal.Round(value, 0, MidpointRounding.AwayFromZero));

    /// <summary>A day without its year, as a chart's or a column's label: «01.12», "1 Dec".</summary>
    public static string DayMonth(DateOnly day) =>
        day.ToString(CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "ru" ? "dd.MM" : "d MMM", CultureInfo.CurrentCulture);

    /// <summary>A calendar day as the reader writes it: «07.12.2026», "12/7/2026".</summary>
    public static string Day(DateOnly day) => day.ToString("d", CultureInfo.CurrentCulture);

    public static string Date(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>A length of talk or a moment of a recording as minutes and seconds: 95 → "1:35".</summary>
    public static string Clock(int seconds) => $"{seconds / 60}:{seconds % 60:00}";

    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>A share 0..1 as a percentage: 0.4567 → "45.7 %".</summary>
    public static string Share(decimal value) => (value * 100m).ToString("0.#", CultureInfo.CurrentCulture) + " %";

    public static string Percent(decimal? value) => value is decimal v ? v.ToString("0.#", CultureInfo.CurrentCulture) + " %" : "—";
}
