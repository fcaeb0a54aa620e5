using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Voronka.Core.Common;

namespace Voronka.Core.Features.Calendar;

/// <summary>Reads the common XML production-calendar format (as xmlcalendar files have it):
/// <c>&lt;calendar year="2026"&gt;&lt;holidays&gt;&lt;holiday id="1" title="…"/&gt;…&lt;/holidays&gt;&lt;days&gt;&lt;day d="MM.DD"
/// t="1|2|3" h="holiday id" f="MM.DD"/&gt;…&lt;/days&gt;&lt;/calendar&gt;</c>. Pure: takes the file's bytes, does no I/O.</summary>
public static class ProductionCalendarXml
{
    /// <summary>The largest file accepted; a year's calendar is a few kilobytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    private const int MaxDays = 366;

    /// <summary>Parses a production calendar. A malformed file throws <see cref="ValidationFailedException"/> naming
    /// where (<c>file</c>, <c>calendar</c>, <c>year</c>, <c>holidays[i].id</c>, <c>days[i].d</c>, <c>days[i].t</c>,
    /// <c>days[i].h</c>, <c>days[i].f</c>) and why; every error of the file is reported at once.</summary>
    public static ProductionCalendar Parse(byte[] content)
    {
        if (content.Length == 0) throw ValidationFailedException.For("file", "is required: send the calendar's XML.");
        if (content.Length > MaxBytes) throw ValidationFailedException.For("file", $"must be at most {MaxBytes / 1024} KB.");
        XDocument doc;
        try
        {
            // No DTDs: a calendar needs none, and entity expansion is the classic attack on XML readers.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(content, writable: false), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw ValidationFailedException.For("file", $"is not well-formed XML: {e.Message}");
        }
        return Parse(doc);
    }

    /// <summary>Parses a production calendar given as text.</summary>
    public static ProductionCalendar Parse(string xml) => Parse(System.Text.Encoding.UTF8.GetBytes(xml));

    private static ProductionCalendar Parse(XDocument doc)
    {
        var root = doc.Root;
        if (root is null || root.Name.LocalName != "calendar")
            throw ValidationFailedException.For("calendar", "the root element must be <calendar>.");
        var v = new Validator();
        var yearText = (string?)root.Attribute("year");
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            v.Add("year", "the year attribute of <calendar> must be a year between 2000 and 2100.");
            v.ThrowIfInvalid();
        }

        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var holidays = root.Element("holidays")?.Elements("holiday").ToList() ?? [];
        for (var i = 0; i < holidays.Count; i++)
        {
            var id = ((string?)holidays[i].Attribute("id"))?.Trim();
            var title = ((string?)holidays[i].Attribute("title"))?.Trim();
            if (string.IsNullOrEmpty(id)) v.Add($"holidays[{i}].id", "is required.");
            else if (!titles.TryAdd(id, string.IsNullOrEmpty(title) ? $"Праздник {id}" : Truncate(title)))
                v.Add($"holidays[{i}].id", $"'{id}' is used by another holiday.");
        }

        var days = root.Element("days")?.Elements("day").ToList();
        if (days is null) v.Add("days", "the calendar has no <days> element.");
        else if (days.Count > MaxDays) v.Add("days", $"a year has at most {MaxDays} days.");
        var result = new Dictionary<DateOnly, ProductionDay>();
        var named = days is null || days.Count > MaxDays ? [] : days;
        for (var i = 0; i < named.Count; i++)
        {
            var day = named[i];
            var field = $"days[{i}]";
            var date = ReadDate(v, (string?)day.Attribute("d"), year, $"{field}.d", required: true);
            var kind = ReadKind(v, (string?)day.Attribute("t"), $"{field}.t");
            var from = ReadDate(v, (string?)day.Attribute("f"), year, $"{field}.f", required: false);
            string? holiday = null;
            if ((string?)day.Attribute("h") is string h && !titles.TryGetValue(h.Trim(), out holiday))
                v.Add($"{field}.h", $"'{h}' is not the id of a holiday of this file.");
            if (date is not DateOnly dt || kind is not ProductionDayKind k) continue;
            if (k == ProductionDayKind.WorkedWeekend && dt.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                v.Add($"{field}.t", $"{dt:yyyy-MM-dd} is a weekday: only a Saturday or Sunday can be a worked weekend day (t=\"3\").");
            else if (!result.TryAdd(dt, new ProductionDay(dt, k, holiday, from)))
                v.Add($"{field}.d", $"{dt:yyyy-MM-dd} is named twice.");
        }
        v.ThrowIfInvalid();
        return new ProductionCalendar(year, result.Values.OrderBy(d => d.Date).ToList());
    }

    private static DateOnly? ReadDate(Validator v, string? text, int year, string field, bool required)
    {
        if (text is null)
        {
            if (required) v.Add(field, "is required (MM.DD).");
            return null;
        }
        if (DateOnly.TryParseExact($"{year}.{text.Trim()}", "yyyy.MM.dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        v.Add(field, $"'{text}' is not a date of {year} written as MM.DD.");
        return null;
    }

    private static ProductionDayKind? ReadKind(Validator v, string? text, string field)
    {
        if (text?.Trim() is "1" or "2" or "3") return (ProductionDayKind)int.Parse(text.Trim(), CultureInfo.InvariantCulture);
        v.Add(field, text is null ? "is required (1 day off, 2 shortened day, 3 worked weekend day)."
            : $"'{text}' is not 1 (day off), 2 (shortened day) or 3 (worked weekend day).");
        return null;
    }

    // The calendar keeps names of at most 200 characters; a longer title is cut rather than refused.
    private static string Truncate(string title) => title.Length <= 150 ? title : title[..150];
}
