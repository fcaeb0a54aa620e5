using System.Net;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reviews;
using Voronka.Core.Features.Telephony;
using Voronka.Tests.Features.Telephony;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Reviews;

/// <summary>A company of its own for the library.</summary>
public class BestCallApp : RecordingApp;

public class BestCallTests(BestCallApp app) : IClassFixture<BestCallApp>
{
    [Fact]
    public async Task A_high_scored_call_on_a_deal_that_moved_on_is_proposed_kept_as_a_clip_and_played_by_every_seller()
    {
        var director = await app.As("director");
        var m1 = await app.As("manager1");
        var card = await director.PostJson("/api/v1/scorecards", new
        {
            name = "Лучшие", questions = new[] { new { text = "Закрыл на встречу", kind = "YesNo" } },
        }).Expect<ScorecardResponse>(HttpStatusCode.Created);
        card = await director.PostAsync($"/api/v1/scorecards/{card.Id}/publish", null).Expect<ScorecardResponse>();
        var stages = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault).Stages;
        var next = stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).Skip(1).First();

        async Task<(ActivityResponse Call, ReviewResponse Review)> Reviewed(bool met, bool moved)
        {
            var deal = await m1.PostJson("/api/v1/deals", new { title = met ? "Образцовый" : "Обычный" })
                .Expect<DealResponse>(HttpStatusCode.Created);
            var call = await m1.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Outgoing",
                callResult = "Connected", durationSeconds = 300, occurredAt = new DateTimeOffset(app.UtcNow.AddHours(-2)) })
                .Expect<ActivityResponse>(HttpStatusCode.Created);
            if (moved)
                await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = next.Id, version = deal.Version })
                    .Expect<DealResponse>();
            var review = await director.PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
                .Expect<ReviewResponse>(HttpStatusCode.Created);
            review = await director.PutJson($"/api/v1/reviews/{review.Id}", new
            {
                answers = new[] { new { questionId = card.Published!.Questions[0].Id, value = met ? 1 : 0 } }, version = review.Version,
            }).Expect<ReviewResponse>();
            return (call, await director.PostAsync($"/api/v1/reviews/{review.Id}/release", null).Expect<ReviewResponse>());
        }
        var (good, _) = await Reviewed(true, true);
        await Reviewed(true, false);
        await Reviewed(false, true);

        var candidates = await director.GetAsync("/api/v1/best-calls/candidates").Expect<List<BestCallCandidate>>();
        Assert.Equal(good.Id, Assert.Single(candidates).ActivityId);
        var audio = RecordingApp.Mp3(8_000, 9);
        var recording = await m1.PostAsync($"/api/v1/activities/{good.Id}/recording", RecordingApp.File(audio, "best.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);

        var bad = await director
            .PostJson("/api/v1/best-calls", new { activityId = good.Id, title = "", why = "", fromSecond = 50, toSecond = 40 })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["title", "toSecond", "why"], bad.ErrorFields().Order());
        await m1.PostJson("/api/v1/best-calls", new { activityId = good.Id, title = "x", why = "y" }).Problem(HttpStatusCode.Forbidden);
        var kept = await director.PostJson("/api/v1/best-calls", new
        {
            activityId = good.Id, title = "Встреча за три минуты",
            why = "Сразу назвал выгоду и договорился о дате",
            fromSecond = 30, toSecond = 95, stageId = next.Id, objection = "Дорого",
        }).Expect<BestCallResponse>(HttpStatusCode.Created);
        Assert.Equal((recording.Id, 100m, next.Name, 30, 95),
            (kept.RecordingId, kept.Score, kept.StageName, kept.FromSecond, kept.ToSecond));
        Assert.Empty(await director.GetAsync("/api/v1/best-calls/candidates").Expect<List<BestCallCandidate>>());

        // Manager 3 of the other team finds it by the objection and plays it, though the deal is not theirs.
        var m3 = await app.As("manager3");
        var found = await m3.GetAsync("/api/v1/best-calls?q=дорого").Expect<List<BestCallResponse>>();
        Assert.Equal(kept.Id, Assert.Single(found).Id);
        Assert.Equal(audio, await (await m3.GetAsync($"/api/v1/recordings/{recording.Id}")).Content.ReadAsByteArrayAsync());
        await m3.GetAsync($"/api/v1/activities/{good.Id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("assistant")).GetAsync("/api/v1/best-calls").Problem(HttpStatusCode.Forbidden);

        await m3.DeleteAsync($"/api/v1/best-calls/{kept.Id}").Problem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await director.DeleteAsync($"/api/v1/best-calls/{kept.Id}")).StatusCode);
        await m3.GetAsync($"/api/v1/recordings/{recording.Id}").Problem(HttpStatusCode.NotFound);
    }
}
