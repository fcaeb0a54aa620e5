using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

public sealed record ActivityReportQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>day, week or month.</summary>
    public string? By { get; init; }
    public int? TeamId { get; init; }
    public int? UserId { get; init; }
}

/// <summary>What a person did in one bucket (or in total, or as planned).</summary>
public sealed record ActivityCounts(int Calls, decimal TalkMinutes, int Meetings, int Proposals, int Presales, int NewDeals);

public sealed record ActivityBucket(DateOnly Start, DateOnly End, ActivityCounts Counts);

/// <summary>One person's activity. <see cref="Plan"/> is the person's plans for the months the period touches,
/// prorated by working days when the period covers part of a month; null where no plan is set.</summary>
public sealed record ActivityRow(int UserId, string Name, string? Team, IReadOnlyList<ActivityBucket> Buckets, ActivityCounts Total, ActivityPlan? Plan);

public sealed record ActivityPlan(decimal? Calls, decimal? Meetings, decimal? Proposals, decimal? Presales, decimal? NewDeals);

public sealed record ActivityReport(DateOnly From, DateOnly To, string By, IReadOnlyList<DateOnly> Buckets, IReadOnlyList<ActivityRow> Rows, ActivityCounts Total);

/// <summary>Calls (count and talk time), meetings, proposals, presales and new deals per person per day, week or month,
/// read from the kept daily figures and counted bucket by bucket (the organisation's days), against the plan where one exists.</summary>
public sealed class ActivityReportService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    public async Task<ActivityReport> ReportAsync(Actor actor, ActivityReportQuery q, CancellationToken ct = default) =>
        (await ReportsAsync(actor, [q], ct))[0];

    /// <summary>Several reports for the same people (the dashboard's today, week and month), read together: the
    /// people, their plans and the calendar once for all of them. The people are those the first query names (its team
    /// or person, or everyone the actor sees); the others give their periods only.</summary>
    public async Task<IReadOnlyList<ActivityReport>> ReportsAsync(Actor actor, IReadOnlyList<ActivityReportQuery> queries,
        CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        var shapes = queries.Select(Shape).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var visible = await KpiService.VisibleSellersAsync(db, actor, ct);
        var people = db.Users.Where(u => visible.Contains(u.Id));
        if (queries[0].TeamId is int team) people = people.Where(u => u.TeamId == team);
        if (queries[0].UserId is int one) people = people.Where(u => u.Id == one);
        var users = await people.OrderBy(u => u.TeamId).ThenBy(u => u.FullName)
            .Select(u => new Person(u.Id, u.FullName, db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault()))
            .ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToArray();

        // Plans of the months the periods touch, and the working days of those months.
        var months = new SortedDictionary<DateOnly, Period>();
        foreach (var m in shapes.SelectMany(shape => MonthsOf(shape.From, shape.To))) months[m.Start] = m;
        var starts = months.Keys.ToArray();
        var plans = await db.KpiPlans.Where(p => ids.Contains(p.UserId) && starts.Contains(p.PeriodStart)).ToListAsync(ct);
        plans = plans.Where(p => months.TryGetValue(p.PeriodStart, out var m) && m.End == p.PeriodEnd).ToList();
        var (calendar, _) = await CalendarService.LoadAsync(db, months.First().Key, months.Last().Value.End, ct);

        var reports = new List<ActivityReport>();
        foreach (var shape in shapes)
        {
            var cells = await CountAsync(db, ids, zone, shape, ct);
            reports.Add(Report(shape, users, cells, plans, calendar));
        }
        return reports;
    }

    private static IEnumerable<Period> MonthsOf(DateOnly from, DateOnly to)
    {
        for (var m = Period.Containing(PeriodKind.Month, from); m.Start <= to; m = Period.Containing(PeriodKind.Month, m.End.AddDays(1)))
            yield return m;
    }

    private sealed record Person(int Id, string FullName, string? Team);

    private sealed record ReportShape(DateOnly From, DateOnly To, string By, List<(DateOnly Start, DateOnly End)> Buckets)
    {
        public PeriodKind? Kind => By switch { "day" => null, "week" => PeriodKind.Week, _ => PeriodKind.Month };
    }

    private static ReportShape Shape(ActivityReportQuery q)
    {
        var by = (q.By ?? "day").Trim().ToLowerInvariant();
        if (by is not ("day" or "week" or "month")) throw ValidationFailedException.For("by", "must be day, week or month.");
        var (from, to) = CalendarService.CheckRange(q.From, q.To);
        var shape = new ReportShape(from, to, by, []);
        for (var d = from; d <= to;)
        {
            var end = shape.Kind is PeriodKind k ? Period.Containing(k, d).End : d;
            if (end > to) end = to;
            shape.Buckets.Add((d, end));
            d = end.AddDays(1);
        }
        if (shape.Buckets.Count > 100)
            throw ValidationFailedException.For("to", "at most 100 buckets: choose a shorter period or a longer bucket.");
        return shape;
    }

    /// <summary>Each person's counts per bucket: activities from the kept daily figures (a row per person, type and
    /// day), summed per bucket in the database when a bucket is longer than a day; new deals from the deals.</summary>
    private static async Task<Dictionary<(int User, int Bucket), ActivityCounts>> CountAsync(VoronkaDbContext db, int[] ids,
        TimeZoneInfo zone, ReportShape shape, CancellationToken ct)
    {
        var (from, to, buckets) = (shape.From, shape.To, shape.Buckets);
        ActivityType[] types = [ActivityType.Call, ActivityType.Meeting, ActivityType.Proposal, ActivityType.Presale];
        var sums = new Dictionary<(int User, int Bucket, ActivityType Type), (int Count, long Seconds)>();
        var cellsOf = db.ActivityDays.Where(c => ids.Contains(c.UserId) && types.Contains(c.Type));
        if (shape.Kind is null)
        {
            var index = buckets.Select((b, i) => (b.Start, i)).ToDictionary(x => x.Start, x => x.i);
            foreach (var c in await cellsOf.Where(c => c.Day >= from && c.Day <= to)
                .Select(c => new { c.Day, c.UserId, c.Type, c.Count, c.Seconds }).ToListAsync(ct))
                sums[(c.UserId, index[c.Day], c.Type)] = (c.Count, c.Seconds);
        }
        else
            for (var b = 0; b < buckets.Count; b++)
            {
                var (first, last) = buckets[b];
                foreach (var c in await cellsOf.Where(c => c.Day >= first && c.Day <= last).GroupBy(c => new { c.UserId, c.Type })
                    .Select(g => new { g.Key.UserId, g.Key.Type, Count = g.Sum(c => c.Count), Seconds = g.Sum(c => c.Seconds) })
                    .ToListAsync(ct))
                    sums[(c.UserId, b, c.Type)] = (c.Count, c.Seconds);
            }
        var cells = new Dictionary<(int User, int Bucket), ActivityCounts>();
        for (var b = 0; b < buckets.Count; b++)
        {
            var (s, e) = OrgTime.Range(buckets[b].Start, buckets[b].End, zone);
            var created = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.CreatedAt >= s && d.CreatedAt < e)
                .GroupBy(d => d.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            foreach (var u in ids)
            {
                int C(ActivityType t) => sums.GetValueOrDefault((u, b, t)).Count;
                var minutes = decimal.Round(sums.GetValueOrDefault((u, b, ActivityType.Call)).Seconds / 60m, 1);
                cells[(u, b)] = new ActivityCounts(C(ActivityType.Call), minutes, C(ActivityType.Meeting), C(ActivityType.Proposal),
                    C(ActivityType.Presale), created.GetValueOrDefault(u));
            }
        }
        return cells;
    }

    /// <summary>The report's rows, each with the person's plans for the months the period touches, prorated by the
    /// working days of the month inside the period.</summary>
    private static ActivityReport Report(ReportShape shape, List<Person> users, Dictionary<(int User, int Bucket), ActivityCounts> cells,
        List<KpiPlan> plans, WorkCalendar calendar)
    {
        var (from, to, buckets) = (shape.From, shape.To, shape.Buckets);
        var monthList = MonthsOf(from, to).ToList();
        decimal? PlanOf(int user, KpiCode code)
        {
            decimal? total = null;
            foreach (var m in monthList)
            {
                var plan = plans.FirstOrDefault(p => p.UserId == user && p.Code == code && p.PeriodStart == m.Start);
                if (plan is null) continue;
                var all = calendar.WorkingDays(m.Start, m.End);
                var inside = calendar.WorkingDays(m.Start > from ? m.Start : from, m.End < to ? m.End : to);
                total = (total ?? 0) + (all == 0 ? 0 : plan.Value * inside / all);
            }
            return total is decimal t ? decimal.Round(t, 1, MidpointRounding.AwayFromZero) : null;
        }

        static ActivityCounts Sum(IEnumerable<ActivityCounts> xs)
        {
            var l = xs.ToList();
            return new ActivityCounts(l.Sum(x => x.Calls), l.Sum(x => x.TalkMinutes), l.Sum(x => x.Meetings), l.Sum(x => x.Proposals),
                l.Sum(x => x.Presales), l.Sum(x => x.NewDeals));
        }
        var rows = users.Select(u =>
        {
            var list = buckets.Select((b, i) => new ActivityBucket(b.Start, b.End, cells[(u.Id, i)])).ToList();
            var plan = new ActivityPlan(PlanOf(u.Id, KpiCode.Calls), PlanOf(u.Id, KpiCode.Meetings), PlanOf(u.Id, KpiCode.Proposals),
                PlanOf(u.Id, KpiCode.Presales), PlanOf(u.Id, KpiCode.NewDeals));
            var any = plan.Calls is not null || plan.Meetings is not null || plan.Proposals is not null || plan.Presales is not null
                || plan.NewDeals is not null;
            return new ActivityRow(u.Id, u.FullName, u.Team, list, Sum(list.Select(x => x.Counts)), any ? plan : null);
        }).ToList();
        return new ActivityReport(from, to, shape.By, buckets.Select(b => b.Start).ToList(), rows, Sum(rows.Select(r => r.Total)));
    }
}
