using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Leads;

/// <summary>
/// A person's working time, with no I/O: the organisation's working days (<see cref="WorkCalendar"/>) between their
/// hours, in the organisation's time zone, minus days they are away. An accept timer counts only these minutes: a
/// lead given on Friday at 17:50 with 15 minutes to take it is due on Monday at 9:05.
/// </summary>
public sealed class WorkingClock(WorkCalendar calendar, TimeZoneInfo zone, TimeOnly from, TimeOnly to, IReadOnlySet<DateOnly>? away = null)
{
    /// <summary>How far ahead a deadline is looked for; past it the person has no working time at all.</summary>
    private const int Horizon = 400;

    /// <summary>The length of one working day in minutes: "due in two working days" is twice this many working minutes.</summary>
    public int DayMinutes => (int)(to - from).TotalMinutes;

    /// <summary>The moment (UTC) when <paramref name="minutes"/> working minutes have passed after
    /// <paramref name="start"/> (UTC); outside working time the count waits for the next working minute.</summary>
    public DateTime AddMinutes(DateTime start, int minutes)
    {
        var left = TimeSpan.FromMinutes(minutes);
        foreach (var (open, close) in Windows(start))
        {
            var begin = open > start ? open : start;
            if (begin >= close) continue;
            if (close - begin >= left) return begin + left;
            left -= close - begin;
        }
        return start.AddDays(Horizon);
    }

    /// <summary>Working minutes between two moments (UTC): how long a lead waited in working time.</summary>
    public double MinutesBetween(DateTime a, DateTime b)
    {
        if (b <= a) return 0;
        var total = TimeSpan.Zero;
        foreach (var (open, close) in Windows(a))
        {
            if (open >= b) break;
            var begin = open > a ? open : a;
            var end = close < b ? close : b;
            if (end > begin) total += end - begin;
        }
        return total.TotalMinutes;
    }

    /// <summary>The working windows (UTC) from the day of <paramref name="start"/> on.</summary>
    private IEnumerable<(DateTime Open, DateTime Close)> Windows(DateTime start)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, zone));
        for (var i = 0; i < Horizon; i++, day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day) || away?.Contains(day) == true) continue;
            yield return (TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(from), zone),
                TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(to), zone));
        }
    }
}
