using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Objections;

/// <summary>
/// The library of typical client questions and objections: everyone signed in reads it; the director and the seniors keep
/// it (the approved answer and its variants); a starter set of typical B2B questions in Russian or English is added on
/// request. Who sells tags the objection heard on a call or meeting they see; a reviewer tags it from a review.
/// </summary>
public sealed class ObjectionsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<IReadOnlyList<ObjectionResponse>> ListAsync(Actor actor, ObjectionQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<Objection>().AsQueryable();
        q = query.Archived == true ? q.Where(o => o.ArchivedAt != null) : q.Where(o => o.ArchivedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            var kind = ValidationFailedException.ParseEnum(query.Kind, "kind", ObjectionKind.Objection);
            q = q.Where(o => o.Kind == kind);
        }
        if (query.StageId is int s) q = q.Where(o => o.StageId == s);
        if (Text.Clean(query.Q)?.ToLower() is string text)
            q = q.Where(o => o.Text.ToLower().Contains(text) || o.Answer.ToLower().Contains(text)
                || o.Variants.Any(x => x.Text.ToLower().Contains(text)));
        return await ProjectAsync(db, q.OrderBy(o => o.Kind).ThenBy(o => o.Text), ct);
    }

    public async Task<ObjectionResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await ProjectAsync(db, db.Set<Objection>().Where(o => o.Id == id), ct)).FirstOrDefault()
            ?? throw new NotFoundException("Objection", id);
    }

    public async Task<ObjectionResponse> CreateAsync(Actor actor, ObjectionRequest r, CancellationToken ct)
    {
        RequireKeeper(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var o = new Objection { CreatedAt = clock.GetUtcNow().UtcDateTime };
        await ApplyAsync(db, o, r, clock.GetUtcNow().UtcDateTime, ct);
        db.Add(o);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, o.Id, ct);
    }

    public async Task<ObjectionResponse> UpdateAsync(Actor actor, int id, ObjectionRequest r, CancellationToken ct)
    {
        RequireKeeper(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var o = await db.Set<Objection>().Include(x => x.Variants).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Objection", id);
        Versions.Check(db, o, r.Version, o.Version, "objection");
        await ApplyAsync(db, o, r, clock.GetUtcNow().UtcDateTime, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Versions.Conflict("objection");
        }
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Takes it out of the library (its tags and statistics stay) or puts it back.</summary>
    public async Task<ObjectionResponse> ArchiveAsync(Actor actor, int id, bool archived, CancellationToken ct)
    {
        RequireKeeper(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        DateTime? at = archived ? clock.GetUtcNow().UtcDateTime : null;
        if (await db.Set<Objection>().Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ArchivedAt, at), ct) == 0)
            throw new NotFoundException("Objection", id);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Adds the starter set in a language ("ru" or "en"): the questions not in the library yet, word for word.</summary>
    public async Task<IReadOnlyList<ObjectionResponse>> AddStarterSetAsync(Actor actor, string? language, CancellationToken ct)
    {
        actor.RequireDirector();
        var set = StarterObjections.For(language) ?? throw ValidationFailedException.For("language", "must be ru or en.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var have = (await db.Set<Objection>().Select(o => o.Text).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (kind, text, answer) in set.Where(x => !have.Contains(x.Text)))
            db.Add(new Objection { Kind = kind, Text = text, Answer = answer, CreatedAt = now, UpdatedAt = now, Version = 1 });
        await db.SaveChangesAsync(ct);
        return await ListAsync(actor, new ObjectionQuery(), ct);
    }

    /// <summary>The objections tagged on a call or meeting the actor sees.</summary>
    public async Task<IReadOnlyList<TagResponse>> TagsAsync(Actor actor, long activityId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Activities().AnyAsync(a => a.Id == activityId, ct)) throw new NotFoundException("Activity", activityId);
        return await ProjectTags(db, db.Set<ObjectionTag>().Where(t => t.ActivityId == activityId)).ToListAsync(ct);
    }

    /// <summary>Tags the objection heard on a call or meeting (again: changes the answer given). Whoever sells and sees the
    /// activity tags it; from a review, the review must be of this call.</summary>
    public async Task<TagResponse> TagAsync(Actor actor, long activityId, TagRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var activity = await scope.Activities().Where(a => a.Id == activityId).Select(a => new { a.Type, a.DealId, a.OccurredAt })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Activity", activityId);
        var v = new Validator();
        v.Check(activity.Type is ActivityType.Call or ActivityType.Meeting or ActivityType.Presale, "activityId",
            "must be a call, a meeting or a presale.");
        var objection = r.ObjectionId is int oid
            ? await db.Set<Objection>().Where(o => o.Id == oid).Select(o => new { o.Id, o.ArchivedAt }).FirstOrDefaultAsync(ct)
            : null;
        if (r.ObjectionId is null) v.Add("objectionId", "is required.");
        else if (objection is null || objection.ArchivedAt is not null) v.Add("objectionId", "is not in the library.");
        if (r.VariantId is int vid && !await db.Set<ObjectionVariant>().AnyAsync(x => x.Id == vid && x.ObjectionId == r.ObjectionId, ct))
            v.Add("variantId", "is not a variant of the objection.");
        if (r.VariantId is not null && r.Answered == false) v.Add("answered", "cannot be false when a variant is given.");
        if (r.ReviewId is int rid && !await db.Set<CallReview>().AnyAsync(x => x.Id == rid && x.ActivityId == activityId, ct))
            v.Add("reviewId", "is not a review of this call.");
        v.ThrowIfInvalid();
        var stageId = activity.DealId is int dealId ? await StageAtAsync(db, dealId, activity.OccurredAt, ct) : null;
        var tag = await db.Set<ObjectionTag>().FirstOrDefaultAsync(t => t.ActivityId == activityId && t.ObjectionId == r.ObjectionId, ct);
        if (tag is null) db.Add(tag = new ObjectionTag { ActivityId = activityId, ObjectionId = r.ObjectionId!.Value });
        (tag.VariantId, tag.Answered, tag.StageId, tag.ReviewId) = (r.VariantId, r.Answered ?? true, stageId, r.ReviewId ?? tag.ReviewId);
        (tag.TaggedById, tag.TaggedAt) = (actor.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await ProjectTags(db, db.Set<ObjectionTag>().Where(t => t.Id == tag.Id)).SingleAsync(ct);
    }

    public async Task UntagAsync(Actor actor, long activityId, int objectionId, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Activities().AnyAsync(a => a.Id == activityId, ct)) throw new NotFoundException("Activity", activityId);
        await db.Set<ObjectionTag>().Where(t => t.ActivityId == activityId && t.ObjectionId == objectionId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The stage the deal stood in at a moment: the last it entered by then, or its first stage for a moment before
    /// the deal was made (a call logged on a deal opened after it).</summary>
    internal static async Task<int?> StageAtAsync(VoronkaDbContext db, int dealId, DateTime at, CancellationToken ct)
    {
        var changes = db.DealStageChanges.Where(c => c.DealId == dealId);
        return await changes.Where(c => c.ChangedAt <= at).OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
                .Select(c => (int?)c.ToStageId).FirstOrDefaultAsync(ct)
            ?? await changes.OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).Select(c => (int?)c.ToStageId).FirstOrDefaultAsync(ct);
    }

    private static void RequireKeeper(Actor actor)
    {
        if (!(actor.IsDirector || actor.IsSenior))
            throw new ForbiddenException("The director and the seniors keep the library of objections.");
    }

    private static async Task ApplyAsync(VoronkaDbContext db, Objection o, ObjectionRequest r, DateTime now, CancellationToken ct)
    {
        var v = new Validator();
        ObjectionKind kind = o.Kind;
        if (string.IsNullOrWhiteSpace(r.Kind)) v.Add("kind", "is required.");
        else if (!Enum.TryParse(r.Kind.Trim(), true, out kind) || !Enum.IsDefined(kind) || int.TryParse(r.Kind, out _))
            v.Add("kind", "must be question or objection.");
        v.Required(r.Text, "text", ObjectionConfiguration.MaxText).MaxLength(r.Answer, "answer", SafeMarkdown.MaxLength);
        if (r.StageId is int s && !await db.Stages.AnyAsync(x => x.Id == s, ct)) v.Add("stageId", "does not exist.");
        var variants = r.Variants ?? [];
        v.Check(variants.Length <= 20, "variants", "must hold at most 20 answers.");
        for (var i = 0; i < variants.Length; i++)
        {
            v.Required(variants[i].Text, $"variants[{i}].text", SafeMarkdown.MaxLength);
            if (variants[i].Id is int id && !o.Variants.Any(x => x.Id == id))
                v.Add($"variants[{i}].id", "is not a variant of the objection.");
        }
        var text = Text.Clean(r.Text);
        if (text is not null && await db.Set<Objection>().AnyAsync(x => x.Id != o.Id && x.Text.ToLower() == text.ToLower(), ct))
            v.Add("text", "is already in the library.");
        v.ThrowIfInvalid();
        (o.Kind, o.Text, o.Answer, o.StageId, o.UpdatedAt) = (kind, text!, r.Answer?.Trim() ?? "", r.StageId, now);
        var kept = variants.Where(x => x.Id is not null).Select(x => x.Id!.Value).ToHashSet();
        foreach (var gone in o.Variants.Where(x => !kept.Contains(x.Id) && x.ArchivedAt is null)) gone.ArchivedAt = o.UpdatedAt;
        for (var i = 0; i < variants.Length; i++)
        {
            var row = variants[i].Id is int id ? o.Variants.First(x => x.Id == id) : null;
            if (row is null) o.Variants.Add(row = new ObjectionVariant());
            (row.Text, row.Position, row.ArchivedAt) = (variants[i].Text!.Trim(), i + 1, null);
        }
        o.Version++;
    }

    private static async Task<IReadOnlyList<ObjectionResponse>> ProjectAsync(VoronkaDbContext db, IQueryable<Objection> q,
        CancellationToken ct)
    {
        var rows = await q.Select(o => new
        {
            o,
            Stage = db.Stages.Where(s => s.Id == o.StageId).Select(s => s.Name).FirstOrDefault(),
            Variants = o.Variants.OrderBy(x => x.ArchivedAt != null).ThenBy(x => x.Position).ToList(),
            Heard = db.Set<ObjectionTag>().Count(t => t.ObjectionId == o.Id),
        }).AsSplitQuery().ToListAsync(ct);
        return rows.Select(x => new ObjectionResponse(x.o.Id, x.o.Kind, x.o.Text, x.o.Answer, SafeMarkdown.ToHtml(x.o.Answer), x.o.StageId,
            x.Stage,
            x.Variants.Select(v => new VariantResponse(v.Id, v.Text, SafeMarkdown.ToHtml(v.Text), v.Position, v.ArchivedAt != null))
                .ToList(),
            x.Heard, x.o.Version, x.o.UpdatedAt, x.o.ArchivedAt)).ToList();
    }

    private static IQueryable<TagResponse> ProjectTags(VoronkaDbContext db, IQueryable<ObjectionTag> q) =>
        from t in q
        join o in db.Set<Objection>() on t.ObjectionId equals o.Id
        join u in db.Users on t.TaggedById equals u.Id
        orderby t.Id
        select new TagResponse(t.Id, t.ActivityId, t.ObjectionId, o.Text, t.VariantId,
            db.Set<ObjectionVariant>().Where(x => x.Id == t.VariantId).Select(x => x.Text).FirstOrDefault(), t.Answered, t.StageId,
            t.ReviewId, t.TaggedById, u.FullName, t.TaggedAt);
}
