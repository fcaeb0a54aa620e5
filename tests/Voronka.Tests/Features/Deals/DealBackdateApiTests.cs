using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Features.Import;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

/// <summary>An integration that syncs history through the API with a director's import token: deals created, moved and
/// won at past moments, as if entered on those days; anyone else's `at` is refused.</summary>
public class DealBackdateApiTests(ImportApp app) : IClassFixture<ImportApp>
{
    private async Task<HttpClient> ImportTokenAsync()
    {
        var director = await app.As("director");
        var created = await director.PostJson("/api/v1/auth/personal-tokens", new { name = "sync", scope = "import" })
            .Expect<CreatedPersonalTokenResponse>(HttpStatusCode.Created);
        Assert.Equal(ApiTokenScopes.Import, created.Scope);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return client;
    }

    private static DateTimeOffset Moscow(string local) => DateTimeOffset.Parse(local + "+03:00",
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_deal_synced_with_an_import_token_keeps_its_past_dates_and_the_kept_figures_equal_the_rows()
    {
        var sync = await ImportTokenAsync();
        var stages = (await sync.GetAsync("/api/v1/pipelines").Expect<List<Core.Features.Pipelines.PipelineResponse>>()).Single(p =>
            p.IsDefault).Stages;
        int Stage(string name) => stages.Single(s => s.Name == name).Id;
        var deal = await sync.PostJson("/api/v1/deals", new { title = "Синхронизация", ownerId = app.UserIds["manager1"],
            at = Moscow("2025-03-03T10:00:00") })
            .Expect<DealResponse>(HttpStatusCode.Created);
        await sync.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = Stage("Встреча"),
            at = Moscow("2025-03-10T12:00:00") }).Expect<DealResponse>();
        var won = await sync.PostJson($"/api/v1/deals/{deal.Id}/won", new { amount = 150_000m,
            at = Moscow("2025-04-01T16:00:00") }).Expect<DealResponse>();
        Assert.Equal(Moscow("2025-03-03T10:00:00").UtcDateTime, won.CreatedAt);
        Assert.Equal(Moscow("2025-04-01T16:00:00").UtcDateTime, won.ClosedAt);
        Assert.Equal(150_000m, won.Amount);
        var history = await sync.GetAsync($"/api/v1/deals/{deal.Id}/history").Expect<DealHistoryResponse>();
        Assert.Equal([Moscow("2025-03-03T10:00:00").UtcDateTime, Moscow("2025-03-10T12:00:00").UtcDateTime,
            Moscow("2025-04-01T16:00:00").UtcDateTime],
            history.Stages.Select(s => s.ChangedAt).ToArray());

        // A move before the deal's last change, a moment in the future: refused, naming "at", and nothing written.
        var other = await sync.PostJson("/api/v1/deals", new { title = "Вторая",
            at = Moscow("2025-05-05T10:00:00") }).Expect<DealResponse>(HttpStatusCode.Created);
        var early = await sync.PostJson($"/api/v1/deals/{other.Id}/move", new { stageId = Stage("Встреча"),
            at = Moscow("2025-05-01T10:00:00") })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["at"], early.ErrorFields());
        var future = await sync.PostJson($"/api/v1/deals/{other.Id}/move", new { stageId = Stage("Встреча"), at = app.UtcNow.AddDays(2) })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["at"], future.ErrorFields());
        Assert.Single((await sync.GetAsync($"/api/v1/deals/{other.Id}/history").Expect<DealHistoryResponse>()).Stages);

        // The daily cells written on the way are those a rebuild from the rows finds.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        async Task<List<string>> Cells() =>
            (await db.SalesDays.AsNoTracking().OrderBy(c => c.Day).ThenBy(c => c.OwnerId).Select(c => new { c.Day, c.OwnerId, c.Count,
                c.AmountMinor })
                .ToListAsync()).Select(c => $"{c.Day:yyyy-MM-dd} {c.OwnerId} {c.Count} {c.AmountMinor}")
            .Concat((await db.FlowDays.AsNoTracking().ToListAsync())
                .Select(c => $"flow {c.Day} {c.PipelineId} {c.Figure} {c.StageId} {c.Other} {c.Since} {c.Count} {c.AmountMinor}").Order())
            .Concat((await db.StayDays.AsNoTracking().ToListAsync())
                .Select(c => $"stay {c.Day} {c.View} {c.PipelineId} {c.StageId} {c.Length} {c.Count} {c.Seconds}").Order())
            .Concat((await db.CohortDays.AsNoTracking().ToListAsync())
                .Select(c => $"cohort {c.Day} {c.PipelineId} {c.Kind} {c.Furthest} {c.ReasonId} {c.Count} {c.AmountMinor}").Order())
            .ToList();
        var kept = await Cells();
        Assert.Contains($"2025-04-01 {app.UserIds["manager1"]} 1 15000000", kept);
        await KeptFigures.RebuildAsync(db, default);
        Assert.Equal(await Cells(), kept);
    }

    [Fact]
    public async Task Only_a_directors_import_token_may_date_a_change_in_the_past()
    {
        var manager = await app.As("manager1");
        var problem = await manager.PostJson("/api/v1/deals", new { title = "Задним числом", at = Moscow("2025-03-03T10:00:00") })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["at"], problem.ErrorFields());
        await manager.PostJson("/api/v1/auth/personal-tokens", new { name = "sync", scope = "import" }).Problem(HttpStatusCode.Forbidden);
        var bad = await (await app.As("director")).PostJson("/api/v1/auth/personal-tokens", new { name = "sync", scope = "everything" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["scope"], bad.ErrorFields());
    }
}
