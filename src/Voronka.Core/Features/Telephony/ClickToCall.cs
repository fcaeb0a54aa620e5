using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Telephony.Adapters;

namespace Voronka.Core.Features.Telephony;

/// <summary>Ask the phone system to ring your extension and then the number.</summary>
public sealed record DialRequest(string? Phone);

/// <summary>The call asked for: through which integration, from which extension, to which number.</summary>
public sealed record DialResponse(int IntegrationId, string Extension, string Phone, string RequestId);

/// <summary>What a click on a number sends to the PBX, and what Voronka answers once the PBX took it.</summary>
public sealed record DialPlan(HttpRequestMessage Request, DialResponse Response);

/// <summary>
/// Click-to-call: the person's extension on a phone system that can place calls (the generic format and MegaFon's need
/// the integration's click-to-call address, Zadarma and Mango Office their API key), and the PBX's request to connect it
/// to the number. The call itself comes back through the webhook like any other.
/// </summary>
public sealed class ClickToCall(IDbContextFactory<VoronkaDbContext> factory)
{
    /// <summary>Whether the person has an extension that can place calls: the pages show the call button only then.</summary>
    public async Task<bool> CanDialAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Lines(db, actor.UserId).AnyAsync(ct);
    }

    public async Task<DialPlan> PrepareAsync(Actor actor, DialRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        var phone = ContactNormalizer.Phone(r.Phone) ?? throw ValidationFailedException.For("phone", "must be a phone number.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var line = await Lines(db, actor.UserId).FirstOrDefaultAsync(ct)
            ?? throw new ConflictException(
                "You have no extension on a phone system that places calls; the director gives one in Settings → Telephony.");
        var requestId = Guid.NewGuid().ToString("N");
        var request = PbxAdapters.For(line.Integration.Kind).Dial(line.Integration, line.Extension, phone, requestId);
        return new DialPlan(request, new DialResponse(line.Integration.Id, line.Extension, phone, requestId));
    }

    private static IQueryable<Line> Lines(VoronkaDbContext db, int userId) =>
        from x in db.Set<PhoneExtension>()
        join i in db.Set<TelephonyIntegration>() on x.IntegrationId equals i.Id
        where x.UserId == userId && i.IsActive
            && (((i.Kind == PbxKind.Generic || i.Kind == PbxKind.MegaFon) && i.CallbackUrl != null)
                || ((i.Kind == PbxKind.Zadarma || i.Kind == PbxKind.Mango) && i.Key != null))
        orderby i.Id, x.Id
        select new Line { Integration = i, Extension = x.Extension };

    private sealed class Line
    {
        public required TelephonyIntegration Integration { get; init; }
        public required string Extension { get; init; }
    }
}
