using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Reviews;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Reviews;

internal static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder api)
    {
        var cards = api.MapGroup("/scorecards").WithTags("Reviews");
        cards.MapGet("/", async Task<Ok<IReadOnlyList<ScorecardResponse>>> (ClaimsPrincipal u, ScorecardsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithSummary("The scorecards: the director sees every card and its draft, the others the active published ones");
        cards.MapGet("/{id:int}", async Task<Ok<ScorecardResponse>> (int id, ClaimsPrincipal u, ScorecardsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        cards.MapPost("/", async Task<Created<ScorecardResponse>> (ScorecardRequest r, ClaimsPrincipal u, ScorecardsService s,
                CancellationToken ct) =>
            {
                var card = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/scorecards/{card.Id}", card);
            })
            .WithSummary("A new scorecard with its first draft: questions yes/no, 1–5 or a choice, each with a weight");
        cards.MapPut("/{id:int}/draft", async Task<Ok<ScorecardResponse>> (int id, ScorecardRequest r, ClaimsPrincipal u,
                ScorecardsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveDraftAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Rename or switch the card, and replace its draft (a published revision never changes: this starts the next)");
        cards.MapPost("/{id:int}/publish", async Task<Ok<ScorecardResponse>> (int id, ClaimsPrincipal u, ScorecardsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.PublishAsync(u.ToActor(), id, ct)))
            .WithSummary("Publish the draft: new reviews use it from now on");
        cards.MapGet("/revisions/{id:int}", async Task<Ok<RevisionResponse>> (int id, ScorecardsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RevisionAsync(id, ct)))
            .WithSummary("One revision of a scorecard, as its reviews read it");

        var reviews = api.MapGroup("/reviews").WithTags("Reviews");
        reviews.MapGet("/", async Task<Ok<Page<ReviewListItem>>> ([AsParameters] ReviewQuery q, ClaimsPrincipal u, ReviewsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("The reviews you see, newest first");
        reviews.MapGet("/{id:int}", async Task<Ok<ReviewResponse>> (int id, ClaimsPrincipal u, ReviewsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        reviews.MapPost("/", async Task<Created<ReviewResponse>> (StartReviewRequest r, ClaimsPrincipal u, ReviewsService s,
                CancellationToken ct) =>
            {
                var review = await s.StartAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/reviews/{review.Id}", review);
            })
            .WithSummary("Start reviewing a call on a scorecard: the director any call, a senior the team's, a manager their own");
        reviews.MapPut("/{id:int}", async Task<Ok<ReviewResponse>> (int id, ReviewRequest r, ClaimsPrincipal u, ReviewsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.SaveAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Save the draft's answers and summary (with the version read)");
        reviews.MapPost("/{id:int}/release", async Task<Ok<ReviewResponse>> (int id, ClaimsPrincipal u, ReviewsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ReleaseAsync(u.ToActor(), id, ct)))
            .WithSummary("Release the review to the manager: every question answered, the score fixed");
        reviews.MapPost("/{id:int}/comments", async Task<Ok<ReviewResponse>> (int id, CommentRequest r, ClaimsPrincipal u, ReviewsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.CommentAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Comment, pinned to a second of the recording (atSecond) or not; the manager replies here");
        reviews.MapGet("/routine", async Task<Ok<RoutineResponse>> (DateOnly? day, ClaimsPrincipal u, ReviewRoutine s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.WeekAsync(u.ToActor(), day, ct)))
            .WithSummary("The review week (of a day, this week by default): each reviewer's quota, done and owed per manager");
        reviews.MapGet("/queue", async Task<Ok<IReadOnlyList<QueueItem>>> (ClaimsPrincipal u, ReviewRoutine s, CancellationToken ct) =>
            TypedResults.Ok(await s.QueueAsync(u.ToActor(), ct)))
            .WithSummary("Your calls to review this week, sampled from first calls, calls on lost deals and long calls");
        reviews.MapGet("/effect", async Task<Ok<EffectResponse>> (int scorecardId, int? days, int? managerId, ClaimsPrincipal u,
                ReviewStats s, CancellationToken ct) =>
            TypedResults.Ok(await s.EffectAsync(u.ToActor(), scorecardId, days, managerId, ct)))
            .WithSummary("Per question: of the calls where it was met and where not, the share whose deal moved on within the days");
        reviews.MapGet("/quotas", async Task<Ok<IReadOnlyList<QuotaItem>>> (ClaimsPrincipal u, ReviewRoutine s, CancellationToken ct) =>
            TypedResults.Ok(await s.QuotasAsync(u.ToActor(), ct)));
        reviews.MapPut("/quotas", async Task<Ok<IReadOnlyList<QuotaItem>>> (QuotasRequest r, ClaimsPrincipal u, ReviewRoutine s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.SetQuotasAsync(u.ToActor(), r, ct)))
            .WithSummary("Set reviewers' weekly quotas: { \"quotas\": [{ \"userId\": 2, \"perManagerPerWeek\": 2 }] }");
        var best = api.MapGroup("/best-calls").WithTags("Reviews");
        best.MapGet("/", async Task<Ok<IReadOnlyList<BestCallResponse>>> ([AsParameters] BestCallQuery q, ClaimsPrincipal u,
                BestCallsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("The library of best calls, newest first, by stage, product or text; every seller plays them");
        best.MapPost("/", async Task<Created<BestCallResponse>> (BestCallRequest r, ClaimsPrincipal u, BestCallsService s,
                CancellationToken ct) =>
            {
                var kept = await s.AddAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/best-calls/{kept.Id}", kept);
            })
            .WithSummary("Keep a call or a clip (fromSecond–toSecond) as an example, with why it is good (the director's, a senior's)");
        best.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, BestCallsService s, CancellationToken ct) =>
        {
            await s.RemoveAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        best.MapGet("/candidates", async Task<Ok<IReadOnlyList<BestCallCandidate>>> (ClaimsPrincipal u, BestCallsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.CandidatesAsync(u.ToActor(), ct)))
            .WithSummary("Calls to propose: reviews scored 85 % or more on deals that moved on within two weeks after the call");
        return api;
    }
}
