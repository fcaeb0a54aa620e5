using System.Net;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Arsenal;

/// <summary>A company of its own for the use of the arsenal.</summary>
public class ArsenalUsageApp : VoronkaApp;

public class ArsenalUsageTests(ArsenalUsageApp app) : IClassFixture<ArsenalUsageApp>
{
    /// <summary>
    /// Three deals won in the period (two with the script sent) and two lost (one with the script, both with the video): the
    /// script is in 66.7 % of the won deals and 50 % of the lost, the video in none of the won and all the lost.
    /// </summary>
    [Fact]
    public async Task Each_item_is_counted_by_kind_of_use_and_joined_to_the_deals_won_and_lost()
    {
        var director = await app.As("director");
        var m1 = await app.As("manager1");
        var m3 = await app.As("manager3");
        var script = await director.PostJson("/api/v1/arsenal", new { kind = "script", title = "Скрипт" })
            .Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        var video = await director.PostJson("/api/v1/arsenal", new { kind = "video", title = "Видео",
            url = "https://video.example/1" })
            .Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        var reasons = await m1.GetAsync("/api/v1/loss-reasons").Expect<List<LossReasonResponse>>();
        async Task<DealResponse> Deal(HttpClient who, string title) =>
            await who.PostJson("/api/v1/deals", new { title }).Expect<DealResponse>(HttpStatusCode.Created);
        var d = new List<DealResponse>();
        for (var i = 1; i <= 4; i++) d.Add(await Deal(m1, $"Сделка {i}"));
        var other = await Deal(m3, "Сделка команды Б");

        async Task Use(int item, string kind, int? deal = null) =>
            (await m1.PostJson($"/api/v1/arsenal/{item}/uses", new { kind, dealId = deal })).EnsureSuccessStatusCode();
        await Use(script.Id, "opened");
        await Use(script.Id, "opened");
        await Use(script.Id, "copied");
        foreach (var deal in d.Take(3)) await Use(script.Id, "sent", deal.Id);
        foreach (var deal in d.Skip(2)) await Use(video.Id, "sent", deal.Id);
        await m1.PostJson($"/api/v1/arsenal/{script.Id}/uses", new { kind = "sent", dealId = other.Id }).Problem(HttpStatusCode.BadRequest);

        foreach (var deal in d.Take(2)) await m1.PostAsync($"/api/v1/deals/{deal.Id}/won", null).Expect<DealResponse>();
        await m3.PostAsync($"/api/v1/deals/{other.Id}/won", null).Expect<DealResponse>();
        foreach (var deal in d.Skip(2))
            await m1.PostJson($"/api/v1/deals/{deal.Id}/lost", new { lossReasonId = reasons[0].Id }).Expect<DealResponse>();

        var report = await director.GetAsync("/api/v1/arsenal/usage").Expect<UsageReport>();
        Assert.Equal((3, 2), (report.WonDeals, report.LostDeals));
        Assert.Equal([
            (script.Id, 2, 1, 3, 0, 2, 1, 66.7m, 50.0m, 16.7m),
            (video.Id, 0, 0, 2, 0, 0, 2, 0m, 100.0m, -100.0m),
        ], report.Items.Select(r => (r.ItemId, r.Opened, r.Copied, r.Sent, r.ClientOpened, r.WonWith, r.LostWith, r.InWon!.Value,
            r.InLost!.Value, r.Difference!.Value)));
        var person = Assert.Single(report.People, p => p.ItemId == script.Id);
        Assert.Equal(("MANAGER1", 2, 1, 3), (person.Name, person.Opened, person.Copied, person.Sent));

        // The other team's senior sees only the team: its one won deal, no use of the arsenal.
        var senior2 = await app.As("senior2");
        var team = await senior2.GetAsync("/api/v1/arsenal/usage").Expect<UsageReport>();
        Assert.Equal((1, 0), (team.WonDeals, team.LostDeals));
        Assert.Empty(team.Items);
        Assert.Equal(["to"], (await director.GetAsync("/api/v1/arsenal/usage?from=2026-05-02&to=2026-05-01")
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }
}
