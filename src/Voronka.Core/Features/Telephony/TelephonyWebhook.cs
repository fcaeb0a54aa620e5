using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Telephony.Adapters;

namespace Voronka.Core.Features.Telephony;

/// <summary>What the webhook answers: the events kept and repeated, and a body when the PBX expects one (an echo as
/// text, an answer to "who is this number" as JSON).</summary>
public sealed record WebhookReply(int Accepted, int Duplicates, object? Json = null, string? Text = null);

/// <summary>
/// The door of the phone systems: checks that a request comes from the integration it names (its signature or token),
/// reads it with the integration's adapter into canonical events, checks them, keeps the new ones in the
/// <see cref="TelephonyInbox"/> and answers at once; the calls are built in the background. Nothing is kept from a
/// request that fails a check.
/// </summary>
public sealed class TelephonyWebhook(IDbContextFactory<VoronkaDbContext> factory, TelephonyInbox inbox)
{
    /// <summary>Raised when new events are kept, to wake this instance's processing.</summary>
    public static event Action? Arrived;

    public static void Wake() => Arrived?.Invoke();

    public async Task<WebhookReply> ReceiveAsync(int integrationId, PbxRequest request, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var integration = await db.Set<TelephonyIntegration>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == integrationId && i.IsActive, ct)
            ?? throw new NotFoundException("Telephony integration", integrationId);
        var adapter = PbxAdapters.For(integration.Kind);
        if (!adapter.Authentic(integration, request))
            throw new AuthenticationFailedException("The request is not signed with this integration's secret.");
        var message = adapter.Read(request, await OrgTime.ZoneAsync(db, ct));
        if (message.Echo is string echo) return new WebhookReply(0, 0, Text: echo);
        if (message.LookupPhone is string phone) return new WebhookReply(0, 0, await LookupAsync(db, integration.Id, adapter, phone, ct));
        var v = new Validator();
        for (var i = 0; i < message.Events.Count; i++) message.Events[i].Check(v, message.Events.Count == 1 ? "" : $"events[{i}].");
        v.ThrowIfInvalid();
        var (accepted, repeated) = message.Events.Count == 0 ? (0, 0) : await inbox.KeepAsync(integration.Id, message.Events, ct);
        if (accepted > 0) Wake();
        return new WebhookReply(accepted, repeated, adapter.Reply);
    }

    /// <summary>"Who is this number": the client's name and the extension of the person whose client it is.</summary>
    private static async Task<object?> LookupAsync(VoronkaDbContext db, int integrationId, IPbxAdapter adapter, string phone,
        CancellationToken ct)
    {
        var client = ContactNormalizer.Phone(phone) is string e164 ? await DuplicateKeys.ClientAsync(db, null, e164, null, ct) : null;
        if (client is null || (client.ContactId is null && client.CompanyId is null)) return adapter.LookupReply(null, null);
        var contact = client.ContactId is int c
            ? await db.Contacts.Where(x => x.Id == c).Select(x => new { x.Name, x.OwnerId }).FirstAsync(ct) : null;
        var company = client.CompanyId is int co
            ? await db.Companies.Where(x => x.Id == co).Select(x => new { x.Name, x.OwnerId }).FirstAsync(ct) : null;
        var name = contact is null ? company!.Name : company is null ? contact.Name : $"{contact.Name} ({company.Name})";
        var owner = client.DealOwnerId ?? contact?.OwnerId ?? company!.OwnerId;
        var ext = await db.Set<PhoneExtension>().Where(x => x.IntegrationId == integrationId && x.UserId == owner)
            .OrderBy(x => x.Id).Select(x => x.Extension).FirstOrDefaultAsync(ct);
        return adapter.LookupReply(name, ext);
    }
}
