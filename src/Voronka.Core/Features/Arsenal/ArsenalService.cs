using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Proposals;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Arsenal;

/// <summary>
/// The team's arsenal: everyone signed in reads it and searches it; the director and the seniors add items; they and an
/// item's owner change it (each change of content a new numbered version, older ones kept); the owner (or the director)
/// confirms it is still right, and an item past its date is stale. The deal card lists the items of its stage and products.
/// </summary>
public sealed class ArsenalService(
    IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, FileStore store, FilesService files, ProposalsService proposals)
{
    /// <summary>An item nobody opened, copied or sent for this many days (and older than that) is listed as unused.</summary>
    public const int UnusedDays = 60;
    public const int DefaultVerifyEveryDays = 90;
    private const int MaxLinks = 50;

    public async Task<IReadOnlyList<ArsenalListItem>> ListAsync(Actor actor, ArsenalQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<ArsenalItem>().AsQueryable();
        q = query.Archived == true ? q.Where(i => i.ArchivedAt != null) : q.Where(i => i.ArchivedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            var kind = ValidationFailedException.ParseEnum(query.Kind, "kind", ArsenalKind.Script);
            q = q.Where(i => i.Kind == kind);
        }
        if (Text.Clean(query.Q)?.ToLower() is string text)
            q = q.Where(i => i.Title.ToLower().Contains(text) || i.Body.ToLower().Contains(text));
        if (query.StageId is int s) q = q.Where(i => i.Stages.Any(x => x.StageId == s));
        if (query.ProductId is int p) q = q.Where(i => i.Products.Any(x => x.ProductId == p));
        if (query.ObjectionId is int o) q = q.Where(i => i.Objections.Any(x => x.ObjectionId == o));
        if (query.OwnerId is int owner) q = q.Where(i => i.OwnerId == owner);
        var now = clock.GetUtcNow().UtcDateTime;
        if (query.Stale == true) q = q.Where(i => i.VerifyBy < now);
        if (query.Unused == true)
        {
            var since = now.AddDays(-UnusedDays);
            q = q.Where(i => i.CreatedAt < since && !db.Set<ArsenalUse>().Any(u => u.ItemId == i.Id && u.Kind != ArsenalUseKind.ClientOpened
                && u.At >= since));
        }
        return await ListedAsync(db, q, now, false, ct);
    }

    /// <summary>The items for a deal the actor sees: those linked to its stage or to a product among its lines.</summary>
    public async Task<IReadOnlyList<ArsenalListItem>> ForDealAsync(Actor actor, int dealId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deal = await scope.Deals().Where(d => d.Id == dealId)
            .Select(d => new { d.StageId, Products = d.Lines.Select(l => l.ProductId) }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Deal", dealId);
        var products = deal.Products.ToList();
        var q = db.Set<ArsenalItem>().Where(i => i.ArchivedAt == null
            && (i.Stages.Any(x => x.StageId == deal.StageId) || i.Products.Any(x => products.Contains(x.ProductId))));
        return await ListedAsync(db, q, clock.GetUtcNow().UtcDateTime, true, ct);
    }

    public async Task<ArsenalItemResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await ResponseAsync(db, id, ct);
    }

    public async Task<ArsenalItemResponse> CreateAsync(Actor actor, ArsenalRequest r, CancellationToken ct)
    {
        RequireKeeper(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var item = new ArsenalItem { CreatedAt = now, OwnerId = actor.UserId, VerifyEveryDays = DefaultVerifyEveryDays };
        await ApplyAsync(db, item, r, actor, now, ct);
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return await ResponseAsync(db, item.Id, ct);
    }

    public async Task<ArsenalItemResponse> UpdateAsync(Actor actor, int id, ArsenalRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Set<ArsenalItem>().Include(i => i.Stages).Include(i => i.Products).Include(i => i.Objections)
            .FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("Arsenal item", id);
        RequireEditor(actor, item);
        Versions.Check(db, item, r.Version, item.Version, "arsenal item");
        await ApplyAsync(db, item, r, actor, clock.GetUtcNow().UtcDateTime, ct);
        await SaveAsync(db, ct);
        return await ResponseAsync(db, id, ct);
    }

    /// <summary>Attaches a file (a video, a document, a proposal template) as the item's new version; the old one is kept.</summary>
    public async Task<ArsenalItemResponse> UploadAsync(Actor actor, int id, string? fileName, Stream content, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Set<ArsenalItem>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("Arsenal item", id);
        RequireEditor(actor, item);
        var (file, name, kind) = await files.KeepAsync("arsenal", fileName, content, ct);
        try
        {
            if (item.Kind == ArsenalKind.ProposalTemplate && kind.Extensions[0] != ".docx")
                throw ValidationFailedException.For("file", "must be a DOCX document for a proposal template.");
            if (item.Kind == ArsenalKind.Video && !kind.ContentType.StartsWith("video/", StringComparison.Ordinal))
                throw ValidationFailedException.For("file", "must be an MP4 video.");
            if (item.Kind == ArsenalKind.ProposalTemplate) await proposals.RequireGoodTemplateAsync(file.Key, ct);
            (item.FileName, item.FileType, item.FileSize, item.FileKey) = (name, kind.ContentType, file.Size, file.Key);
            AddVersion(db, item, actor, clock.GetUtcNow().UtcDateTime);
            await SaveAsync(db, ct);
        }
        catch
        {
            store.Delete(file.Key);
            throw;
        }
        return await ResponseAsync(db, id, ct);
    }

    /// <summary>The item's file, or the file of one of its versions.</summary>
    public async Task<FileDownload> OpenFileAsync(Actor actor, int id, int? number, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Set<ArsenalItem>().Where(i => i.Id == id).Select(i => new { i.FileKey, i.FileName, i.FileType })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Arsenal item", id);
        var (key, name, type) = (item.FileKey, item.FileName, item.FileType);
        if (number is int n)
        {
            var v = await db.Set<ArsenalVersion>().Where(x => x.ItemId == id && x.Number == n)
                .Select(x => new { x.FileKey, x.FileName, x.FileType }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("Version", n);
            (key, name, type) = (v.FileKey, v.FileName, v.FileType);
        }
        if (key is null || name is null || !store.Exists(key)) throw new NotFoundException("File of arsenal item", id);
        return new FileDownload(store.Open(key), type ?? "application/octet-stream", name);
    }

    public async Task<IReadOnlyList<ArsenalVersionResponse>> VersionsAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Set<ArsenalItem>().AnyAsync(i => i.Id == id, ct)) throw new NotFoundException("Arsenal item", id);
        var rows = await (from v in db.Set<ArsenalVersion>()
                          where v.ItemId == id
                          join u in db.Users on v.EditedById equals u.Id
                          orderby v.Number descending
                          select new { v, u.FullName }).ToListAsync(ct);
        return rows.Select(x => new ArsenalVersionResponse(x.v.Number, x.v.Title, x.v.Body, SafeMarkdown.ToHtml(x.v.Body), x.v.Url,
            x.v.FileName, x.v.EditedById, x.FullName, x.v.EditedAt)).ToList();
    }

    /// <summary>The owner (or the director) confirms the item is still right: it is due again in its number of days.</summary>
    public async Task<ArsenalItemResponse> VerifyAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Set<ArsenalItem>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("Arsenal item", id);
        if (!actor.IsDirector && item.OwnerId != actor.UserId)
            throw new ForbiddenException("Only the item's owner or the director confirms it.");
        var now = clock.GetUtcNow().UtcDateTime;
        (item.VerifiedAt, item.VerifyBy) = (now, now.AddDays(item.VerifyEveryDays));
        await SaveAsync(db, ct);
        return await ResponseAsync(db, id, ct);
    }

    /// <summary>Takes the item out of the arsenal (kept, with its uses) or puts it back.</summary>
    public async Task<ArsenalItemResponse> ArchiveAsync(Actor actor, int id, bool archived, CancellationToken ct)
    {
        RequireKeeper(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        DateTime? at = archived ? clock.GetUtcNow().UtcDateTime : null;
        if (await db.Set<ArsenalItem>().Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ArchivedAt, at), ct) == 0)
            throw new NotFoundException("Arsenal item", id);
        return await ResponseAsync(db, id, ct);
    }

    private static void RequireKeeper(Actor actor)
    {
        if (!(actor.IsDirector || actor.IsSenior)) throw new ForbiddenException("The director and the seniors keep the arsenal.");
    }

    private static void RequireEditor(Actor actor, ArsenalItem item)
    {
        if (!(actor.IsDirector || actor.IsSenior || item.OwnerId == actor.UserId))
            throw new ForbiddenException("The director, the seniors and the item's owner change it.");
    }

    private static async Task SaveAsync(VoronkaDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Versions.Conflict("arsenal item");
        }
    }

    /// <summary>Checks the request and writes it into the item; a change of its content adds a version.</summary>
    private static async Task ApplyAsync(VoronkaDbContext db, ArsenalItem item, ArsenalRequest r, Actor actor, DateTime now,
        CancellationToken ct)
    {
        var v = new Validator();
        var kind = ParseKind(r.Kind, v);
        v.Required(r.Title, "title", 200).MaxLength(r.Text, "text", SafeMarkdown.MaxLength).MaxLength(r.Url, "url", 1000);
        var url = Text.Clean(r.Url);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            v.Add("url", "must be a link starting with http:// or https://.");
        if (kind == ArsenalKind.BestCall && r.BestCallId is null) v.Add("bestCallId", "is required for a best call.");
        else if (kind != ArsenalKind.BestCall && r.BestCallId is not null) v.Add("bestCallId", "applies only to a best call.");
        else if (r.BestCallId is int b && !await db.Set<BestCall>().AnyAsync(x => x.Id == b, ct)) v.Add("bestCallId", "does not exist.");
        if (item.Id != 0 && kind is ArsenalKind k && k != item.Kind) v.Add("kind", "cannot change; add a new item instead.");
        var stages = await LinksAsync(r.StageIds, "stageIds", ids => db.Stages.Where(s => ids.Contains(s.Id)).Select(s => s.Id), v, ct);
        var products = await LinksAsync(r.ProductIds, "productIds",
            ids => db.Products.Where(p => ids.Contains(p.Id)).Select(p => p.Id), v, ct);
        var objections = await LinksAsync(r.ObjectionIds, "objectionIds",
            ids => db.Set<Objection>().Where(o => ids.Contains(o.Id)).Select(o => o.Id), v, ct);
        var ownerId = r.OwnerId ?? item.OwnerId;
        if (r.OwnerId is int o && !await db.Users.AnyAsync(u => u.Id == o && u.IsActive, ct)) v.Add("ownerId", "must be an active user.");
        var every = r.VerifyEveryDays ?? item.VerifyEveryDays;
        v.Check(every is >= 1 and <= 730, "verifyEveryDays", "must be between 1 and 730.");
        v.ThrowIfInvalid();

        var title = r.Title!.Trim();
        var body = r.Text?.Trim() ?? "";
        var changed = item.Id == 0 || title != item.Title || body != item.Body || url != item.Url || r.BestCallId != item.BestCallId;
        (item.Kind, item.Title, item.Body, item.Url, item.BestCallId, item.UpdatedAt) = (kind!.Value, title, body, url, r.BestCallId, now);
        if (item.Id == 0 || ownerId != item.OwnerId || every != item.VerifyEveryDays)
        {
            // A new owner or a new rhythm starts the count from now: the one who answers for it has confirmed nothing yet.
            (item.OwnerId, item.VerifyEveryDays, item.VerifiedAt, item.VerifyBy) = (ownerId, every, now, now.AddDays(every));
        }
        item.Stages = stages.Select(s => item.Stages.FirstOrDefault(x => x.StageId == s) ?? new ArsenalStage { StageId = s }).ToList();
        item.Products = products.Select(p => item.Products.FirstOrDefault(x => x.ProductId == p) ?? new ArsenalProduct { ProductId = p })
            .ToList();
        item.Objections = objections
            .Select(o => item.Objections.FirstOrDefault(x => x.ObjectionId == o) ?? new ArsenalObjection { ObjectionId = o }).ToList();
        item.Version++;
        if (changed) AddVersion(db, item, actor, now);
    }

    private static void AddVersion(VoronkaDbContext db, ArsenalItem item, Actor actor, DateTime now)
    {
        item.ContentVersion++;
        item.UpdatedAt = now;
        db.Add(new ArsenalVersion
        {
            Item = item, Number = item.ContentVersion, Title = item.Title, Body = item.Body, Url = item.Url, FileName = item.FileName,
            FileType = item.FileType, FileKey = item.FileKey, EditedById = actor.UserId, EditedAt = now,
        });
    }

    private static ArsenalKind? ParseKind(string? kind, Validator v)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            v.Add("kind", "is required.");
            return null;
        }
        try
        {
            return ValidationFailedException.ParseEnum(kind, "kind", ArsenalKind.Script);
        }
        catch (ValidationFailedException)
        {
            v.Add("kind", "must be script, video, technique, proposalTemplate, bestCall or document.");
            return null;
        }
    }

    private static async Task<List<int>> LinksAsync(int[]? ids, string field, Func<List<int>, IQueryable<int>> existing, Validator v,
        CancellationToken ct)
    {
        var wanted = (ids ?? []).Distinct().ToList();
        if (wanted.Count > MaxLinks)
        {
            v.Add(field, $"must hold at most {MaxLinks} links.");
            return [];
        }
        if (wanted.Count == 0) return wanted;
        var found = await existing(wanted).ToListAsync(ct);
        if (found.Count != wanted.Count) v.Add(field, "holds one that does not exist.");
        return wanted;
    }

    /// <summary>The items listed by title (or by kind, then title), at most 300.</summary>
    private static async Task<IReadOnlyList<ArsenalListItem>> ListedAsync(VoronkaDbContext db, IQueryable<ArsenalItem> q, DateTime now,
        bool byKind, CancellationToken ct)
    {
        var since = now.AddDays(-UnusedDays);
        var ordered = byKind ? q.OrderBy(i => i.Kind).ThenBy(i => i.Title).ThenBy(i => i.Id) : q.OrderBy(i => i.Title).ThenBy(i => i.Id);
        var rows = await (from i in ordered.Take(300)
                          join u in db.Users on i.OwnerId equals u.Id
                          select new
                          {
                              i, u.FullName,
                              Stages = i.Stages.Select(x => x.StageId).ToList(),
                              Products = i.Products.Select(x => x.ProductId).ToList(),
                              Objections = i.Objections.Select(x => x.ObjectionId).ToList(),
                              LastUsed = db.Set<ArsenalUse>().Where(x => x.ItemId == i.Id && x.Kind != ArsenalUseKind.ClientOpened)
                                  .Max(x => (DateTime?)x.At),
                          }).AsSplitQuery().ToListAsync(ct);
        // A join keeps no order in SQL: the rows are put in order again here.
        var sorted = byKind ? rows.OrderBy(x => x.i.Kind).ThenBy(x => x.i.Title, StringComparer.CurrentCulture).ThenBy(x => x.i.Id)
            : rows.OrderBy(x => x.i.Title, StringComparer.CurrentCulture).ThenBy(x => x.i.Id);
        return sorted.Select(x => new ArsenalListItem(x.i.Id, x.i.Kind, x.i.Title, SafeMarkdown.ToPlainText(x.i.Body, 200),
            x.i.FileKey != null, x.i.FileName, x.i.Url, x.i.OwnerId, x.FullName, x.i.VerifiedAt, x.i.VerifyBy, x.i.VerifyBy < now,
            x.LastUsed, x.i.CreatedAt < since && (x.LastUsed is null || x.LastUsed < since), [.. x.Stages], [.. x.Products],
            [.. x.Objections], x.i.ContentVersion, x.i.Version, x.i.UpdatedAt, x.i.ArchivedAt != null)).ToList();
    }

    private async Task<ArsenalItemResponse> ResponseAsync(VoronkaDbContext db, int id, CancellationToken ct)
    {
        var x = await (from i in db.Set<ArsenalItem>().AsNoTracking()
                       where i.Id == id
                       join u in db.Users on i.OwnerId equals u.Id
                       select new
                       {
                           i, u.FullName,
                           Best = db.Set<BestCall>().Where(b => b.Id == i.BestCallId).Select(b => new { b.Title, b.ActivityId })
                               .FirstOrDefault(),
                           Stages = (from l in i.Stages join s in db.Stages on l.StageId equals s.Id
                                     select new LinkName(s.Id, s.Name)).ToList(),
                           Products = (from l in i.Products join p in db.Products on l.ProductId equals p.Id
                                       select new LinkName(p.Id, p.Name)).ToList(),
                           Objections = (from l in i.Objections join o in db.Set<Objection>() on l.ObjectionId equals o.Id
                                         select new LinkName(o.Id, o.Text)).ToList(),
                       }).AsSplitQuery().FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Arsenal item", id);
        var it = x.i;
        return new ArsenalItemResponse(it.Id, it.Kind, it.Title, it.Body, SafeMarkdown.ToHtml(it.Body), it.Url, it.BestCallId,
            x.Best?.Title, x.Best?.ActivityId, it.FileName, it.FileType, it.FileSize, it.OwnerId, x.FullName, it.VerifyEveryDays,
            it.VerifiedAt, it.VerifyBy, it.VerifyBy < clock.GetUtcNow().UtcDateTime, x.Stages, x.Products, x.Objections,
            it.ContentVersion, it.Version, it.CreatedAt, it.UpdatedAt, it.ArchivedAt);
    }
}
