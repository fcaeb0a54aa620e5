using System.Globalization;
using System.Text.RegularExpressions;

namespace Voronka.Core.Features.Import;

/// <summary>
/// Reads a cell's text as the value of a column (docs/import-format.md, "Values"): dates and moments in ISO, Russian
/// and Excel serial form, money and numbers with spaces or commas grouping and either decimal sign, booleans in
/// Russian and English. Each reader returns the value or the reason it could not be read; nothing is guessed twice:
/// "01.03.2026" is always the 1st of March.
/// </summary>
public static partial class ImportValues
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "dd/MM/yyyy"];

    private static readonly string[] MomentFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy H:mm:ss", "dd.MM.yyyy",
        "yyyy-MM-dd",
    ];

    // Excel counts days from 1899-12-30 (its 1900 leap-year mistake included); serials from 1950 to 2100 are dates.
    private static readonly DateTime ExcelEpoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);
    private const double FirstSerial = 18264, LastSerial = 73051;

    public const string NotADate = "is not a date (2026-03-01, 01.03.2026 or a spreadsheet date).";
    public const string NotAMoment = "is not a date and time (2026-03-01T14:30:00+03:00, 01.03.2026 14:30 or a spreadsheet date).";
    public const string NotAnAmount = "is not an amount (1234567.89, 1 234 567,89 or 1 234 567,89 ₽).";
    public const string NotANumber = "is not a number.";
    public const string NotABoolean = "is not yes or no (true/false, 1/0, да/нет, yes/no).";

    /// <summary>A calendar day.</summary>
    public static (DateOnly? Value, string? Error) Date(string? text)
    {
        var t = Clean(text);
        if (t is null) return (null, null);
        if (DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return (d, null);
        if (Serial(t) is DateTime s) return (DateOnly.FromDateTime(s), null);
        // A moment written where a day is asked: its day, as written.
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && t.Contains('T'))
            return (DateOnly.FromDateTime(m.DateTime), null);
        return (null, NotADate);
    }

    /// <summary>A moment, in UTC: with an offset as written, otherwise a wall-clock time of <paramref name="zone"/>.</summary>
    public static (DateTime? Value, string? Error) Moment(string? text, TimeZoneInfo zone)
    {
        var t = Clean(text);
        if (t is null) return (null, null);
        if (HasOffset().IsMatch(t) && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var o))
            return (o.UtcDateTime, null);
        DateTime local;
        if (DateTime.TryParseExact(t, MomentFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) local = parsed;
        else if (Serial(t) is DateTime s) local = s;
        else return (null, NotAMoment);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A wall-clock time skipped by a clock change is read as the moment an hour later would be.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return (TimeZoneInfo.ConvertTimeToUtc(local, zone), null);
    }

    /// <summary>An amount of money: at most two decimals, any grouping, a currency sign or code at either end.</summary>
    public static (decimal? Value, string? Error) Money(string? text)
    {
        var t = Clean(text);
        if (t is null) return (null, null);
        t = CurrencyMark().Replace(t, "").Trim();
        var (value, error) = Number(t);
        if (error is not null || value is not decimal v) return (null, NotAnAmount);
        if (decimal.Round(v, 2) != v) return (null, NotAnAmount);
        return (v, null);
    }

    /// <summary>A number: «1 234,5», "1,234.5", "1234.5", "1,5"; a comma alone before three digits is a thousands
    /// separator only when more groups follow ("1,234,567"); "1,234" reads as 1.234, as Russian writes it.</summary>
    public static (decimal? Value, string? Error) Number(string? text)
    {
        var t = Clean(text);
        if (t is null) return (null, null);
        t = Grouping().Replace(t, "");
        var negative = t.StartsWith('-') || t.StartsWith('−');
        if (negative) t = t[1..];
        if (t.Length == 0 || !OnlyNumber().IsMatch(t)) return (null, NotANumber);
        var (dots, commas) = (t.Count(c => c == '.'), t.Count(c => c == ','));
        string normal;
        if (dots > 0 && commas > 0)
        {
            // The later sign is the decimal one: "1,234.50" or "1.234,50".
            var dec = t.LastIndexOf('.') > t.LastIndexOf(',') ? '.' : ',';
            var group = dec == '.' ? ',' : '.';
            if (t.Count(c => c == dec) > 1) return (null, NotANumber);
            normal = t.Replace(group.ToString(), "", StringComparison.Ordinal).Replace(dec, '.');
        }
        else if (commas > 1) normal = t.Replace(",", "", StringComparison.Ordinal);
        else if (dots > 1) normal = t.Replace(".", "", StringComparison.Ordinal);
        else normal = t.Replace(',', '.');
        if (!decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)) return (null, NotANumber);
        return (negative ? -v : v, null);
    }

    public static (bool? Value, string? Error) Boolean(string? text)
    {
        var t = Clean(text)?.ToLowerInvariant();
        return t switch
        {
            null => (null, null),
            "true" or "1" or "да" or "yes" or "y" or "д" or "истина" => (true, null),
            "false" or "0" or "нет" or "no" or "n" or "н" or "ложь" => (false, null),
            _ => (null, NotABoolean),
        };
    }

    /// <summary>The values of a list cell: split by ';' (or line breaks), trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> List(string? text) =>
        Clean(text) is string t ? t.Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

    /// <summary>The text with spaces of every kind trimmed; null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (text is null) return null;
        var t = text.Trim().Trim('\u00A0', '\u202F', '\uFEFF').Trim();
        return t.Length == 0 ? null : t;
    }

    private static DateTime? Serial(string t) =>
        double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n is >= FirstSerial and <= LastSerial
            ? ExcelEpoch.AddDays(Math.Round(n * 86400) / 86400)
            : null;

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex HasOffset();

    [GeneratedRegex(@"^(₽|руб\.?|р\.|RUB|USD|EUR|\$|€)\s*|\s*(₽|руб\.?|р\.|RUB|USD|EUR|\$|€)$", RegexOptions.IgnoreCase)]
    private static partial Regex CurrencyMark();

    [GeneratedRegex(@"[\s\u00A0\u202F'’]")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"^[0-9][0-9.,]*$")]
    private static partial Regex OnlyNumber();
}
