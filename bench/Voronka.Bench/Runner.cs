using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Reports;

namespace Voronka.Bench;

/// <summary>Times each report through its service (EF Core, as the API and the screens call it) and the same figures
/// by hand-written SQL, alternating the two, and checks that both give the same numbers.</summary>
public static class Runner
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A report timed through its service and through hand-written SQL over the same tables; <see cref="Raw"/>,
    /// where the service reads kept figures, is the same hand-written SQL over the raw rows alone, timed for reference
    /// and compared too.</summary>
    private sealed record Case(string Name, Func<Task<object>> Service, Func<Task<object>> Hand, Func<object, object, List<string>> Compare, Func<Task<object>>? Raw = null);

    /// <summary>Compares every case's figures and, when <paramref name="runs"/> is above 0, times each that many
    /// times. Returns the differences found (none when the services and the hand-written SQL agree).</summary>
    public static async Task<List<string>> RunAsync(IDbContextFactory<VoronkaDbContext> factory, DatabaseProvider provider, string connection, int runs, string? output, string? only = null)
    {
        var now = DateTime.UtcNow;
        var clock = new FixedClock(now);
        await using var db = await factory.CreateDbContextAsync();
        var director = await db.Users.Where(u => u.Role == UserRole.Director).Select(u => u.Id).FirstAsync();
        var actor = new Actor(director, UserRole.Director, null);
        // A senior sees the funnel of the team, read from the rows of its deals.
        var senior = await db.Users.Where(u => u.Role == UserRole.Senior && u.TeamId != null).OrderBy(u => u.Id).Select(u => new { u.Id, u.TeamId }).FirstAsync();
        var team = await db.Users.Where(u => u.TeamId == senior.TeamId || u.Id == senior.Id).Select(u => u.Id).ToListAsync();
        var seniorActor = new Actor(senior.Id, UserRole.Senior, senior.TeamId);
        var zone = await OrgTime.ZoneAsync(db, default);
        var today = OrgTime.Today(now, zone);
        var pipeline = await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Position).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var counts = new
        {
            Deals = await db.Deals.CountAsync(),
            Changes = await db.DealStageChanges.LongCountAsync(),
            Activities = await db.Activities.LongCountAsync(),
            Open = await db.Deals.CountAsync(d => d.ClosedAt == null),
        };
        var version = provider == DatabaseProvider.Postgres
            ? await db.Database.SqlQueryRaw<string>("SELECT version() AS \"Value\"").FirstAsync()
            : "SQLite " + await db.Database.SqlQueryRaw<string>("SELECT sqlite_version() AS \"Value\"").FirstAsync();

        var activity = new ActivityReportService(factory);
        var dashboard = new DashboardService(factory, activity, new HotLeadsService(factory, clock), clock);
        var funnel = new FunnelService(factory);
        var hand = new HandSql(provider, connection);

        var year = Period.Containing(PeriodKind.Year, today);
        var quarter = Period.Containing(PeriodKind.Quarter, today);
        var month = Period.Containing(PeriodKind.Month, today);
        var week = Period.Containing(PeriodKind.Week, today);
        DateTime At(DateOnly day) => OrgTime.StartOfDayUtc(day, zone);
        var k = new DashboardClock(now, year.Start, quarter.Start, month.Start, month.End,
            At(year.Start), At(year.End.AddDays(1)), At(quarter.Start), At(quarter.End.AddDays(1)), At(month.Start), At(month.End.AddDays(1)),
            At(week.Start), At(week.End.AddDays(1)), At(today), At(today.AddDays(1)), today, week.Start, week.End, quarter.End, year.End, zone);
        // This month's funnel is the one looked at every day; the last twelve months the heaviest commonly asked for.
        var from = today.AddYears(-1).AddDays(1);

        var cases = new List<Case>
        {
            new("dashboard (director)", async () => Figures(await dashboard.GetAsync(actor)), async () => await hand.DashboardAsync(k, kept: true), CompareDashboard,
                async () => await hand.DashboardAsync(k, kept: false)),
            new("funnel, cohort, this month", async () => Figures(await funnel.FunnelAsync(actor, new FunnelQuery { From = month.Start, To = today, View = "cohort" })),
                async () => await hand.CohortAsync(pipeline, month.Start, today, At(month.Start), At(today.AddDays(1)), kept: true), CompareFunnel,
                async () => await hand.CohortAsync(pipeline, month.Start, today, At(month.Start), At(today.AddDays(1)), kept: false)),
            new("funnel, flow, this month", async () => Figures(await funnel.FunnelAsync(actor, new FunnelQuery { From = month.Start, To = today, View = "flow" })),
                async () => await hand.FlowAsync(pipeline, month.Start, today, At(month.Start), At(today.AddDays(1)), kept: true), CompareFunnel,
                async () => await hand.FlowAsync(pipeline, month.Start, today, At(month.Start), At(today.AddDays(1)), kept: false)),
            new("funnel, cohort, 12 months", async () => Figures(await funnel.FunnelAsync(actor, new FunnelQuery { From = from, To = today, View = "cohort" })),
                async () => await hand.CohortAsync(pipeline, from, today, At(from), At(today.AddDays(1)), kept: true), CompareFunnel,
                async () => await hand.CohortAsync(pipeline, from, today, At(from), At(today.AddDays(1)), kept: false)),
            new("funnel, flow, 12 months", async () => Figures(await funnel.FunnelAsync(actor, new FunnelQuery { From = from, To = today, View = "flow" })),
                async () => await hand.FlowAsync(pipeline, from, today, At(from), At(today.AddDays(1)), kept: true), CompareFunnel,
                async () => await hand.FlowAsync(pipeline, from, today, At(from), At(today.AddDays(1)), kept: false)),
            new("funnel, cohort, 12 months, a senior's team", async () => Figures(await funnel.FunnelAsync(seniorActor, new FunnelQuery { From = from, To = today, View = "cohort" })),
                async () => await hand.CohortAsync(pipeline, from, today, At(from), At(today.AddDays(1)), kept: false, team), CompareFunnel),
            new("funnel, flow, 12 months, a senior's team", async () => Figures(await funnel.FunnelAsync(seniorActor, new FunnelQuery { From = from, To = today, View = "flow" })),
                async () => await hand.FlowAsync(pipeline, from, today, At(from), At(today.AddDays(1)), kept: false, team), CompareFunnel),
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{provider}: {version}");
        report.AppendLine(CultureInfo.InvariantCulture, $"{counts.Deals:N0} deals ({counts.Open:N0} open), {counts.Changes:N0} stage changes, {counts.Activities:N0} activities; {Environment.ProcessorCount} cores; median of {runs} runs after one warm-up");
        report.AppendLine();
        report.AppendLine("| report | service (EF Core), ms | hand-written SQL, ms | ratio | same figures | hand-written SQL over the raw rows, ms |");
        report.AppendLine("|---|---:|---:|---:|---|---:|");
        var all = new List<string>();
        // --only: the cases whose name contains the text, to look at one report.
        foreach (var c in cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            var s = await c.Service();
            var h = await c.Hand();
            var differences = c.Compare(s, h);
            if (c.Raw is not null) differences.AddRange(c.Compare(s, await c.Raw()).Select(d => $"raw rows: {d}"));
            all.AddRange(differences.Select(d => $"{c.Name}: {d}"));
            foreach (var d in differences.Take(20)) Console.Error.WriteLine($"  {c.Name}: {d}");
            if (runs == 0) continue;
            var serviceTimes = new List<double>();
            var handTimes = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                serviceTimes.Add(await TimeAsync(c.Service));
                handTimes.Add(await TimeAsync(c.Hand));
            }
            var rawTimes = new List<double>();
            if (c.Raw is not null) for (var i = 0; i < runs; i++) rawTimes.Add(await TimeAsync(c.Raw));
            var (sm, hm) = (Median(serviceTimes), Median(handTimes));
            var raw = rawTimes.Count == 0 ? "—" : Median(rawTimes).ToString("F0", CultureInfo.InvariantCulture);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} | {sm:F0} | {hm:F0} | {sm / hm:F2} | {(differences.Count == 0 ? "yes" : $"no ({differences.Count})")} | {raw} |");
            Console.WriteLine($"{c.Name}: service {sm:F0} ms, hand SQL {hm:F0} ms, ratio {sm / hm:F2}");
        }
        if (runs == 0) return all;
        Console.WriteLine();
        Console.WriteLine(report);
        if (output is not null) await File.AppendAllTextAsync(output, report + Environment.NewLine);
        return all;
    }

    private static async Task<double> TimeAsync(Func<Task<object>> run)
    {
        var sw = Stopwatch.StartNew();
        await run();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static FunnelFigures Figures(FunnelReport r) => new(r.Deals, Money.ToMinor(r.Amount),
        r.Stages.Select(s => new StageFigures(s.StageId, s.Deals, Money.ToMinor(s.Amount), s.Lost, Money.ToMinor(s.LostAmount), s.Stays, s.AverageDays, s.MedianDays)).ToList(),
        (r.Won.Deals, Money.ToMinor(r.Won.Amount)), (r.Lost.Deals, Money.ToMinor(r.Lost.Amount)), (r.Open.Deals, Money.ToMinor(r.Open.Amount)));

    private static DashboardFigures Figures(DashboardResponse r) => new(
        r.Goals.Select(g => (g.Kind.ToString(), Money.ToMinor(g.Achieved), g.WonDeals, g.Target is decimal t ? Money.ToMinor(t) : (long?)null)).ToList(),
        (r.Funnel.Deals, Money.ToMinor(r.Funnel.Amount), Money.ToMinor(r.Funnel.Weighted)),
        r.Sales.Where(s => s.WonDeals > 0).Select(s => (s.UserId, s.WonDeals, Money.ToMinor(s.Revenue))).OrderBy(s => s.UserId).ToList(),
        r.Activity.Select(w => new WindowFigures(w.Window, w.Done.Calls, w.Done.TalkMinutes, w.Done.Meetings, w.Done.Proposals, w.Done.Presales, w.Done.NewDeals)).ToList(),
        r.HotLeads.Select(h => (h.DealId, h.Score)).ToList(),
        (r.Attention.OverdueTasks, r.Attention.DealsWithoutNextTask, r.Attention.RottingDeals));

    private static List<string> CompareFunnel(object service, object hand)
    {
        var (s, h) = ((FunnelFigures)service, (FunnelFigures)hand);
        var d = new List<string>();
        void Same<T>(string what, T a, T b) { if (!EqualityComparer<T>.Default.Equals(a, b)) d.Add($"{what}: service {a}, SQL {b}"); }
        void Near(string what, decimal? a, decimal? b) { if (a is null != b is null || Math.Abs((a ?? 0) - (b ?? 0)) > 0.011m) d.Add($"{what}: service {a}, SQL {b}"); }
        Same("deals", s.Deals, h.Deals);
        Same("amount", s.Amount, h.Amount);
        Same("won", s.Won, h.Won);
        Same("lost", s.Lost, h.Lost);
        Same("open", s.Open, h.Open);
        Same("stages", s.Stages.Count, h.Stages.Count);
        foreach (var (a, b) in s.Stages.Zip(h.Stages))
        {
            Same($"stage {a.StageId} id", a.StageId, b.StageId);
            Same($"stage {a.StageId} deals", a.Deals, b.Deals);
            Same($"stage {a.StageId} amount", a.Amount, b.Amount);
            Same($"stage {a.StageId} lost", a.Lost, b.Lost);
            Same($"stage {a.StageId} lost amount", a.LostAmount, b.LostAmount);
            Same($"stage {a.StageId} stays", a.Stays, b.Stays);
            Near($"stage {a.StageId} average days", a.AverageDays, b.AverageDays);
            Near($"stage {a.StageId} median days", a.MedianDays, b.MedianDays);
        }
        return d;
    }

    private static List<string> CompareDashboard(object service, object hand)
    {
        var (s, h) = ((DashboardFigures)service, (DashboardFigures)hand);
        var d = new List<string>();
        void Same<T>(string what, T a, T b) { if (!EqualityComparer<T>.Default.Equals(a, b)) d.Add($"{what}: service {a}, SQL {b}"); }
        Same("goals", string.Join("; ", s.Goals), string.Join("; ", h.Goals));
        Same("funnel now", s.Funnel, h.Funnel);
        Same("sales", string.Join("; ", s.Sales), string.Join("; ", h.Sales));
        Same("activity", string.Join("; ", s.Activity), string.Join("; ", h.Activity));
        Same("hot leads", string.Join("; ", s.HotLeads.Select(x => x.DealId)), string.Join("; ", h.HotLeads.Select(x => x.DealId)));
        foreach (var (a, b) in s.HotLeads.Zip(h.HotLeads))
            if (Math.Abs(a.Score - b.Score) > 0.11m) d.Add($"hot lead {a.DealId} score: service {a.Score}, SQL {b.Score}");
        Same("attention", s.Attention, h.Attention);
        return d;
    }
}
