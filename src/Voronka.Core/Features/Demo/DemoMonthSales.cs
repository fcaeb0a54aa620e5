using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Demo;

/// <summary>
/// The month so far in the demo: a head of sales who opens it expects this month's sales on the dashboard unless the
/// month has only just begun. The year's walk leaves the last few days to chance, so this tops the month up to its share
/// of the year's sales by closing as won the deals longest in negotiation, on the month's working days gone by.
/// </summary>
internal static class DemoMonthSales
{
    // The demo company works 09:00–18:00 Moscow time, 06:00–15:00 UTC.
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);
    private static readonly TimeSpan DayStarts = TimeSpan.FromHours(6);
    private static readonly TimeSpan DayEnds = TimeSpan.FromHours(15);

    public static void TopUp(DemoInputs input, DemoResult result, Stage lastOpen, Stage won, Random rnd, WorkCalendar calendar)
    {
        var today = DateOnly.FromDateTime(input.Now + Moscow);
        var first = new DateOnly(today.Year, today.Month, 1);
        var gone = Enumerable.Range(0, today.Day - 1).Select(first.AddDays).Where(calendar.IsWorkingDay).ToList();
        if (gone.Count == 0) return;
        var monthStart = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - Moscow;
        var yearWins = result.Deals.Count(d => d.StageId == won.Id);
        var yearDays = calendar.WorkingDays(today.AddDays(-365), today.AddDays(-1));
        var target = Math.Max(1, (int)Math.Round(yearWins * gone.Count / (double)Math.Max(1, yearDays)));
        var monthWins = result.Deals.Count(d => d.StageId == won.Id && d.ClosedAt >= monthStart);
        foreach (var deal in result.Deals.Where(d => d.StageId == lastOpen.Id).OrderBy(d => d.StageEnteredAt).ToList())
        {
            if (monthWins >= target) break;
            // A deal closes at least an hour after it entered negotiation, in the working hours of a day gone by.
            var earliest = deal.StageEnteredAt.AddHours(1);
            var days = gone.Where(d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + DayEnds > earliest).ToList();
            if (days.Count == 0) continue;
            var day = days[rnd.Next(days.Count)].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var from = day + DayStarts > earliest ? day + DayStarts : earliest;
            var at = from.AddMinutes(rnd.NextDouble() * (day + DayEnds - from).TotalMinutes);
            deal.EnterStage(won, deal.OwnerId, at);
            deal.UpdatedAt = at;
            result.Activities.RemoveAll(a => a.Deal == deal && a.OccurredAt > at);
            result.Tasks.RemoveAll(t => t.Deal == deal);
            monthWins++;
        }
    }
}
