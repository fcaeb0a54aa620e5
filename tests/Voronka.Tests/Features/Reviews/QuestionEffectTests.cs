using System.Net;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reviews;
using Voronka.Tests.Features.Telephony;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Reviews;

/// <summary>Does meeting a question move deals: the statistic on a worked example.</summary>
public class QuestionEffectTests
{
    [Fact]
    public void The_wilson_interval_on_worked_examples()
    {
        // 8 of 10: centre (0.8 + 1.96² / 20) / (1 + 1.96² / 10), half-width 1.96 √(0.016 + 1.96² / 400) / (1 + 1.96² / 10).
        var (low, high) = QuestionEffect.Wilson(8, 10);
        Assert.Equal((0.4902m, 0.9433m), (decimal.Round(low, 4), decimal.Round(high, 4)));
        (low, high) = QuestionEffect.Wilson(3, 12);
        Assert.Equal((0.0889m, 0.5323m), (decimal.Round(low, 4), decimal.Round(high, 4)));
        (low, high) = QuestionEffect.Wilson(0, 10);
        Assert.Equal((0m, 0.2775m), (decimal.Round(low, 4), decimal.Round(high, 4)));
    }

    [Fact]
    public void Met_and_not_met_are_compared_only_with_enough_calls_on_each_side()
    {
        var samples = Enumerable.Range(0, 10).Select(i => new EffectSample("Следующий шаг", true, i < 8))
            .Concat(Enumerable.Range(0, 12).Select(i => new EffectSample("Следующий шаг", false, i < 3)))
            .Concat(Enumerable.Range(0, 4).Select(i => new EffectSample("Цена", i < 2, i == 0)));
        var rows = QuestionEffect.Compute(samples).ToDictionary(r => r.Question);
        var step = rows["Следующий шаг"];
        Assert.Equal(new Proportion(10, 8, 80m, 49m, 94.3m), step.Met);
        Assert.Equal(new Proportion(12, 3, 25m, 8.9m, 53.2m), step.NotMet);
        Assert.Equal((true, 55m), (step.Enough, step.Difference));
        var price = rows["Цена"];
        Assert.Equal((2, 1, 2, 0, false, (decimal?)null), (price.Met.Count, price.Met.Moved, price.NotMet.Count, price.NotMet.Moved,
            price.Enough, price.Difference));
    }
}

/// <summary>A company of its own for the statistic.</summary>
public class EffectApp : RecordingApp;

public class QuestionEffectApiTests(EffectApp app) : IClassFixture<EffectApp>
{
    [Fact]
    public async Task The_statistic_counts_the_deals_that_moved_on_after_calls_where_the_question_was_met_or_not()
    {
        var director = await app.As("director");
        var m1 = await app.As("manager1");
        var card = await director.PostJson("/api/v1/scorecards", new
        {
            name = "Шаг", questions = new[] { new { text = "Договорился о следующем шаге", kind = "YesNo" } },
        }).Expect<ScorecardResponse>(HttpStatusCode.Created);
        card = await director.PostAsync($"/api/v1/scorecards/{card.Id}/publish", null).Expect<ScorecardResponse>();
        var stages = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault).Stages;
        var next = stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).Skip(1).First();
        // Met on three calls, two of whose deals moved on; not met on two, one moved on — but eight weeks later, past the days.
        var calls = new[] { (1, true, false), (1, true, false), (1, false, false), (0, false, false), (0, true, true) };
        foreach (var (met, moved, late) in calls)
        {
            var deal = await m1.PostJson("/api/v1/deals", new { title = "Шаг" }).Expect<DealResponse>(HttpStatusCode.Created);
            var call = await m1.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Outgoing",
                callResult = "Connected", durationSeconds = 100, occurredAt = new DateTimeOffset(app.UtcNow.AddDays(late ? -60 : -1)) })
                .Expect<ActivityResponse>(HttpStatusCode.Created);
            if (moved)
                await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = next.Id, version = deal.Version })
                    .Expect<DealResponse>();
            var review = await director.PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
                .Expect<ReviewResponse>(HttpStatusCode.Created);
            review = await director.PutJson($"/api/v1/reviews/{review.Id}", new
            {
                answers = new[] { new { questionId = card.Published!.Questions[0].Id, value = met } }, version = review.Version,
            }).Expect<ReviewResponse>();
            await director.PostAsync($"/api/v1/reviews/{review.Id}/release", null).Expect<ReviewResponse>();
        }
        var effect = await director.GetAsync($"/api/v1/reviews/effect?scorecardId={card.Id}&days=14").Expect<EffectResponse>();
        var row = Assert.Single(effect.Questions);
        Assert.Equal((3, 2, 66.7m), (row.Met.Count, row.Met.Moved, row.Met.Share));
        Assert.Equal((2, 0, 0m), (row.NotMet.Count, row.NotMet.Moved, row.NotMet.Share));
        Assert.False(row.Enough);
        var mine = await director.GetAsync($"/api/v1/reviews/effect?scorecardId={card.Id}&managerId={app.UserIds["manager2"]}")
            .Expect<EffectResponse>();
        Assert.Empty(mine.Questions);
        await m1.GetAsync($"/api/v1/reviews/effect?scorecardId={card.Id}").Problem(HttpStatusCode.Forbidden);
        Assert.Equal(["days"], (await director.GetAsync($"/api/v1/reviews/effect?scorecardId={card.Id}&days=0")
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }
}
