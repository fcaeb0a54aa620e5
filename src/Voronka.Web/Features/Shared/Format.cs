using System.Globalization;

namespace Voronka.Web.Features.Shared;

/// <summary>Numbers, money and dates the way the reader's language writes them, in the organisation's time zone.</summary>
public static class Format
{
    public static string Money(decimal amount, string currency) =>
        amount.ToString("#,0.##", CultureInfo.CurrentCulture) + " " + (currency == "RUB" ? "₽" : currency);

    public static string Date(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("g", CultureInfo.CurrentCulture);
}
