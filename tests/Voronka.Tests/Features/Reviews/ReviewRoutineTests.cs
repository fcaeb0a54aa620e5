using System.Net;
using System.Net.Http.Json;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Reviews;
using Voronka.Tests.Features.Telephony;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Reviews;

/// <summary>The sampler's groups on a worked example.</summary>
public class ReviewSamplerTests
{
    private static readonly SampleCandidate[] Calls =
    [
        new(1, CallStrata.None), new(2, CallStrata.Long), new(3, CallStrata.First), new(4, CallStrata.None),
        new(5, CallStrata.LostDeal | CallStrata.Long), new(6, CallStrata.Objection), new(7, CallStrata.First | CallStrata.LostDeal),
        new(8, CallStrata.None),
    ];

    [Fact]
    public void Each_group_gives_a_call_in_turn_before_any_gives_a_second()
    {
        var picked = ReviewSampler.Pick(Calls, 5, 42);
        Assert.Equal(5, picked.Select(p => p.ActivityId).Distinct().Count());
        Assert.Equal(6, picked[0].ActivityId);
        Assert.True(picked[1].Strata.HasFlag(CallStrata.LostDeal));
        Assert.True(picked[2].Strata.HasFlag(CallStrata.First));
        Assert.True(picked[3].Strata.HasFlag(CallStrata.Long));
        Assert.Equal(CallStrata.None, picked[4].Strata);
    }

    [Fact]
    public void The_same_week_reviewer_and_manager_give_the_same_calls()
    {
        var seed = ReviewSampler.Seed(new DateOnly(2027, 1, 11), 2, 5);
        Assert.Equal(seed, ReviewSampler.Seed(new DateOnly(2027, 1, 11), 2, 5));
        Assert.NotEqual(seed, ReviewSampler.Seed(new DateOnly(2027, 1, 18), 2, 5));
        Assert.Equal(ReviewSampler.Pick(Calls, 3, seed).Select(p => p.ActivityId),
            ReviewSampler.Pick(Calls, 3, seed).Select(p => p.ActivityId));
    }

    [Fact]
    public void Fewer_calls_than_owed_give_them_all_and_none_give_none()
    {
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], ReviewSampler.Pick(Calls, 20, 1).Select(p => p.ActivityId).Order());
        Assert.Empty(ReviewSampler.Pick([], 3, 1));
        Assert.Empty(ReviewSampler.Pick(Calls, 0, 1));
    }

    [Fact]
    public void A_review_week_runs_from_monday_to_sunday()
    {
        Assert.Equal((new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 17)), ReviewRoutine.Week(new DateOnly(2027, 1, 11)));
        Assert.Equal((new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 17)), ReviewRoutine.Week(new DateOnly(2027, 1, 17)));
        Assert.Equal((new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3)), ReviewRoutine.Week(new DateOnly(2027, 1, 1)));
    }
}

/// <summary>A company of its own for the review week.</summary>
public class RoutineApp : RecordingApp;

public class ReviewRoutineTests(RoutineApp app) : IClassFixture<RoutineApp>
{
    [Fact]
    public async Task A_senior_s_quota_makes_a_queue_and_a_debt_that_released_reviews_pay_and_the_kpi_counts()
    {
        var director = await app.As("director");
        var senior = await app.As("senior1");
        var bad = await director.PutJson("/api/v1/reviews/quotas", new
        {
            quotas = new[] { new { userId = app.UserIds["manager1"], perManagerPerWeek = 2 } },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["quotas[0].userId"], bad.ErrorFields());
        await director.PutJson("/api/v1/reviews/quotas", new
        {
            quotas = new[] { new { userId = app.UserIds["senior1"], perManagerPerWeek = 2 } },
        }).Expect<List<QuotaItem>>();
        var card = await director.PostJson("/api/v1/scorecards", new
        {
            name = "Неделя", questions = new[] { new { text = "Назвал следующий шаг", kind = "YesNo" } },
        }).Expect<ScorecardResponse>(HttpStatusCode.Created);
        card = await director.PostAsync($"/api/v1/scorecards/{card.Id}/publish", null).Expect<ScorecardResponse>();

        async Task<long> Call(string login, int seconds)
        {
            var c = await app.As(login);
            var deal = await c.PostJson("/api/v1/deals", new { title = $"Звонок {seconds}" })
                .Expect<DealResponse>(HttpStatusCode.Created);
            return (await c.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Outgoing",
                callResult = "Connected", durationSeconds = seconds }).Expect<ActivityResponse>(HttpStatusCode.Created)).Id;
        }
        long[] m1 = [await Call("manager1", 60), await Call("manager1", 400), await Call("manager1", 90)];
        var m2 = await Call("manager2", 120);

        var week = await senior.GetAsync("/api/v1/reviews/routine").Expect<RoutineResponse>();
        var mine = Assert.Single(week.Reviewers);
        Assert.Equal((2, 4, 0, 4), (mine.Quota, mine.Due, mine.Done, mine.Owed));
        Assert.Equal([app.UserIds["manager1"], app.UserIds["manager2"]], mine.Managers.Select(m => m.ManagerId).Order());
        var queue = await senior.GetAsync("/api/v1/reviews/queue").Expect<List<QueueItem>>();
        Assert.Equal(2, queue.Count(q => q.ManagerId == app.UserIds["manager1"]));
        Assert.All(queue.Where(q => q.ManagerId == app.UserIds["manager1"]), q => Assert.Contains(q.ActivityId, m1));
        Assert.Equal(m2, Assert.Single(queue, q => q.ManagerId == app.UserIds["manager2"]).ActivityId);
        Assert.Equal(queue.Select(q => q.ActivityId), (await senior.GetAsync("/api/v1/reviews/queue").Expect<List<QueueItem>>())
            .Select(q => q.ActivityId));
        // Every call here is its deal's first; the long one is marked so.
        Assert.All(queue, q => Assert.True(q.Strata.HasFlag(CallStrata.First)));

        var pick = queue.First(q => q.ManagerId == app.UserIds["manager1"]);
        var review = await senior.PostJson("/api/v1/reviews", new { activityId = pick.ActivityId, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        review = await senior.PutJson($"/api/v1/reviews/{review.Id}", new
        {
            answers = new[] { new { questionId = card.Published!.Questions[0].Id, value = 1 } }, version = review.Version,
        }).Expect<ReviewResponse>();
        await senior.PostAsync($"/api/v1/reviews/{review.Id}/release", null).Expect<ReviewResponse>();

        var after = Assert.Single((await senior.GetAsync("/api/v1/reviews/routine").Expect<RoutineResponse>()).Reviewers);
        Assert.Equal((1, 3), (after.Done, after.Owed));
        Assert.Equal((1, 1), after.Managers.Where(m => m.ManagerId == app.UserIds["manager1"]).Select(m => (m.Done, m.Owed)).Single());
        var next = await senior.GetAsync("/api/v1/reviews/queue").Expect<List<QueueItem>>();
        Assert.DoesNotContain(next, q => q.ActivityId == pick.ActivityId);
        Assert.Single(next, q => q.ManagerId == app.UserIds["manager1"]);

        await director.PutJson("/api/v1/kpi/catalog", new { items = new[] { new { code = "CallsReviewed", isEnabled = true } } })
            .Expect<List<KpiIndicatorResponse>>();
        var board = await director.GetAsync($"/api/v1/kpi?from={week.WeekFrom:yyyy-MM-dd}&to={week.WeekTo:yyyy-MM-dd}")
            .Expect<KpiBoardResponse>();
        var seniorRow = board.Rows.Single(r => r.UserId == app.UserIds["senior1"]);
        Assert.Equal(1m, seniorRow.Cells.Single(c => c.Code == KpiCode.CallsReviewed).Fact);
        Assert.Equal(1m, board.Total.Cells.Single(c => c.Code == KpiCode.CallsReviewed).Fact);
        await (await app.As("manager1")).GetAsync("/api/v1/reviews/routine").Problem(HttpStatusCode.Forbidden);
    }
}
