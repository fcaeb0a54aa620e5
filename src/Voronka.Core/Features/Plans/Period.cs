namespace Voronka.Core.Features.Plans;

public enum PeriodKind
{
    Year,
    Quarter,
    Month,
    Week,
}

/// <summary>A calendar period of the organisation: a year, a quarter, a month or a week (Monday to Sunday), both ends included.</summary>
public readonly record struct Period(PeriodKind Kind, DateOnly Start, DateOnly End)
{
    /// <summary>The period of <paramref name="kind"/> that contains <paramref name="day"/>.</summary>
    public static Period Containing(PeriodKind kind, DateOnly day) => kind switch
    {
        PeriodKind.Year => Of(kind, new DateOnly(day.Year, 1, 1)),
        PeriodKind.Quarter => Of(kind, new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1)),
        PeriodKind.Month => Of(kind, new DateOnly(day.Year, day.Month, 1)),
        _ => Of(kind, day.AddDays(-(((int)day.DayOfWeek + 6) % 7))),
    };

    /// <summary>The period that starts on <paramref name="start"/>; null when no period of that kind starts on that day.</summary>
    public static Period? TryOf(PeriodKind kind, DateOnly start) =>
        Containing(kind, start) is var p && p.Start == start ? p : null;

    private static Period Of(PeriodKind kind, DateOnly start) => new(kind, start, kind switch
    {
        PeriodKind.Year => start.AddYears(1).AddDays(-1),
        PeriodKind.Quarter => start.AddMonths(3).AddDays(-1),
        PeriodKind.Month => start.AddMonths(1).AddDays(-1),
        _ => start.AddDays(6),
    });

    /// <summary>The periods of <paramref name="kind"/> this one is made of (months of a year, say).</summary>
    public IReadOnlyList<Period> Parts(PeriodKind kind)
    {
        var list = new List<Period>();
        for (var p = Containing(kind, Start); p.Start <= End; p = Containing(kind, p.End.AddDays(1))) list.Add(p);
        return list;
    }

    /// <summary>The period of the same kind that comes before.</summary>
    public Period Previous => Containing(Kind, Start.AddDays(-1));

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= Start && day <= End;
}
