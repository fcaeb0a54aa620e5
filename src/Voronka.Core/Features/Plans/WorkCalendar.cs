namespace Voronka.Core.Features.Plans;

/// <summary>The organisation's working days: weekdays minus holidays, plus working weekend days where the state moves
/// a day off (as Russia does). A person's absences are taken off on top.</summary>
public sealed class WorkCalendar(IEnumerable<DateOnly>? holidays = null, IEnumerable<DateOnly>? workingWeekendDays = null)
{
    private readonly HashSet<DateOnly> _holidays = [.. holidays ?? []];
    private readonly HashSet<DateOnly> _workingWeekendDays = [.. workingWeekendDays ?? []];

    public bool IsWorkingDay(DateOnly day) =>
        _workingWeekendDays.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>Working days in [from, to], both included, that are not in <paramref name="absences"/>.</summary>
    public int WorkingDays(DateOnly from, DateOnly to, IEnumerable<DateOnly>? absences = null)
    {
        if (to < from) return 0;
        var away = absences is null ? [] : absences.ToHashSet();
        var count = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
            if (IsWorkingDay(d) && !away.Contains(d)) count++;
        return count;
    }
}
