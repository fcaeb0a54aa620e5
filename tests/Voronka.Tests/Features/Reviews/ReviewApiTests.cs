using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Reviews;
using Voronka.Tests.Features.Telephony;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Reviews;

/// <summary>The director's scorecards and reviews through the API.</summary>
public class ReviewApiTests(RecordingApp app) : IClassFixture<RecordingApp>
{
    private static object Questions() => new object[]
    {
        new { text = "Выявил потребность", kind = "YesNo", weight = 3, critical = true,
            guide = "Задал открытые вопросы" },
        new { text = "Отработал возражение", kind = "Scale", weight = 2 },
        new { text = "Договорился о следующем шаге", kind = "Choice", weight = 1,
            options = new[]
            {
                new { label = "Нет", score = 0 }, new { label = "Частично", score = 50 }, new { label = "Да", score = 100 },
            } },
        new { text = "Презентовал КП", kind = "YesNo", weight = 2, allowNa = true },
    };

    private async Task<ScorecardResponse> PublishedCardAsync(string name)
    {
        var director = await app.As("director");
        var card = await director.PostJson("/api/v1/scorecards", new { name, questions = Questions() })
            .Expect<ScorecardResponse>(HttpStatusCode.Created);
        return await director.PostAsync($"/api/v1/scorecards/{card.Id}/publish", null).Expect<ScorecardResponse>();
    }

    private static object[] Answers(RevisionResponse r, int q1, int q2, int q3) =>
    [
        new { questionId = r.Questions[0].Id, value = q1, comment = "Хорошо" },
        new { questionId = r.Questions[1].Id, value = q2 },
        new { questionId = r.Questions[2].Id, value = q3 },
        new { questionId = r.Questions[3].Id, na = true },
    ];

    [Fact]
    public async Task The_director_reviews_a_call_the_manager_reads_the_released_review_and_replies()
    {
        var card = await PublishedCardAsync("Первый звонок");
        var revision = card.Published!;
        var (deal, call) = await app.LoggedCallAsync("Разбор звонка");
        var director = await app.As("director");
        var review = await director.PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        Assert.Equal((ReviewStatus.Draft, app.UserIds["manager1"], deal.Id), (review.Status, review.ManagerId, review.DealId));

        // A draft is the reviewer's: the manager does not see it yet.
        var m1 = await app.As("manager1");
        await m1.GetAsync($"/api/v1/reviews/{review.Id}").Problem(HttpStatusCode.NotFound);
        var half = await director.PutJson($"/api/v1/reviews/{review.Id}", new { answers = Answers(revision, 1, 4, 1).Take(2),
            summary = "Хороший звонок", version = review.Version }).Expect<ReviewResponse>();
        var missing = await director.PostAsync($"/api/v1/reviews/{review.Id}/release", null).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["questions[3]", "questions[4]"], missing.ErrorFields().Order());
        var full = await director.PutJson($"/api/v1/reviews/{review.Id}", new { answers = Answers(revision, 1, 4, 1),
            summary = "Хороший звонок", version = half.Version }).Expect<ReviewResponse>();
        await director.PostJson($"/api/v1/reviews/{review.Id}/comments",
            new { text = "Здесь пауза затянулась", atSecond = 95 }).Expect<ReviewResponse>();
        var released = await director.PostAsync($"/api/v1/reviews/{review.Id}/release", null).Expect<ReviewResponse>();
        // (3 × 1 + 2 × 0.75 + 1 × 0.5) ÷ 6, the N/A question left out.
        Assert.Equal((ReviewStatus.Released, 83.33m, false, true),
            (released.Status, released.Score, released.CriticalFailed, released.Passed));
        Assert.Equal([100m, 75m, 50m, null], released.Answers.Select(a => a.Score));
        await director.PutJson($"/api/v1/reviews/{review.Id}", new { answers = Answers(revision, 0, 1, 0), version = full.Version })
            .Problem(HttpStatusCode.Conflict);

        var read = await m1.GetAsync($"/api/v1/reviews/{review.Id}").Expect<ReviewResponse>();
        Assert.Equal((95, "Здесь пауза затянулась"), (read.Comments.Single().AtSecond, read.Comments.Single().Text));
        Assert.Contains(await app.Db(db => db.Notifications.Where(n => n.UserId == app.UserIds["manager1"]).ToListAsync()),
            n => n.Kind == NotificationKind.ReviewReleased && n.Link == $"/reviews/{review.Id}");
        var replied = await m1.PostJson($"/api/v1/reviews/{review.Id}/comments",
            new { text = "Согласен, поработаю над паузами" }).Expect<ReviewResponse>();
        Assert.Equal(2, replied.Comments.Count);
        Assert.Contains(await app.Db(db => db.Notifications.Where(n => n.UserId == app.UserIds["director"]).ToListAsync()),
            n => n.Kind == NotificationKind.ReviewComment && n.Link == $"/reviews/{review.Id}");
        Assert.Contains((await m1.GetFromJsonAsync<Page<ReviewListItem>>("/api/v1/reviews", Http.Json))!.Items, r => r.Id == review.Id);
        await (await app.As("manager3")).GetAsync($"/api/v1/reviews/{review.Id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("senior1")).GetAsync($"/api/v1/reviews/{review.Id}").Expect<ReviewResponse>();
    }

    [Fact]
    public async Task Answers_are_checked_against_their_questions()
    {
        var card = await PublishedCardAsync("Проверка ответов");
        var q = card.Published!.Questions;
        var (_, call) = await app.LoggedCallAsync("Проверка ответов");
        var director = await app.As("director");
        var review = await director.PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        var bad = await director.PutJson($"/api/v1/reviews/{review.Id}", new
        {
            answers = new object[]
            {
                new { questionId = q[0].Id, value = 2 }, new { questionId = q[1].Id, value = 6 }, new { questionId = q[2].Id, value = 3 },
                new { questionId = q[0].Id + 1000, value = 1 }, new { questionId = q[1].Id, na = true },
            },
            version = review.Version,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["answers", "answers[0].value", "answers[1].value", "answers[2].value", "answers[3].questionId", "answers[4].na"],
            bad.ErrorFields().Order());
        Assert.Empty((await director.GetAsync($"/api/v1/reviews/{review.Id}").Expect<ReviewResponse>()).Answers);
        await (await app.As("manager1")).PutJson($"/api/v1/reviews/{review.Id}", new { answers = Array.Empty<object>(), version = 1 })
            .Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_manager_reviews_only_their_own_calls_and_a_senior_only_the_team_s()
    {
        var card = await PublishedCardAsync("Кто оценивает");
        var (_, call) = await app.LoggedCallAsync("Чей звонок");
        var self = await (await app.As("manager1")).PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        Assert.Equal((app.UserIds["manager1"], app.UserIds["manager1"]), (self.ReviewerId, self.ManagerId));
        await (await app.As("manager2")).PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Problem(HttpStatusCode.BadRequest);
        await (await app.As("senior2")).PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Problem(HttpStatusCode.BadRequest);
        await (await app.As("senior1")).PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        // Without a scorecard named, the first active one that fits the call is taken; none fits an incoming-only card.
        var director = await app.As("director");
        var incoming = await director.PostJson("/api/v1/scorecards", new
        {
            name = "Ааа входящие", way = "In", questions = new[] { new { text = "Поздоровался", kind = "YesNo" } },
        }).Expect<ScorecardResponse>(HttpStatusCode.Created);
        await director.PostAsync($"/api/v1/scorecards/{incoming.Id}/publish", null).Expect<ScorecardResponse>();
        var fitted = await director.PostJson("/api/v1/reviews", new { activityId = call.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        Assert.NotEqual("Ааа входящие", fitted.ScorecardName);
        await director.PutJson($"/api/v1/scorecards/{incoming.Id}/draft", new { isActive = false }).Expect<ScorecardResponse>();
        var meeting = await (await app.As("manager1")).PostJson("/api/v1/activities", new { type = "Meeting", dealId = call.DealId })
            .Expect<ActivityResponse>(HttpStatusCode.Created);
        Assert.Equal(["activityId"], (await (await app.As("director")).PostJson("/api/v1/reviews",
            new { activityId = meeting.Id, scorecardId = card.Id }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_published_card_never_changes_editing_makes_the_next_revision_and_old_reviews_keep_theirs()
    {
        var director = await app.As("director");
        var card = await PublishedCardAsync("Ревизии");
        var (_, call) = await app.LoggedCallAsync("Ревизии");
        var first = await director.PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        var edited = await director.PutJson($"/api/v1/scorecards/{card.Id}/draft", new
        {
            questions = new object[] { new { text = "Назвал цену", kind = "YesNo" } }, passMark = 100,
        }).Expect<ScorecardResponse>();
        Assert.Equal((1, 2), (edited.Published!.Number, edited.Draft!.Number));
        Assert.Equal(4, edited.Published.Questions.Count);
        await director.PostAsync($"/api/v1/scorecards/{card.Id}/publish", null).Expect<ScorecardResponse>();
        await director.PostAsync($"/api/v1/scorecards/{card.Id}/publish", null).Problem(HttpStatusCode.Conflict);
        var second = await director.PostJson("/api/v1/reviews", new { activityId = call.Id, scorecardId = card.Id })
            .Expect<ReviewResponse>(HttpStatusCode.Created);
        Assert.Equal((1, 2), (first.Revision.Number, second.Revision.Number));
        var again = await director.GetAsync($"/api/v1/reviews/{first.Id}").Expect<ReviewResponse>();
        string[] first4 =
        [
            "Выявил потребность", "Отработал возражение",
            "Договорился о следующем шаге", "Презентовал КП",
        ];
        Assert.Equal(first4, again.Revision.Questions.Select(q => q.Text));
        Assert.Equal("Назвал цену", Assert.Single(second.Revision.Questions).Text);
        var sellers = await (await app.As("manager1")).GetAsync("/api/v1/scorecards").Expect<List<ScorecardResponse>>();
        Assert.All(sellers, s => Assert.Null(s.Draft));
    }

    [Fact]
    public async Task A_bad_scorecard_is_refused_naming_each_field()
    {
        var problem = await (await app.As("director")).PostJson("/api/v1/scorecards", new
        {
            name = "", passMark = 120, questions = new object[]
            {
                new { text = "", kind = "Choice", weight = 11, options = new[] { new { label = "Один", score = 10 } } },
                new { text = "Да или нет", kind = "YesNo", options = new[] { new { label = "x", score = 1 } } },
            },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["name", "passMark", "questions[0].options", "questions[0].text", "questions[0].weight", "questions[1].options"],
            problem.ErrorFields().Order());
        await (await app.As("senior1")).PostJson("/api/v1/scorecards", new { name = "x", questions = Questions() })
            .Problem(HttpStatusCode.Forbidden);
    }
}
