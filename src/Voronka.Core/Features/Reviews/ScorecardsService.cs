using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Reviews;

/// <summary>A question as the director writes it. A choice question names 2 to 10 options, each worth 0–100 %.</summary>
public sealed record QuestionRequest(
    string? Text, QuestionKind? Kind, IReadOnlyList<ChoiceOption>? Options = null, int? Weight = null, bool AllowNa = false,
    bool Critical = false, string? Guide = null);

/// <summary>A scorecard's name and switch, and its draft: which calls it is for, the pass mark (70 % by default) and the
/// questions, replaced whole.</summary>
public sealed record ScorecardRequest(
    string? Name, CallWay? Way = null, int? PipelineId = null, int? StageId = null, int? MinDurationSeconds = null, int? PassMark = null,
    IReadOnlyList<QuestionRequest>? Questions = null, bool? IsActive = null);

public sealed record QuestionResponse(
    int Id, int Position, string Text, QuestionKind Kind, IReadOnlyList<ChoiceOption> Options, int Weight, bool AllowNa, bool Critical,
    string? Guide);

public sealed record RevisionResponse(
    int Id, int ScorecardId, int Number, CallWay? Way, int? PipelineId, int? StageId, int? MinDurationSeconds, int PassMark,
    DateTime CreatedAt, DateTime? PublishedAt, IReadOnlyList<QuestionResponse> Questions);

/// <summary>A scorecard with the revision new reviews use (<see cref="Published"/>) and the one being edited.</summary>
public sealed record ScorecardResponse(
    int Id, string Name, bool IsActive, DateTime CreatedAt, RevisionResponse? Published, RevisionResponse? Draft, int Reviews);

/// <summary>The director's scorecards: a draft is edited freely; publishing freezes it, and the next edit starts the next
/// revision, so a review always reads the questions it was made on.</summary>
public sealed class ScorecardsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const int MaxQuestions = 50;

    public async Task<IReadOnlyList<ScorecardResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var cards = await db.Set<Scorecard>().AsNoTracking().Where(s => actor.IsDirector || s.IsActive).OrderBy(s => s.Name)
            .ToListAsync(ct);
        var result = new List<ScorecardResponse>();
        foreach (var card in cards)
        {
            var response = await ResponseAsync(db, card, actor.IsDirector, ct);
            if (response.Published is not null || actor.IsDirector) result.Add(response);
        }
        return result;
    }

    public async Task<ScorecardResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var card = await db.Set<Scorecard>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && (actor.IsDirector || s.IsActive), ct)
            ?? throw new NotFoundException("Scorecard", id);
        return await ResponseAsync(db, card, actor.IsDirector, ct);
    }

    public async Task<RevisionResponse> RevisionAsync(int revisionId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await RevisionAsync(db, revisionId, ct) ?? throw new NotFoundException("Scorecard revision", revisionId);
    }

    public async Task<ScorecardResponse> CreateAsync(Actor actor, ScorecardRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var revision = await BuildAsync(db, r, true, ct);
        var card = new Scorecard { Name = r.Name!.Trim(), IsActive = r.IsActive ?? true, CreatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(card);
        await db.SaveChangesAsync(ct);
        (revision.ScorecardId, revision.Number, revision.CreatedAt) = (card.Id, 1, now);
        db.Add(revision);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(actor, card.Id, ct);
    }

    /// <summary>Renames the card, switches it, and replaces its draft (started from nothing when none is open).</summary>
    public async Task<ScorecardResponse> SaveDraftAsync(Actor actor, int id, ScorecardRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var card = await db.Set<Scorecard>().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Scorecard", id);
        var revision = await BuildAsync(db, r, false, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        card.Name = Text.Clean(r.Name) ?? card.Name;
        card.IsActive = r.IsActive ?? card.IsActive;
        if (r.Questions is not null)
        {
            var draft = await db.Set<ScorecardRevision>().Include(x => x.Questions)
                .FirstOrDefaultAsync(x => x.ScorecardId == id && x.PublishedAt == null, ct);
            var last = await db.Set<ScorecardRevision>().Where(x => x.ScorecardId == id).MaxAsync(x => (int?)x.Number, ct) ?? 0;
            var number = draft?.Number ?? last + 1;
            if (draft is not null) db.Remove(draft);
            await db.SaveChangesAsync(ct);
            (revision.ScorecardId, revision.Number, revision.CreatedAt) = (id, number, clock.GetUtcNow().UtcDateTime);
            db.Add(revision);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Publishes the draft: from now on new reviews use it, and it never changes.</summary>
    public async Task<ScorecardResponse> PublishAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var draft = await db.Set<ScorecardRevision>().FirstOrDefaultAsync(x => x.ScorecardId == id && x.PublishedAt == null, ct)
            ?? (await db.Set<Scorecard>().AnyAsync(s => s.Id == id, ct)
                ? throw new ConflictException("The scorecard has no draft to publish; edit it first.")
                : throw new NotFoundException("Scorecard", id));
        draft.PublishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Checks the request and builds the draft it describes; a new card needs its name and questions.</summary>
    private static async Task<ScorecardRevision> BuildAsync(VoronkaDbContext db, ScorecardRequest r, bool creating,
        CancellationToken ct)
    {
        var v = new Validator();
        if (creating) v.Required(r.Name, "name", 200);
        else v.MaxLength(r.Name, "name", 200);
        if (r.PipelineId is int p && !await db.Pipelines.AnyAsync(x => x.Id == p, ct)) v.Add("pipelineId", "does not exist.");
        if (r.StageId is int s && !await db.Stages.AnyAsync(x => x.Id == s && (r.PipelineId == null || x.PipelineId == r.PipelineId), ct))
            v.Add("stageId", "is not a stage of the pipeline.");
        v.Check(r.MinDurationSeconds is null or (>= 0 and <= 86_400), "minDurationSeconds", "must be between 0 and 86400.");
        v.Check(r.PassMark is null or (>= 0 and <= 100), "passMark", "must be between 0 and 100.");
        var questions = r.Questions ?? [];
        if (creating || r.Questions is not null)
            v.Check(questions.Count is >= 1 and <= MaxQuestions, "questions", $"must hold 1 to {MaxQuestions} questions.");
        for (var i = 0; i < questions.Count; i++) Check(questions[i], v, $"questions[{i}].");
        v.ThrowIfInvalid();
        return new ScorecardRevision
        {
            Way = r.Way, PipelineId = r.PipelineId, StageId = r.StageId, MinDurationSeconds = r.MinDurationSeconds,
            PassMark = r.PassMark ?? 70,
            Questions = questions.Select((q, i) => new ScorecardQuestion
            {
                Position = i + 1, Text = q.Text!.Trim(), Kind = q.Kind!.Value, Weight = q.Weight ?? 1, AllowNa = q.AllowNa,
                Critical = q.Critical, Guide = Text.Clean(q.Guide),
                Options = q.Kind == QuestionKind.Choice ? q.Options!.Select(o => new ChoiceOption(o.Label.Trim(), o.Score)).ToList() : [],
            }).ToList(),
        };
    }

    private static void Check(QuestionRequest q, Validator v, string prefix)
    {
        v.Required(q.Text, prefix + "text", 500).MaxLength(q.Guide, prefix + "guide", 2000);
        if (q.Kind is null) v.Add(prefix + "kind", "is required: YesNo, Scale or Choice.");
        v.Check(q.Weight is null or (>= 1 and <= 10), prefix + "weight", "must be between 1 and 10.");
        if (q.Kind == QuestionKind.Choice)
        {
            if (q.Options is not { Count: >= 2 and <= 10 }) v.Add(prefix + "options", "must hold 2 to 10 choices.");
            else if (q.Options.Any(o => string.IsNullOrWhiteSpace(o.Label) || o.Label.Trim().Length > 100 || o.Score is < 0 or > 100))
                v.Add(prefix + "options", "must each have a label of at most 100 characters and a score from 0 to 100.");
        }
        else if (q.Options is { Count: > 0 }) v.Add(prefix + "options", "apply to choice questions only.");
    }

    private static async Task<ScorecardResponse> ResponseAsync(VoronkaDbContext db, Scorecard card, bool withDraft, CancellationToken ct)
    {
        var published = await db.Set<ScorecardRevision>().Where(x => x.ScorecardId == card.Id && x.PublishedAt != null)
            .OrderByDescending(x => x.Number).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
        var draft = withDraft ? await db.Set<ScorecardRevision>().Where(x => x.ScorecardId == card.Id && x.PublishedAt == null)
            .Select(x => (int?)x.Id).FirstOrDefaultAsync(ct) : null;
        var reviews = await (from r in db.Set<CallReview>()
                             join x in db.Set<ScorecardRevision>() on r.RevisionId equals x.Id
                             where x.ScorecardId == card.Id
                             select r.Id).CountAsync(ct);
        return new ScorecardResponse(card.Id, card.Name, card.IsActive, card.CreatedAt,
            published is int p ? await RevisionAsync(db, p, ct) : null, draft is int d ? await RevisionAsync(db, d, ct) : null, reviews);
    }

    internal static async Task<RevisionResponse?> RevisionAsync(VoronkaDbContext db, int id, CancellationToken ct)
    {
        var r = await db.Set<ScorecardRevision>().AsNoTracking().Include(x => x.Questions).FirstOrDefaultAsync(x => x.Id == id, ct);
        return r is null ? null : new RevisionResponse(r.Id, r.ScorecardId, r.Number, r.Way, r.PipelineId, r.StageId, r.MinDurationSeconds,
            r.PassMark, r.CreatedAt, r.PublishedAt, r.Questions.OrderBy(q => q.Position).Select(q => new QuestionResponse(q.Id, q.Position,
                q.Text, q.Kind, q.Options, q.Weight, q.AllowNa, q.Critical, q.Guide)).ToList());
    }
}
