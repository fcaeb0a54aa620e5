using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Infrastructure.Http;

namespace Voronka.Tests.Features.Reports;

/// <summary>The funnel report against a hand computation from the deals and stage histories the API lists.</summary>
public class FunnelDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");


    private sealed record Raw(DealResponse Deal, List<StageChangeResponse> History);

    private static async Task<List<Raw>> WithHistory(HttpClient c, IEnumerable<DealResponse> deals)
    {
        var list = new List<Raw>();
        foreach (var d in deals)
            list.Add(new Raw(d, (await c.GetAsync($"/api/v1/deals/{d.Id}/history").Expect<DealHistoryResponse>()).Stages.OrderBy(h => h.ChangedAt).ThenBy(h => h.Id).ToList()));
        return list;
    }

    private static decimal? Median(List<double> xs)
    {
        if (xs.Count == 0) return null;
        var s = xs.Order().ToList();
        var m = s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
        return (decimal)(m / 86400);
    }

    private async Task<(HttpClient Director, PipelineResponse Pipeline, List<UserResponse> Users)> SetupAsync()
    {
        var director = await app.Demo("director");
        var pipeline = (await director.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault);
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        return (director, pipeline, users);
    }

    [Theory]
    [InlineData("manager4", null)]
    [InlineData(null, "Бриз")]
    public async Task The_cohort_funnel_matches_the_deals_and_their_history(string? owner, string? product)
    {
        var (director, pipeline, users) = await SetupAsync();
        var today = app.Today;
        // A seasonal product's deals open in March–July: its window takes in the whole past season, whatever the day.
        var (from, to) = (product is null ? today.AddMonths(-8) : today.AddYears(-1).AddDays(1), today.AddMonths(-1));
        var filter = "";
        if (owner is not null) filter += $"&ownerId={users.Single(u => u.Login == owner).Id}";
        if (product is not null)
        {
            var products = await director.GetAsync("/api/v1/products?pageSize=100").Expect<Page<Voronka.Core.Features.Products.ProductResponse>>();
            filter += $"&productId={products.Items.Single(p => p.Name.Contains(product)).Id}";
        }
        await AssertCohortAsync(director, pipeline, from, to, filter);
    }

    [Theory]
    [InlineData("cohort", null)]
    [InlineData("flow", null)]
    [InlineData("cohort", "manager4")]
    [InlineData("flow", "manager4")]
    public async Task Every_stage_of_the_funnel_opens_the_deals_it_counts(string view, string? owner)
    {
        var (director, _, users) = await SetupAsync();
        var today = app.Today;
        var cut = owner is null ? "" : $"&ownerId={users.Single(u => u.Login == owner).Id}";
        var report = await director.GetAsync($"/api/v1/reports/funnel?view={view}&from={today.AddMonths(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}{cut}")
            .Expect<FunnelReport>();
        Assert.Contains(report.Stages, s => s.Deals > 0);
        foreach (var stage in report.Stages)
        {
            Assert.StartsWith("/api/v1/deals?", stage.ListUrl);
            var deals = await All<DealResponse>(director, stage.ListUrl);
            Assert.Equal(stage.Deals, deals.Count);
            Assert.Equal(stage.Amount, deals.Sum(d => d.Amount));
            if (owner is not null) Assert.All(deals, d => Assert.Equal(users.Single(u => u.Login == owner).Id, d.OwnerId));
        }
    }

    [Fact]
    public async Task The_whole_companys_cohort_funnel_read_from_the_kept_days_matches_the_deals_and_their_history()
    {
        var (director, pipeline, _) = await SetupAsync();
        var today = app.Today;
        // A month that ended, and one still going (its deals still moving).
        await AssertCohortAsync(director, pipeline, today.AddMonths(-3), today.AddMonths(-2).AddDays(-1), "");
        await AssertCohortAsync(director, pipeline, today.AddDays(-20), today, "");
    }

    private static async Task AssertCohortAsync(HttpClient director, PipelineResponse pipeline, DateOnly from, DateOnly to, string filter)
    {
        var report = await director.GetAsync($"/api/v1/reports/funnel?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}{filter}").Expect<FunnelReport>();
        var raw = await WithHistory(director, await All<DealResponse>(director, $"/api/v1/deals?createdFrom={from:yyyy-MM-dd}&createdTo={to:yyyy-MM-dd}&pipelineId={pipeline.Id}{filter}"));
        Assert.True(raw.Count > 20, $"only {raw.Count} deals");
        Assert.Equal(raw.Count, report.Deals);
        Assert.Equal(raw.Sum(r => r.Deal.Amount), report.Amount);

        var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        var byId = pipeline.Stages.ToDictionary(s => s.Id);
        int? MaxOpen(Raw r) => r.History.Where(h => byId[h.ToStageId].Kind == StageKind.Open).Select(h => (int?)byId[h.ToStageId].Position).Max();
        var won = raw.Where(r => r.Deal.StageKind == StageKind.Won).ToList();
        Assert.Equal(won.Count, report.Won.Deals);
        Assert.Equal(won.Sum(r => r.Deal.Amount), report.Won.Amount);
        Assert.Equal(raw.Count(r => r.Deal.StageKind == StageKind.Lost), report.Lost.Deals);
        for (var i = 0; i < open.Count; i++)
        {
            var row = report.Stages[i];
            Assert.Equal(open[i].Id, row.StageId);
            var reached = raw.Where(r => r.Deal.StageKind == StageKind.Won || MaxOpen(r) >= open[i].Position).ToList();
            Assert.Equal(reached.Count, row.Deals);
            Assert.Equal(reached.Sum(r => r.Deal.Amount), row.Amount);
            var next = i + 1 < open.Count ? raw.Count(r => r.Deal.StageKind == StageKind.Won || MaxOpen(r) >= open[i + 1].Position) : won.Count;
            Assert.Equal(reached.Count == 0 ? null : decimal.Round(next / (decimal)reached.Count, 4, MidpointRounding.AwayFromZero), row.ToNext);
            Assert.Equal(reached.Count == 0 ? null : decimal.Round(won.Count / (decimal)reached.Count, 4, MidpointRounding.AwayFromZero), row.ToWon);
            var lostHere = raw.Where(r => r.Deal.StageKind == StageKind.Lost && MaxOpen(r) == open[i].Position).ToList();
            Assert.Equal(lostHere.Count, row.Lost);
            Assert.Equal(lostHere.Sum(r => r.Deal.Amount), row.LostAmount);
            var reasons = lostHere.GroupBy(r => r.Deal.LossReason ?? "").ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(reasons.OrderBy(x => x.Key), row.LossReasons.ToDictionary(r => r.Reason, r => r.Deals).OrderBy(x => x.Key));
            // Time in stage: each stay that ended, from the entry into the stage to the move out of it.
            var stays = raw.SelectMany(r => r.History.Skip(1).Select((h, j) => (h, prev: r.History[j])))
                .Where(x => x.h.FromStageId == open[i].Id).Select(x => Math.Floor((x.h.ChangedAt - x.prev.ChangedAt).TotalSeconds)).ToList();
            Assert.Equal(stays.Count, row.Stays);
            if (stays.Count > 0)
            {
                Assert.InRange(row.AverageDays!.Value, (decimal)(stays.Average() / 86400) - 0.01m, (decimal)(stays.Average() / 86400) + 0.01m);
                Assert.InRange(row.MedianDays!.Value, Median(stays)!.Value - 0.01m, Median(stays)!.Value + 0.01m);
            }
        }
    }

    [Fact]
    public async Task The_flow_funnel_counts_entries_and_losses_during_the_period()
    {
        var (director, pipeline, users) = await SetupAsync();
        var today = app.Today;
        var owner = users.Single(u => u.Login == "manager9").Id;
        await AssertFlowAsync(director, pipeline, today.AddMonths(-2), today, $"&ownerId={owner}");
    }

    [Fact]
    public async Task The_whole_companys_flow_funnel_read_from_the_kept_days_matches_the_moves()
    {
        var (director, pipeline, _) = await SetupAsync();
        var today = app.Today;
        await AssertFlowAsync(director, pipeline, today.AddDays(-13), today, "");
        await AssertFlowAsync(director, pipeline, today.AddDays(-40), today.AddDays(-25), "");
    }

    /// <summary>The two sources of each view — the cells kept per day and the rows of the deals — give the same report
    /// for the whole company, row for row, medians included, over periods short and long, ended and still going.</summary>
    [Theory]
    [InlineData("cohort")]
    [InlineData("flow")]
    public async Task The_kept_cells_and_the_rows_read_the_same_funnel(string view)
    {
        var (_, _, users) = await SetupAsync();
        var director = users.Single(u => u.Login == "director").Id;
        var funnel = app.Services.GetRequiredService<FunnelService>();
        var actor = new Actor(director, UserRole.Director, null);
        var today = app.Today;
        (DateOnly, DateOnly)[] periods =
            [(today, today), (today.AddDays(-6), today), (today.AddMonths(-1), today), (today.AddMonths(-3), today.AddMonths(-2)),
             (today.AddYears(-1), today)];
        var compared = 0;
        foreach (var (from, to) in periods)
        {
            var q = new FunnelQuery { View = view, From = from, To = to };
            var kept = await funnel.FunnelAsync(actor, q, FunnelSource.Kept);
            var rows = await funnel.FunnelAsync(actor, q, FunnelSource.Rows);
            Assert.Equal(JsonSerializer.Serialize(rows), JsonSerializer.Serialize(kept));
            compared += kept.Stages.Sum(s => s.Deals);
        }
        Assert.True(compared > 100, $"the periods hold {compared} deals");
    }

    /// <summary>The flow funnel against the moves of the period in the deals' histories: entries once per deal and stage,
    /// the deals touched, amounts, losses by the stage left and reason, and time in stage of the stays that ended.</summary>
    private static async Task AssertFlowAsync(HttpClient director, PipelineResponse pipeline, DateOnly from, DateOnly to, string filter)
    {
        var report = await director.GetAsync($"/api/v1/reports/funnel?view=flow&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}{filter}").Expect<FunnelReport>();
        var start = OrgTime.StartOfDayUtc(from, Moscow);
        var end = OrgTime.StartOfDayUtc(to.AddDays(1), Moscow);
        // A deal moved in the period entered its current stage at or after that move.
        var listed = await All<DealResponse>(director, $"/api/v1/deals?pipelineId={pipeline.Id}&createdTo={to:yyyy-MM-dd}{filter}");
        var raw = await WithHistory(director, listed.Where(d => d.StageEnteredAt >= start));
        var moves = raw.SelectMany(r => r.History.Select((h, i) => (r.Deal, h, prev: i > 0 ? r.History[i - 1] : null)))
            .Where(x => x.h.ChangedAt >= start && x.h.ChangedAt < end).ToList();
        Assert.True(moves.Count > 20, $"only {moves.Count} moves");
        var byId = pipeline.Stages.ToDictionary(s => s.Id);
        var touched = moves.Select(m => m.Deal).DistinctBy(d => d.Id).ToList();
        Assert.Equal(touched.Count, report.Deals);
        Assert.Equal(touched.Sum(d => d.Amount), report.Amount);
        foreach (var row in report.Stages)
        {
            var entered = moves.Where(m => m.h.ToStageId == row.StageId).Select(m => m.Deal).DistinctBy(d => d.Id).ToList();
            Assert.Equal(entered.Count, row.Deals);
            Assert.Equal(entered.Sum(d => d.Amount), row.Amount);
            var stays = moves.Where(m => m.h.FromStageId == row.StageId && m.prev is not null)
                .Select(m => Math.Floor((m.h.ChangedAt - m.prev!.ChangedAt).TotalSeconds)).ToList();
            Assert.Equal(stays.Count, row.Stays);
            if (stays.Count > 0)
            {
                Assert.InRange(row.AverageDays!.Value, (decimal)(stays.Average() / 86400) - 0.01m, (decimal)(stays.Average() / 86400) + 0.01m);
                Assert.InRange(row.MedianDays!.Value, Median(stays)!.Value - 0.01m, Median(stays)!.Value + 0.01m);
            }
        }
        var won = moves.Where(m => byId[m.h.ToStageId].Kind == StageKind.Won).Select(m => m.Deal).DistinctBy(d => d.Id).ToList();
        Assert.Equal(won.Count, report.Won.Deals);
        Assert.Equal(won.Sum(d => d.Amount), report.Won.Amount);
        var lostMoves = moves.Where(m => byId[m.h.ToStageId].Kind == StageKind.Lost).ToList();
        foreach (var row in report.Stages)
        {
            var here = lostMoves.Where(m => m.h.FromStageId == row.StageId).ToList();
            Assert.Equal(here.Count, row.Lost);
            Assert.Equal(here.Sum(m => m.Deal.Amount), row.LostAmount);
            Assert.Equal(here.GroupBy(m => m.Deal.LossReason ?? "").ToDictionary(g => g.Key, g => g.Count()).OrderBy(x => x.Key),
                row.LossReasons.ToDictionary(r => r.Reason, r => r.Deals).OrderBy(x => x.Key));
        }
        Assert.Equal(lostMoves.Count, report.Stages.Sum(s => s.Lost));
    }

    [Fact]
    public async Task Access_and_bad_input()
    {
        var manager = await app.Demo("manager1");
        var (director, _, users) = await SetupAsync();
        var today = app.Today;
        var range = $"from={today.AddMonths(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        var own = await manager.GetAsync($"/api/v1/reports/funnel?{range}").Expect<FunnelReport>();
        var asDirector = await director.GetAsync($"/api/v1/reports/funnel?{range}&ownerId={users.Single(u => u.Login == "manager1").Id}").Expect<FunnelReport>();
        // A manager's funnel is the own one, whatever is asked.
        Assert.Equal(asDirector.Deals, own.Deals);
        var other = await manager.GetAsync($"/api/v1/reports/funnel?{range}&ownerId={users.Single(u => u.Login == "manager7").Id}").Expect<FunnelReport>();
        Assert.Equal(0, other.Deals);
        await (await app.Demo("assistant")).GetAsync($"/api/v1/reports/funnel?{range}").Problem(HttpStatusCode.Forbidden);
        var bad = await director.GetAsync($"/api/v1/reports/funnel?{range}&view=pie").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("view", bad.ErrorFields());
        bad = await director.GetAsync("/api/v1/reports/funnel?from=2026-05-01").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("to", bad.ErrorFields());
    }

    [Fact]
    public async Task The_bottleneck_finder_names_the_planted_weak_stage_and_slow_qualifier_and_nothing_else()
    {
        var (director, pipeline, users) = await SetupAsync();
        var report = await director.GetAsync("/api/v1/reports/bottlenecks").Expect<BottleneckReport>();
        var weak = Assert.Single(report.Weak);
        var m4 = users.Single(u => u.Login == "manager4");
        Assert.Equal(m4.Id, weak.OwnerId);
        Assert.Equal("КП отправлено", weak.Stage);
        Assert.True(weak.AtStake > 0);
        var slow = Assert.Single(report.Slow);
        Assert.Equal(users.Single(u => u.Login == "manager9").Id, slow.OwnerId);
        Assert.Equal("Квалификация", slow.Stage);
        Assert.True(slow.MeanDays > 2 * slow.RestMeanDays);
        Assert.Empty(report.Grown);

        // The counts behind the finding, by hand from the deals and their history.
        var raw = await WithHistory(director, await All<DealResponse>(director,
            $"/api/v1/deals?ownerId={m4.Id}&pipelineId={pipeline.Id}&createdFrom={report.From:yyyy-MM-dd}&createdTo={report.To:yyyy-MM-dd}"));
        var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        var byId = pipeline.Stages.ToDictionary(s => s.Id);
        var i = open.FindIndex(s => s.Id == weak.StageId);
        int advanced = 0, decided = 0;
        foreach (var r in raw)
        {
            var max = r.History.Where(h => byId[h.ToStageId].Kind == StageKind.Open).Select(h => (int?)byId[h.ToStageId].Position).Max();
            var isWon = r.Deal.StageKind == StageKind.Won;
            if (!isWon && !(max >= open[i].Position)) continue;
            var movedOn = isWon || (i + 1 < open.Count && max >= open[i + 1].Position);
            if (movedOn) advanced++;
            if (movedOn || r.Deal.StageKind == StageKind.Lost) decided++;
        }
        Assert.Equal(advanced, weak.Advanced);
        Assert.Equal(decided, weak.Decided);

        // A senior sees the own team only; a manager may not compare people.
        var senior2 = await app.Demo("senior2");
        var team = await senior2.GetAsync("/api/v1/reports/bottlenecks").Expect<BottleneckReport>();
        Assert.DoesNotContain(team.Weak, w => w.OwnerId == m4.Id);
        await (await app.Demo("manager1")).GetAsync("/api/v1/reports/bottlenecks").Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_activity_report_counts_what_the_activity_and_deal_lists_hold_bucket_by_bucket()
    {
        var (director, _, users) = await SetupAsync();
        var today = app.Today;
        var from = today.AddDays(-27);
        var report = await director.GetAsync($"/api/v1/reports/activity?from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}&by=week").Expect<ActivityReport>();
        Assert.Equal(12, report.Rows.Count);
        var m7 = users.Single(u => u.Login == "manager7").Id;
        var row = report.Rows.Single(r => r.UserId == m7);
        foreach (var b in row.Buckets)
        {
            var range = $"from={b.Start:yyyy-MM-dd}&to={b.End:yyyy-MM-dd}";
            var calls = await All<Voronka.Core.Features.Activities.ActivityResponse>(director, $"/api/v1/activities?userId={m7}&type=Call&{range}");
            Assert.Equal(calls.Count, b.Counts.Calls);
            Assert.Equal(decimal.Round(calls.Sum(c => c.DurationSeconds ?? 0) / 60m, 1), b.Counts.TalkMinutes);
            var meetings = await director.GetAsync($"/api/v1/activities?userId={m7}&type=Meeting&{range}&pageSize=1").Expect<Page<Voronka.Core.Features.Activities.ActivityResponse>>();
            Assert.Equal(meetings.Total, b.Counts.Meetings);
            var created = await director.GetAsync($"/api/v1/deals?ownerId={m7}&createdFrom={b.Start:yyyy-MM-dd}&createdTo={b.End:yyyy-MM-dd}&pageSize=1").Expect<Page<DealResponse>>();
            Assert.Equal(created.Total, b.Counts.NewDeals);
        }
        Assert.Equal(row.Buckets.Sum(b => b.Counts.Calls), row.Total.Calls);
        Assert.Equal(report.Rows.Sum(r => r.Total.Calls), report.Total.Calls);
        // Weeks start on Monday; the first and last may be cut by the period.
        Assert.All(row.Buckets.Skip(1), b => Assert.Equal(DayOfWeek.Monday, b.Start.DayOfWeek));
        var bad = await director.GetAsync($"/api/v1/reports/activity?from=2020-01-01&to={today:yyyy-MM-dd}&by=day").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("to", bad.ErrorFields());
        var own = await (await app.Demo("manager7")).GetAsync($"/api/v1/reports/activity?from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}&by=month").Expect<ActivityReport>();
        Assert.Equal(m7, Assert.Single(own.Rows).UserId);
    }
}
