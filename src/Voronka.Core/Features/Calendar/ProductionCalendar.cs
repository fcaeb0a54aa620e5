namespace Voronka.Core.Features.Calendar;

/// <summary>What a production calendar says of a day (the <c>t</c> attribute of the XML format).</summary>
public enum ProductionDayKind
{
    /// <summary>A day off: a public holiday or a day off moved onto a weekday (<c>t="1"</c>).</summary>
    DayOff = 1,

    /// <summary>A working day one hour shorter before a holiday (<c>t="2"</c>); a weekend day marked so is worked.</summary>
    Shortened = 2,

    /// <summary>A weekend day that is worked because its day off was moved (<c>t="3"</c>).</summary>
    WorkedWeekend = 3,
}

/// <summary>Where the days of a year's calendar came from.</summary>
public enum CalendarSource
{
    /// <summary>The official production calendar shipped with Voronka: the holidays and the decree's moved days off.</summary>
    Official,

    /// <summary>Shipped with Voronka before the year's decree was known: the holidays and the Labour Code's weekend rule only.</summary>
    Provisional,

    /// <summary>No calendar shipped for the year: the fixed-date holidays and the weekend rule of art. 112 of the Labour Code.</summary>
    Rule,
}

/// <summary>One day a production calendar names.</summary>
/// <param name="Date">The day.</param>
/// <param name="Kind">Day off, shortened day or worked weekend day.</param>
/// <param name="Holiday">The holiday's title, when the day is (or stands for) one.</param>
/// <param name="MovedFrom">The day the day off was moved from, when the calendar says.</param>
public sealed record ProductionDay(DateOnly Date, ProductionDayKind Kind, string? Holiday, DateOnly? MovedFrom);

/// <summary>A year's production calendar: the days that differ from an ordinary Monday–Friday week or are worth naming.</summary>
/// <param name="Year">The calendar's year; every day belongs to it.</param>
/// <param name="Days">The named days, one per date, in date order.</param>
public sealed record ProductionCalendar(int Year, IReadOnlyList<ProductionDay> Days)
{
    /// <summary>The days the organisation's calendar keeps: weekdays off and weekend days worked, with their names.
    /// Holidays on a weekend and shortened weekdays change no working day, so they are left out; a shortened weekend day
    /// is worked.</summary>
    public IReadOnlyList<CalendarDayResponse> Exceptions()
    {
        var result = new List<CalendarDayResponse>();
        foreach (var day in Days)
        {
            var weekend = day.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (day.Kind == ProductionDayKind.DayOff && !weekend) result.Add(new(day.Date, false, NameOf(day)));
            else if (day.Kind != ProductionDayKind.DayOff && weekend) result.Add(new(day.Date, true, NameOf(day)));
        }
        return result;
    }

    private static string NameOf(ProductionDay day)
    {
        var from = day.MovedFrom?.ToString("dd.MM", System.Globalization.CultureInfo.InvariantCulture);
        if (day.Kind != ProductionDayKind.DayOff) return from is null ? "Рабочий день по переносу" : $"Рабочий день (перенос на {from})";
        if (day.Holiday is not null) return from is null ? day.Holiday : $"{day.Holiday} (перенос с {from})";
        return from is null ? "Выходной день" : $"Перенесённый выходной (с {from})";
    }
}

/// <summary>The production calendars Voronka knows: the ones shipped with it (embedded XML files) and, for other years,
/// the one the Labour Code makes by itself.</summary>
public static class ProductionCalendars
{
    /// <summary>The years shipped as <c>ProductionCalendars/ru-{year}.xml</c>. 2025 and 2026 follow their decrees; 2027
    /// was made by the Labour Code's rule because its decree was not found (ADR 0013), so it says nothing of the two
    /// January holidays on a weekend that the decree will move.</summary>
    private static readonly Dictionary<int, CalendarSource> Shipped = new()
    {
        [2025] = CalendarSource.Official,
        [2026] = CalendarSource.Official,
        [2027] = CalendarSource.Provisional,
    };

    /// <summary>The public holidays of Russia (Labour Code, art. 112) with the ids and titles the XML format uses.</summary>
    private static readonly (int Month, int Day, int Id)[] Holidays =
    [
        (1, 1, 1), (1, 2, 1), (1, 3, 1), (1, 4, 1), (1, 5, 1), (1, 6, 1), (1, 7, 2), (1, 8, 1),
        (2, 23, 3), (3, 8, 4), (5, 1, 5), (5, 9, 6), (6, 12, 7), (11, 4, 8),
    ];

    private static readonly string[] Titles =
    [
        "", "Новогодние каникулы", "Рождество Христово", "День защитника Отечества", "Международный женский день",
        "Праздник Весны и Труда", "День Победы", "День России", "День народного единства",
    ];

    /// <summary>The calendar of <paramref name="year"/> and where it came from: the shipped file when there is one,
    /// else <see cref="ByRule"/>.</summary>
    public static (ProductionCalendar Calendar, CalendarSource Source) For(int year) =>
        Shipped.TryGetValue(year, out var source) ? (Load(year), source) : (ByRule(year), CalendarSource.Rule);

    /// <summary>The shipped years.</summary>
    public static IReadOnlyCollection<int> ShippedYears => Shipped.Keys;

    /// <summary>The calendar the Labour Code makes without a decree: the public holidays, and a holiday that falls on a
    /// Saturday or Sunday gives a day off on the next working day — except the January holidays, whose weekend days
    /// only the yearly decree moves (art. 112, part 2). The holidays are today's (since 2013) for every year.</summary>
    public static ProductionCalendar ByRule(int year)
    {
        var days = new Dictionary<DateOnly, ProductionDay>();
        foreach (var (month, day, id) in Holidays)
        {
            var date = new DateOnly(year, month, day);
            days[date] = new ProductionDay(date, ProductionDayKind.DayOff, Titles[id], null);
        }
        foreach (var holiday in days.Values.Where(d => d.Date.Month > 1 && IsWeekend(d.Date)).ToList())
        {
            var moved = holiday.Date.AddDays(1);
            while (IsWeekend(moved) || days.ContainsKey(moved)) moved = moved.AddDays(1);
            if (moved.Year == year) days[moved] = new ProductionDay(moved, ProductionDayKind.DayOff, holiday.Holiday, holiday.Date);
        }
        return new ProductionCalendar(year, days.Values.OrderBy(d => d.Date).ToList());
    }

    private static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static ProductionCalendar Load(int year)
    {
        var name = $"Voronka.Calendar.ru-{year}.xml";
        using var stream = typeof(ProductionCalendars).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The production calendar {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return ProductionCalendarXml.Parse(copy.ToArray());
    }
}
