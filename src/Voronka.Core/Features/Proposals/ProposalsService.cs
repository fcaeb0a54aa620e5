using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.Notifications;

namespace Voronka.Core.Features.Proposals;

/// <summary>A proposal to make: from which template, how long its link lives (30 days by default), and the language its
/// numbers and dates are written in ("ru" by default, or "en").</summary>
public sealed record ProposalRequest(int? TemplateId, int? ExpiresInDays = null, string? Language = null);

public sealed record ProposalResponse(
    int Id, int DealId, int? TemplateId, string TemplateTitle, int AttachmentId, string FileName, long ActivityId, string Token,
    DateTime ExpiresAt, bool Expired, int CreatedById, string CreatedByName, DateTime CreatedAt, DateTime? FirstOpenedAt,
    DateTime? LastOpenedAt, int Opens);

/// <summary>A template as a proposal is made from: an arsenal item of the kind with its DOCX.</summary>
public sealed record ProposalTemplateResponse(int Id, string Title, string? FileName, DateTime UpdatedAt, int[] StageIds);

/// <summary>What the client's link opens: the proposal's file and whom it is from; null when the link is unknown.</summary>
public sealed record SharedProposal(string Title, string Organisation, string ManagerName, string? ManagerEmail, string FileName,
    DateTime ExpiresAt, bool Expired);

/// <summary>
/// Proposals from DOCX templates: whoever sees a deal makes one from a template of the arsenal; the document is attached to
/// the deal, a "proposal sent" activity is logged, the template's use recorded, and a link with an unguessable token that
/// expires lets the client open it. Each opening by a person (not a messenger's link preview) is recorded and the first
/// one told to the deal's owner.
/// </summary>
public sealed class ProposalsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, FileStore store)
{
    public const int DefaultDays = 30;

    public async Task<IReadOnlyList<ProposalTemplateResponse>> TemplatesAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<ArsenalItem>()
            .Where(i => i.Kind == ArsenalKind.ProposalTemplate && i.ArchivedAt == null)
            .OrderBy(i => i.Title)
            .Select(i => new ProposalTemplateResponse(i.Id, i.Title, i.FileName, i.UpdatedAt, i.Stages.Select(s => s.StageId).ToArray()))
            .ToListAsync(ct);
    }

    /// <summary>The fields a template may hold: the fixed ones, the line fields and the deals' custom fields.</summary>
    public async Task<IReadOnlyList<string>> FieldsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var custom = await ProposalFields.CustomKeysAsync(db, ct);
        return [.. ProposalFields.Names, .. ProposalFields.LineNames, .. custom.Select(k => ProposalFields.CustomPrefix + k)];
    }

    /// <summary>Refuses a template (field "file") that does not open or holds a field not closed or not known.</summary>
    public async Task RequireGoodTemplateAsync(string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var custom = await ProposalFields.CustomKeysAsync(db, ct);
        await using var file = store.Open(key);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, ct);
        copy.Position = 0;
        var problems = ProposalDocument.Check(copy, name => ProposalFields.IsKnown(name, custom));
        if (problems.Count > 0) throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = [.. problems] });
    }

    public async Task<IReadOnlyList<ProposalResponse>> ListAsync(Actor actor, int dealId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Deals().AnyAsync(d => d.Id == dealId, ct)) throw new NotFoundException("Deal", dealId);
        return await Project(db, db.Set<Proposal>().Where(p => p.DealId == dealId)).ToListAsync(ct);
    }

    public async Task<ProposalResponse> CreateAsync(Actor actor, int dealId, ProposalRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deal = await scope.Deals().Where(d => d.Id == dealId)
            .Select(d => new
            {
                d.Id, d.Title, d.CompanyId, d.ContactId,
                Company = db.Companies.Where(c => c.Id == d.CompanyId).Select(c => c.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Deal", dealId);
        var v = new Validator();
        var template = r.TemplateId is int tid
            ? await db.Set<ArsenalItem>().FirstOrDefaultAsync(i => i.Id == tid && i.Kind == ArsenalKind.ProposalTemplate, ct)
            : null;
        if (r.TemplateId is null) v.Add("templateId", "is required.");
        else if (template is null || template.ArchivedAt is not null) v.Add("templateId", "is not a proposal template of the arsenal.");
        else if (template.FileKey is null || !store.Exists(template.FileKey)) v.Add("templateId", "has no DOCX attached yet.");
        var days = r.ExpiresInDays ?? DefaultDays;
        v.Check(days is >= 1 and <= 365, "expiresInDays", "must be between 1 and 365.");
        var culture = (r.Language?.Trim().ToLowerInvariant() ?? "ru") switch
        {
            "ru" => CultureInfo.GetCultureInfo("ru-RU"),
            "en" => CultureInfo.GetCultureInfo("en-GB"),
            _ => null,
        };
        if (culture is null) v.Add("language", "must be ru or en.");
        v.ThrowIfInvalid();
        await RequireGoodTemplateAsync(template!.FileKey!, ct).ConfigureAwait(false);

        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now.AddDays(days);
        var data = await ProposalFields.ForDealAsync(db, dealId, now, expires, culture!, ct);
        byte[] bytes;
        await using (var file = store.Open(template.FileKey!))
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, ct);
            bytes = ProposalDocument.Fill(buffer.ToArray(), data);
        }
        // The client sees the file's name: the document and the client, not the deal's or the template's inner names.
        var label = culture!.TwoLetterISOLanguageName == "ru" ? "Коммерческое предложение" : "Commercial proposal";
        var day = OrgTime.Today(now, await OrgTime.ZoneAsync(db, ct)).ToString("d", culture);
        var name = FileKinds.CleanName(deal.Company is string client ? $"{label} — {client} — {day}.docx" : $"{label} — {day}.docx");
        var kept = await store.SaveAsync(new MemoryStream(bytes), "files", ".docx", long.MaxValue, bytes.Length, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var attachment = new Attachment
            {
                OwnerType = FileOwner.Deal, OwnerId = dealId, FileName = name, Size = kept.Size, Sha256 = kept.Sha256,
                StorageKey = kept.Key, ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                UploadedById = actor.UserId, CreatedAt = now,
            };
            var activity = new Activity
            {
                Type = ActivityType.Proposal, UserId = actor.UserId, DealId = dealId, CompanyId = deal.CompanyId,
                ContactId = deal.ContactId, OccurredAt = now, Subject = template.Title, CreatedAt = now,
            };
            db.AddRange(attachment, activity);
            await db.SaveChangesAsync(ct);
            var proposal = new Proposal
            {
                DealId = dealId, TemplateId = template.Id, TemplateTitle = template.Title, AttachmentId = attachment.Id,
                ActivityId = activity.Id, Token = NewToken(), ExpiresAt = expires, CreatedById = actor.UserId, CreatedAt = now,
            };
            db.Add(proposal);
            db.Add(new ArsenalUse { ItemId = template.Id, UserId = actor.UserId, DealId = dealId, Kind = ArsenalUseKind.Sent, At = now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await Project(db, db.Set<Proposal>().Where(p => p.Id == proposal.Id)).SingleAsync(ct);
        }
        catch
        {
            store.Delete(kept.Key);
            throw;
        }
    }

    /// <summary>The proposal behind a client's link, or null for a link that was never given.</summary>
    public async Task<SharedProposal?> FindSharedAsync(string token, CancellationToken ct)
    {
        if (!IsTokenShaped(token)) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var organisation = await db.Organisation.Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var shared = await (from p in db.Set<Proposal>()
                            where p.Token == token
                            join a in db.Set<Attachment>() on p.AttachmentId equals a.Id
                            where a.DeletedAt == null
                            join d in db.Deals on p.DealId equals d.Id
                            join u in db.Users on d.OwnerId equals u.Id
                            select new SharedProposal(a.FileName, organisation, u.FullName, u.Email, a.FileName, p.ExpiresAt,
                                p.ExpiresAt <= now))
            .FirstOrDefaultAsync(ct);
        return shared is null ? null : shared with { Title = Path.GetFileNameWithoutExtension(shared.FileName) };
    }

    /// <summary>The client opened the link: the opening is recorded (not a link preview's) and the first one told to the
    /// deal's owner. False for an unknown or expired link.</summary>
    public async Task<bool> RecordOpenAsync(string token, string? userAgent, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await LiveAsync(db, token, now, ct);
        if (found is null) return false;
        if (!LinkPreviews.IsPreview(userAgent)) await RecordOpenAsync(db, found.Proposal, found.OwnerId, found.DealTitle, userAgent, now,
            ct);
        return true;
    }

    /// <summary>The document behind a live link, or null.</summary>
    public async Task<FileDownload?> OpenSharedAsync(string token, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var found = await LiveAsync(db, token, clock.GetUtcNow().UtcDateTime, ct);
        return found is null ? null : new FileDownload(store.Open(found.Key), found.ContentType, found.FileName);
    }

    private sealed record Live(Proposal Proposal, string Key, string FileName, string ContentType, int OwnerId, string DealTitle);

    private async Task<Live?> LiveAsync(VoronkaDbContext db, string token, DateTime now, CancellationToken ct)
    {
        if (!IsTokenShaped(token)) return null;
        var found = await (from p in db.Set<Proposal>()
                           where p.Token == token && p.ExpiresAt > now
                           join a in db.Set<Attachment>() on p.AttachmentId equals a.Id
                           where a.DeletedAt == null
                           join d in db.Deals on p.DealId equals d.Id
                           select new { p, a.StorageKey, a.FileName, a.ContentType, d.OwnerId, d.Title }).FirstOrDefaultAsync(ct);
        return found is null || !store.Exists(found.StorageKey)
            ? null
            : new Live(found.p, found.StorageKey, found.FileName, found.ContentType, found.OwnerId, found.Title);
    }

    private static async Task RecordOpenAsync(VoronkaDbContext db, Proposal p, int ownerId, string dealTitle, string? userAgent,
        DateTime now,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var first = await db.Set<Proposal>().Where(x => x.Id == p.Id && x.FirstOpenedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FirstOpenedAt, now), ct) == 1;
        await db.Set<Proposal>().Where(x => x.Id == p.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Opens, x => x.Opens + 1).SetProperty(x => x.LastOpenedAt, now), ct);
        db.Add(new ProposalOpen { ProposalId = p.Id, At = now, UserAgent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent });
        if (p.TemplateId is int template)
            db.Add(new ArsenalUse { ItemId = template, DealId = p.DealId, Kind = ArsenalUseKind.ClientOpened, At = now });
        if (first) await Notify.AddAsync(db, ownerId, NotificationKind.ProposalOpened, dealTitle, $"/deals/{p.DealId}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>32 random bytes, URL-safe: not guessed, not enumerated.</summary>
    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-')
        .Replace('/', '_');

    private static bool IsTokenShaped(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private IQueryable<ProposalResponse> Project(VoronkaDbContext db, IQueryable<Proposal> q)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return from p in q
               join a in db.Set<Attachment>() on p.AttachmentId equals a.Id
               join u in db.Users on p.CreatedById equals u.Id
               orderby p.CreatedAt descending, p.Id descending
               select new ProposalResponse(p.Id, p.DealId, p.TemplateId, p.TemplateTitle, p.AttachmentId, a.FileName, p.ActivityId, p.Token,
                   p.ExpiresAt, p.ExpiresAt <= now, p.CreatedById, u.FullName, p.CreatedAt, p.FirstOpenedAt, p.LastOpenedAt, p.Opens);
    }
}

/// <summary>Messengers and mail scanners fetch a link to show its preview: that is not the client opening it.</summary>
public static class LinkPreviews
{
    private static readonly string[] Marks =
    [
        "bot", "crawler", "spider", "preview", "facebookexternalhit", "whatsapp", "telegram", "slack", "skype", "vkshare", "curl",
        "wget", "python-requests",
    ];

    public static bool IsPreview(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) || Marks.Any(m => userAgent.Contains(m, StringComparison.OrdinalIgnoreCase));
}
