using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Reports;

/// <summary>
/// The kept figures (activities per person, type and day; won deals per owner and day; each deal's latest activities)
/// equal, after every kind of write through the API, the same figures computed here from the raw rows with the
/// organisation's time zone.
/// </summary>
public class KeptFiguresTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task Kept_figures_follow_every_write_and_a_time_zone_change()
    {
        var m1 = await app.As("manager1");
        var director = await app.As("director");
        await AssertKeptEqualComputedAsync();

        // 21:30 UTC is already the next day in Moscow: the cell must follow the organisation's calendar.
        var evening = new DateTimeOffset(app.UtcNow.Date.AddDays(-2).AddHours(21).AddMinutes(30), TimeSpan.Zero);
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Ежедневные цифры", amount = 1000m }).Expect<DealResponse>(HttpStatusCode.Created);
        var other = await m1.PostJson("/api/v1/deals", new { title = "Ежедневные цифры 2", amount = 250m }).Expect<DealResponse>(HttpStatusCode.Created);
        var call = await m1.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, occurredAt = evening, direction = "Outgoing", callResult = "Connected", durationSeconds = 125 })
            .Expect<ActivityResponse>(HttpStatusCode.Created);
        await m1.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, occurredAt = evening.AddHours(-1), direction = "Incoming", callResult = "Connected", durationSeconds = 60 })
            .Expect<ActivityResponse>(HttpStatusCode.Created);
        var meeting = await m1.PostJson("/api/v1/activities", new { type = "Meeting", dealId = other.Id, occurredAt = evening.AddDays(-1) }).Expect<ActivityResponse>(HttpStatusCode.Created);
        // More than the five latest a deal keeps, in no order of time.
        foreach (var hours in new[] { -30, 5, -2, -50, -7, 1 })
            await m1.PostJson("/api/v1/activities", new { type = hours % 2 == 0 ? "Email" : "Meeting", dealId = deal.Id, occurredAt = evening.AddHours(hours) }).Expect<ActivityResponse>(HttpStatusCode.Created);
        await AssertKeptEqualComputedAsync();

        // Moved to another day, type, person and deal; then one deleted.
        await director.PutJson($"/api/v1/activities/{call.Id}", new { type = "Presale", dealId = other.Id, occurredAt = evening.AddDays(-3), userId = app.UserIds["manager2"], durationSeconds = 900 })
            .Expect<ActivityResponse>();
        await AssertKeptEqualComputedAsync();
        (await m1.DeleteAsync($"/api/v1/activities/{meeting.Id}")).EnsureSuccessStatusCode();
        await AssertKeptEqualComputedAsync();

        // Won, handed to another owner, its amount changed; the other lost; then the won deal deleted.
        var won = await m1.PostAsync($"/api/v1/deals/{deal.Id}/won", null).Expect<DealResponse>();
        await AssertKeptEqualComputedAsync();
        won = await director.PutJson($"/api/v1/deals/{deal.Id}", new { version = won.Version, title = won.Title, ownerId = app.UserIds["manager2"], amount = 1500m }).Expect<DealResponse>();
        await AssertKeptEqualComputedAsync();
        var reasons = await m1.GetAsync("/api/v1/loss-reasons").Expect<List<LossReasonResponse>>();
        await m1.PostJson($"/api/v1/deals/{other.Id}/lost", new { lossReasonId = reasons[0].Id }).Expect<DealResponse>();
        await AssertKeptEqualComputedAsync();
        (await director.DeleteAsync($"/api/v1/deals/{deal.Id}?version={won.Version}")).EnsureSuccessStatusCode();
        await AssertKeptEqualComputedAsync();

        // Another time zone moves every evening activity to another day: everything is counted again.
        var second = await m1.PostJson("/api/v1/deals", new { title = "Ежедневные цифры 3", amount = 700m }).Expect<DealResponse>(HttpStatusCode.Created);
        await m1.PostAsync($"/api/v1/deals/{second.Id}/won", null).Expect<DealResponse>();
        var org = await director.GetAsync("/api/v1/organisation").Expect<OrganisationResponse>();
        await director.PutJson("/api/v1/organisation", new { name = org.Name, timeZoneId = "America/New_York", currency = org.Currency, version = org.Version }).Expect<OrganisationResponse>();
        var (activities, sales) = await AssertKeptEqualComputedAsync();
        Assert.Contains(activities, c => c.Type == ActivityType.Presale && c.Seconds == 900);
        Assert.Contains(sales, c => c.AmountMinor == 70000);
        await director.PutJson("/api/v1/organisation", new { name = org.Name, timeZoneId = org.TimeZoneId, currency = org.Currency, version = org.Version + 1 }).Expect<OrganisationResponse>();
        await AssertKeptEqualComputedAsync();
    }

    [Fact]
    public async Task Furthest_stage_and_previous_moves_follow_moves_and_a_reordered_pipeline()
    {
        var director = await app.As("director");
        var m1 = await app.As("manager1");
        var pipeline = await director.PostJson("/api/v1/pipelines", new
        {
            name = $"Хранимые цифры {Guid.NewGuid():N}",
            stages = new object[]
            {
                new { name = "Первый", kind = "Open" }, new { name = "Второй", kind = "Open" }, new { name = "Третий", kind = "Open" },
                new { name = "Выиграна", kind = "Won" }, new { name = "Проиграна", kind = "Lost" },
            },
        }).Expect<PipelineResponse>(HttpStatusCode.Created);
        var st = pipeline.Stages.OrderBy(x => x.Position).ToList();
        var reasons = await m1.GetAsync("/api/v1/loss-reasons").Expect<List<LossReasonResponse>>();
        var a = await m1.PostJson("/api/v1/deals", new { title = "Туда и обратно", pipelineId = pipeline.Id }).Expect<DealResponse>(HttpStatusCode.Created);
        var b = await m1.PostJson("/api/v1/deals", new { title = "Сразу дальше", pipelineId = pipeline.Id }).Expect<DealResponse>(HttpStatusCode.Created);
        await AssertHistoryKeptAsync();

        // Forward, back and forward again: the second entries have a previous entry, the furthest stage stays the furthest.
        foreach (var stage in new[] { st[1], st[2], st[1], st[2] })
            await m1.PostJson($"/api/v1/deals/{a.Id}/move", new { stageId = stage.Id }).Expect<DealResponse>();
        await m1.PostJson($"/api/v1/deals/{b.Id}/move", new { stageId = st[2].Id }).Expect<DealResponse>();
        await m1.PostJson($"/api/v1/deals/{b.Id}/lost", new { lossReasonId = reasons[0].Id }).Expect<DealResponse>();
        await m1.PostAsync($"/api/v1/deals/{a.Id}/won", null).Expect<DealResponse>();
        var kept = await AssertHistoryKeptAsync();
        Assert.Equal(2, kept[b.Id]);
        await AssertKeptEqualComputedAsync();

        // The director puts the third stage first: the deals' furthest positions follow (b never entered the second).
        await director.PutJson($"/api/v1/pipelines/{pipeline.Id}", new
        {
            name = pipeline.Name,
            stages = new[] { st[2], st[0], st[1], st[3], st[4] }.Select(x => new { id = x.Id, name = x.Name, kind = x.Kind.ToString() }).ToArray(),
        }).Expect<PipelineResponse>();
        kept = await AssertHistoryKeptAsync();
        Assert.Equal(2, kept[a.Id]);
        Assert.Equal(1, kept[b.Id]);
        await AssertKeptEqualComputedAsync();
    }

    /// <summary>Each deal's furthest open stage and each change's previous change and previous entry, kept against the
    /// same computed here from the stage history; returns the kept furthest position per deal.</summary>
    private async Task<Dictionary<int, int?>> AssertHistoryKeptAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var stages = await db.Stages.AsNoTracking().ToDictionaryAsync(x => x.Id);
        var changes = (await db.DealStageChanges.AsNoTracking().ToListAsync()).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToList();
        var deals = await db.Deals.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        var expected = changes.Select((c, i) =>
        {
            var before = changes.Take(i).Where(p => p.DealId == c.DealId).ToList();
            return $"{c.Id}: {Stamp(before.LastOrDefault()?.ChangedAt)} {Stamp(before.LastOrDefault(p => p.ToStageId == c.ToStageId)?.ChangedAt)}";
        }).OrderBy(x => x).ToList();
        Assert.Equal(expected, changes.Select(c => $"{c.Id}: {Stamp(c.PreviousChangeAt)} {Stamp(c.PreviousEntryAt)}").OrderBy(x => x).ToList());
        var furthest = deals.ToDictionary(d => d.Id, d => changes.Where(c => c.DealId == d.Id).Select(c => stages[c.ToStageId])
            .Where(x => x.PipelineId == d.PipelineId && x.Kind == StageKind.Open).Max(x => (int?)x.Position));
        Assert.Equal(furthest.OrderBy(x => x.Key), deals.ToDictionary(d => d.Id, d => d.FurthestPosition).OrderBy(x => x.Key));
        return deals.ToDictionary(d => d.Id, d => d.FurthestPosition);
    }

    private static string Stamp(DateTime? t) => t is DateTime v ? Stamp(v) : "—";

    [Fact]
    public async Task Deals_created_moved_and_closed_at_once_are_all_counted_in_the_funnels_cells()
    {
        var m1 = await app.As("manager1");
        var m2 = await app.As("manager2");
        var pipeline = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault);
        var open = pipeline.Stages.Where(st => st.Kind == StageKind.Open).OrderBy(st => st.Position).ToList();
        var next = open.Skip(1).First(st => st.RequiredFields.Count == 0);
        var reasons = await m1.GetAsync("/api/v1/loss-reasons").Expect<List<LossReasonResponse>>();
        // Two people write into the same day's cells at once: creations, moves, wins and losses.
        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? m1 : m2)
            .PostJson("/api/v1/deals", new { title = $"Разом {i}", amount = 100m + i }).Expect<DealResponse>(HttpStatusCode.Created)));
        await AssertKeptEqualComputedAsync();
        var clients = created.ToDictionary(d => d.Id, d => d.OwnerId == app.UserIds["manager1"] ? m1 : m2);
        await Task.WhenAll(created.Select(d => clients[d.Id].PostJson($"/api/v1/deals/{d.Id}/move", new { stageId = next.Id })
            .Expect<DealResponse>()));
        await AssertKeptEqualComputedAsync();
        await Task.WhenAll(created.Select((d, i) => i % 3 == 0
            ? clients[d.Id].PostAsync($"/api/v1/deals/{d.Id}/won", null).Expect<DealResponse>()
            : clients[d.Id].PostJson($"/api/v1/deals/{d.Id}/lost", new { lossReasonId = reasons[i % reasons.Count].Id })
                .Expect<DealResponse>()));
        await AssertKeptEqualComputedAsync();
    }

    [Fact]
    public async Task Activities_logged_at_once_on_the_same_deal_and_day_are_all_counted()
    {
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Все сразу" }).Expect<DealResponse>(HttpStatusCode.Created);
        // Noon of yesterday in Moscow: all twelve minutes fall on one day of the organisation whatever the hour of the run.
        var at = new DateTimeOffset(app.UtcNow.Date.AddDays(-1).AddHours(9), TimeSpan.Zero);
        // Every save recounts the same person-day cell and the same deal's latest activities.
        var posts = Enumerable.Range(0, 12).Select(i => m1.PostJson("/api/v1/activities", new { type = "Proposal", dealId = deal.Id, occurredAt = at.AddMinutes(i) }));
        foreach (var response in await Task.WhenAll(posts)) Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (activities, _) = await AssertKeptEqualComputedAsync();
        Assert.Contains(activities, c => c.UserId == app.UserIds["manager1"] && c.Type == ActivityType.Proposal && c.Count >= 12);
    }

    [Fact]
    public async Task A_database_with_figures_of_an_older_version_gets_them_rebuilt_at_start()
    {
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Пересчёт" }).Expect<DealResponse>(HttpStatusCode.Created);
        await m1.PostJson("/api/v1/activities", new { type = "Proposal", dealId = deal.Id }).Expect<ActivityResponse>(HttpStatusCode.Created);
        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.ActivityDays.ExecuteDeleteAsync();
            await db.DealStageChanges.ExecuteUpdateAsync(x => x.SetProperty(c => c.PreviousChangeAt, (DateTime?)null));
            await db.FlowDays.ExecuteDeleteAsync();
            await db.CohortDays.ExecuteUpdateAsync(x => x.SetProperty(c => c.Count, 99));
            await db.Organisation.ExecuteUpdateAsync(s => s.SetProperty(o => o.FiguresVersion, 0));
        }
        Assert.NotEmpty((await ComputeAsync()).Activities);

        await new DatabaseInitializer(factory, NullLogger<DatabaseInitializer>.Instance).MigrateAsync();

        await AssertKeptEqualComputedAsync();
        await AssertHistoryKeptAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(KeptFigures.Version, await db.Organisation.Select(o => o.FiguresVersion).SingleAsync());
            // A database of the version before the funnel's daily cells gets those built.
            await db.StayDays.ExecuteDeleteAsync();
            await db.Organisation.ExecuteUpdateAsync(s => s.SetProperty(o => o.FiguresVersion, 3));
        }
        await new DatabaseInitializer(factory, NullLogger<DatabaseInitializer>.Instance).MigrateAsync();
        await AssertKeptEqualComputedAsync();
    }

    private async Task<(List<ActivityDay> Activities, List<SalesDay> Sales)> AssertKeptEqualComputedAsync()
    {
        var expected = await ComputeAsync();
        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var activities = (await db.ActivityDays.AsNoTracking().ToListAsync()).OrderBy(c => (c.Day, c.UserId, c.Type)).ToList();
        var sales = (await db.SalesDays.AsNoTracking().ToListAsync()).OrderBy(c => (c.Day, c.OwnerId)).ToList();
        var facts = (await db.DealActivityFacts.AsNoTracking().ToListAsync()).OrderBy(f => f.DealId).ToList();
        Assert.Equal(expected.Activities.Select(Text), activities.Select(Text));
        Assert.Equal(expected.Sales.Select(Text), sales.Select(Text));
        Assert.Equal(expected.Facts, facts.Select(Text));
        Assert.Equal(await ComputeFunnelAsync(), await KeptFunnelAsync());
        return (activities, sales);
    }

    private async Task<List<string>> KeptFunnelAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return (await db.FlowDays.AsNoTracking().ToListAsync()).Select(c => $"flow {c.PipelineId} {c.Day:yyyy-MM-dd} {c.Figure} {c.StageId} {c.Other} {c.Since:yyyy-MM-dd} {c.Count} {c.AmountMinor}")
            .Concat((await db.StayDays.AsNoTracking().ToListAsync()).Select(c => $"stay {c.PipelineId} {c.View} {c.Day:yyyy-MM-dd} {c.StageId} {c.Length} {c.Count} {c.Seconds}"))
            .Concat((await db.CohortDays.AsNoTracking().ToListAsync()).Select(c => $"cohort {c.PipelineId} {c.Day:yyyy-MM-dd} {c.Kind} {c.Furthest} {c.ReasonId} {c.Count} {c.AmountMinor}"))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The funnel's daily cells from the raw rows: every stage change of a deal not deleted on its day, with its
    /// previous change and previous entry found in the deal's history here; every such deal on its day of creation.</summary>
    private async Task<List<string>> ComputeFunnelAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await db.Organisation.Select(o => o.TimeZoneId).SingleAsync());
        string Day(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)).ToString("yyyy-MM-dd");
        const string never = "0001-01-01";
        var stages = await db.Stages.AsNoTracking().ToDictionaryAsync(x => x.Id);
        var deals = (await db.Deals.IgnoreQueryFilters().AsNoTracking().ToListAsync()).Where(d => d.DeletedAt is null).ToDictionary(d => d.Id);
        var changes = (await db.DealStageChanges.AsNoTracking().ToListAsync()).Where(c => deals.ContainsKey(c.DealId))
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToList();
        var flow = new List<(string Key, long Amount)>();
        var stays = new List<(string Key, long Seconds)>();
        foreach (var (c, i) in changes.Select((c, i) => (c, i)))
        {
            var d = deals[c.DealId];
            var before = changes.Take(i).Where(p => p.DealId == c.DealId).ToList();
            var entry = before.LastOrDefault(p => p.ToStageId == c.ToStageId);
            flow.Add(($"flow {d.PipelineId} {Day(c.ChangedAt)} Entry {c.ToStageId} 0 {(entry is null ? never : Day(entry.ChangedAt))}", d.AmountMinor));
            flow.Add(($"flow {d.PipelineId} {Day(c.ChangedAt)} Move 0 0 {(before.Count == 0 ? never : Day(before[^1].ChangedAt))}", d.AmountMinor));
            var to = stages[c.ToStageId];
            if (to.Kind == StageKind.Lost && to.PipelineId == d.PipelineId && c.FromStageId is int left)
                flow.Add(($"flow {d.PipelineId} {Day(c.ChangedAt)} Loss {left} {d.LossReasonId ?? 0} {never}", d.AmountMinor));
            if (c.FromStageId is int from && before.Count > 0)
            {
                var seconds = (long)Math.Floor((c.ChangedAt - before[^1].ChangedAt).TotalSeconds);
                stays.Add(($"stay {d.PipelineId} Flow {Day(c.ChangedAt)} {from} {seconds / 86400}", seconds));
                stays.Add(($"stay {d.PipelineId} Cohort {Day(d.CreatedAt)} {from} {seconds / 86400}", seconds));
            }
        }
        var cohort = deals.Values.Select(d =>
        {
            var furthest = changes.Where(c => c.DealId == d.Id).Select(c => stages[c.ToStageId])
                .Where(x => x.PipelineId == d.PipelineId && x.Kind == StageKind.Open).Max(x => (int?)x.Position) ?? -1;
            return ($"cohort {d.PipelineId} {Day(d.CreatedAt)} {stages[d.StageId].Kind} {furthest} {d.LossReasonId ?? 0}", d.AmountMinor);
        });
        return flow.Concat(cohort).GroupBy(x => x.Item1).Select(g => $"{g.Key} {g.Count()} {g.Sum(x => x.Item2)}")
            .Concat(stays.GroupBy(x => x.Key).Select(g => $"{g.Key} {g.Count()} {g.Sum(x => x.Seconds)}"))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The figures from the raw rows: each activity and each won deal placed on its day in the organisation's zone.</summary>
    private async Task<(List<ActivityDay> Activities, List<SalesDay> Sales, List<string> Facts)> ComputeAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await db.Organisation.Select(o => o.TimeZoneId).SingleAsync());
        DateOnly Day(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
        var rows = await db.Activities.AsNoTracking().ToListAsync();
        var activities = rows.GroupBy(a => (Day: Day(a.OccurredAt), a.UserId, a.Type))
            .Select(g => new ActivityDay { Day = g.Key.Day, UserId = g.Key.UserId, Type = g.Key.Type, Count = g.Count(), Seconds = g.Sum(a => (long)(a.DurationSeconds ?? 0)) })
            .OrderBy(c => (c.Day, c.UserId, c.Type)).ToList();
        var wonStages = await db.Stages.Where(s => s.Kind == StageKind.Won).Select(s => s.Id).ToListAsync();
        var deals = await db.Deals.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        var sales = deals.Where(d => d.DeletedAt is null && d.ClosedAt is not null && wonStages.Contains(d.StageId))
            .GroupBy(d => (Day: Day(d.ClosedAt!.Value), d.OwnerId))
            .Select(g => new SalesDay { Day = g.Key.Day, OwnerId = g.Key.OwnerId, Count = g.Count(), AmountMinor = g.Sum(d => d.AmountMinor) })
            .OrderBy(c => (c.Day, c.OwnerId)).ToList();
        // Per deal: the five latest activity times and the two latest engagements, newest first.
        var facts = rows.Where(a => a.DealId is not null).GroupBy(a => a.DealId!.Value).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: " + string.Join(" ", g.Select(a => a.OccurredAt).OrderDescending().Take(5).Select(Stamp)) + " | "
                + string.Join(" ", g.Where(a => a.Type == ActivityType.Meeting || (a.Type == ActivityType.Call && a.Direction == CallDirection.Incoming))
                    .Select(a => a.OccurredAt).OrderDescending().Take(2).Select(Stamp)))
            .ToList();
        return (activities, sales, facts);
    }

    private static string Stamp(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fff");

    private static string Text(DealActivityFacts f) =>
        $"{f.DealId}: " + string.Join(" ", new[] { f.Latest1, f.Latest2, f.Latest3, f.Latest4, f.Latest5 }.OfType<DateTime>().Select(Stamp)) + " | "
        + string.Join(" ", new[] { f.Engaged1, f.Engaged2 }.OfType<DateTime>().Select(Stamp));

    private static string Text(ActivityDay c) => $"{c.Day:yyyy-MM-dd} {c.UserId} {c.Type} {c.Count} {c.Seconds}";

    private static string Text(SalesDay c) => $"{c.Day:yyyy-MM-dd} {c.OwnerId} {c.Count} {c.AmountMinor}";
}
