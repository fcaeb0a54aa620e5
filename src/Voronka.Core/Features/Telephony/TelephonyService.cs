using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Telephony;

/// <summary>A phone system to connect, or the fields that replace an integration's (those left out keep theirs). The
/// secret is made by Voronka when none is given for the generic format; a PBX's own (Zadarma's API secret, Mango
/// Office's salt, MegaFon's CRM token) must be given, and Mango Office's API key as <see cref="Key"/>.</summary>
public sealed record IntegrationRequest(
    string? Name = null,
    PbxKind? Kind = null,
    WebhookAuth? Auth = null,
    string? Key = null,
    string? Secret = null,
    string? CallbackUrl = null,
    bool? MissedToLeads = null,
    bool? IsActive = null);

/// <summary>An integration as the director sees it: where the PBX posts (<see cref="WebhookPath"/>), the secret to set
/// in the PBX, the extensions mapped, the last event, and the events waiting or failed.</summary>
public sealed record IntegrationResponse(
    int Id, string Name, PbxKind Kind, WebhookAuth Auth, string? Key, string Secret, string WebhookPath, string? CallbackUrl,
    bool MissedToLeads, bool IsActive, DateTime CreatedAt, DateTime? LastEventAt, int Extensions, int Waiting, int Failed);

/// <summary>An extension of the PBX and the person who answers it.</summary>
public sealed record ExtensionItem(string? Extension, int? UserId);

public sealed record ExtensionResponse(string Extension, int UserId, string UserName);

/// <summary>The whole table of an integration's extensions, replaced at once.</summary>
public sealed record ExtensionsRequest(IReadOnlyList<ExtensionItem>? Extensions);

/// <summary>A kept event, for looking into a failure.</summary>
public sealed record TelephonyEventResponse(
    long Id, string EventId, string CallId, string Type, DateTime ReceivedAt, DateTime? ProcessedAt, int Attempts, string? Error);

/// <summary>Rebuild the calls of the events received since a moment (by default the last day).</summary>
public sealed record ReplayRequest(DateTimeOffset? Since = null);

public sealed record ReplayResponse(int Calls);

/// <summary>The director's settings of the phone systems: integrations, their extensions, their kept events and the
/// replay.</summary>
public sealed class TelephonyService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, TelephonyInbox inbox)
{
    public async Task<IReadOnlyList<IntegrationResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Project(db, db.Set<TelephonyIntegration>().OrderBy(i => i.Id)).ToListAsync(ct);
    }

    public async Task<IntegrationResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Project(db, db.Set<TelephonyIntegration>().Where(i => i.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Telephony integration", id);
    }

    public async Task<IntegrationResponse> CreateAsync(Actor actor, IntegrationRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        var integration = new TelephonyIntegration { CreatedAt = clock.GetUtcNow().UtcDateTime };
        Apply(integration, r with { Kind = r.Kind ?? PbxKind.Generic, Auth = r.Auth ?? WebhookAuth.Signature });
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Add(integration);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, integration.Id, ct);
    }

    public async Task<IntegrationResponse> UpdateAsync(Actor actor, int id, IntegrationRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var integration = await db.Set<TelephonyIntegration>().FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException("Telephony integration", id);
        Apply(integration, r);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>A new secret for the generic format (the old one stops working at once).</summary>
    public async Task<IntegrationResponse> NewSecretAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var done = await db.Set<TelephonyIntegration>().Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Secret, NewSecret()), ct);
        if (done == 0) throw new NotFoundException("Telephony integration", id);
        return await GetAsync(actor, id, ct);
    }

    private static void Apply(TelephonyIntegration i, IntegrationRequest r)
    {
        var v = new Validator();
        var name = Text.Clean(r.Name) ?? i.Name;
        v.Required(name, "name", 100);
        var kind = r.Kind ?? i.Kind;
        var secret = Text.Clean(r.Secret) ?? (i.Secret is { Length: > 0 } kept ? kept : kind == PbxKind.Generic ? NewSecret() : null);
        if (secret is null)
            v.Add("secret", "is required: the PBX's own secret (Zadarma's API secret, Mango Office's salt, MegaFon's token).");
        else v.MaxLength(secret, "secret", 200);
        var key = r.Key is null ? i.Key : Text.Clean(r.Key);
        v.MaxLength(key, "key", 200);
        if (kind == PbxKind.Mango && key is null) v.Add("key", "is required for Mango Office: its VPBX API key.");
        var callback = r.CallbackUrl is null ? i.CallbackUrl : Text.Clean(r.CallbackUrl);
        if (callback is not null && (callback.Length > 1000 || !Uri.TryCreate(callback, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")))
            v.Add("callbackUrl", "must be an http or https link of at most 1000 characters.");
        v.ThrowIfInvalid();
        (i.Name, i.Kind, i.Auth, i.Secret, i.Key, i.CallbackUrl) = (name!, kind, r.Auth ?? i.Auth, secret!, key, callback);
        i.MissedToLeads = r.MissedToLeads ?? i.MissedToLeads;
        i.IsActive = r.IsActive ?? i.IsActive;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public async Task<IReadOnlyList<ExtensionResponse>> ExtensionsAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Set<TelephonyIntegration>().AnyAsync(i => i.Id == id, ct)) throw new NotFoundException("Telephony integration", id);
        return await (from x in db.Set<PhoneExtension>()
                      join u in db.Users on x.UserId equals u.Id
                      where x.IntegrationId == id
                      orderby x.Extension
                      select new ExtensionResponse(x.Extension, x.UserId, u.FullName)).ToListAsync(ct);
    }

    /// <summary>Replaces the table of extensions: each extension once, each to an active person. The calls already
    /// built keep their people; a replay rebuilds them with the new table.</summary>
    public async Task<IReadOnlyList<ExtensionResponse>> SetExtensionsAsync(Actor actor, int id, ExtensionsRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Set<TelephonyIntegration>().AnyAsync(i => i.Id == id, ct)) throw new NotFoundException("Telephony integration", id);
        var items = r.Extensions ?? [];
        var v = new Validator();
        v.Check(items.Count <= 2000, "extensions", "must hold at most 2000 extensions.");
        var users = items.Select(x => x.UserId ?? 0).Distinct().ToList();
        var active = (await db.Users.Where(u => users.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < items.Count; n++)
        {
            var ext = Text.Clean(items[n].Extension);
            if (ext is null) v.Add($"extensions[{n}].extension", "is required.");
            else if (ext.Length > CallEvent.MaxExtension)
                v.Add($"extensions[{n}].extension", $"must be at most {CallEvent.MaxExtension} characters.");
            else if (!seen.Add(ext)) v.Add($"extensions[{n}].extension", "is given twice.");
            if (items[n].UserId is not int user || !active.Contains(user)) v.Add($"extensions[{n}].userId", "must be an active user.");
        }
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<PhoneExtension>().Where(x => x.IntegrationId == id).ExecuteDeleteAsync(ct);
        db.AddRange(items.Select(x =>
            new PhoneExtension { IntegrationId = id, Extension = x.Extension!.Trim(), UserId = x.UserId!.Value }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ExtensionsAsync(actor, id, ct);
    }

    /// <summary>The newest kept events of an integration, or only the failed ones.</summary>
    public async Task<IReadOnlyList<TelephonyEventResponse>> EventsAsync(Actor actor, int id, bool failed, int take, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<TelephonyEvent>().Where(x => x.IntegrationId == id);
        if (failed) q = q.Where(x => x.Error != null);
        return await q.OrderByDescending(x => x.Id).Take(Math.Clamp(take, 1, 500))
            .Select(x => new TelephonyEventResponse(x.Id, x.EventId, x.CallId, x.Type, x.ReceivedAt, x.ProcessedAt, x.Attempts, x.Error))
            .ToListAsync(ct);
    }

    public async Task<ReplayResponse> ReplayAsync(Actor actor, int id, ReplayRequest r, CancellationToken ct)
    {
        await GetAsync(actor, id, ct);
        var since = r.Since?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var calls = await inbox.ReplayAsync(id, since, ct);
        if (calls > 0) TelephonyWebhook.Wake();
        return new ReplayResponse(calls);
    }

    private static IQueryable<IntegrationResponse> Project(VoronkaDbContext db, IQueryable<TelephonyIntegration> q) =>
        q.Select(i => new IntegrationResponse(i.Id, i.Name, i.Kind, i.Auth, i.Key, i.Secret, "/api/v1/telephony/" + i.Id + "/events",
            i.CallbackUrl, i.MissedToLeads, i.IsActive, i.CreatedAt, i.LastEventAt,
            db.Set<PhoneExtension>().Count(x => x.IntegrationId == i.Id),
            db.Set<TelephonyEvent>().Count(x => x.IntegrationId == i.Id && x.ProcessedAt == null),
            db.Set<TelephonyEvent>().Count(x => x.IntegrationId == i.Id && x.Error != null && x.ProcessedAt != null)));
}
