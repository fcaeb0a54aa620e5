using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Organisation;

/// <summary>The organisation's settings; <see cref="WorkFrom"/>, <see cref="WorkTo"/> and
/// <see cref="RecordingRetentionDays"/> left out keep theirs; a retention of 0 keeps recordings for good.</summary>
public sealed record OrganisationRequest(string? Name, string? TimeZoneId, string? Currency, int? Version, TimeOnly? WorkFrom = null,
    TimeOnly? WorkTo = null, int? RecordingRetentionDays = null);

public sealed record OrganisationResponse(string Name, string TimeZoneId, string Currency, DateOnly Today, int Version, TimeOnly WorkFrom,
    TimeOnly WorkTo, int? RecordingRetentionDays);

public sealed class OrganisationService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task<OrganisationResponse> GetAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var org = await db.Organisation.AsNoTracking().FirstOrDefaultAsync(ct) ?? new OrganisationSettings();
        return ToResponse(org);
    }

    public async Task<OrganisationResponse> UpdateAsync(Actor actor, OrganisationRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var org = await db.Organisation.FirstOrDefaultAsync(ct);
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        if (!OrgTime.IsKnownZone(r.TimeZoneId)) v.Add("timeZoneId", "must be a time zone id such as Europe/Moscow.");
        var currency = r.Currency?.Trim().ToUpperInvariant();
        if (!Money.IsKnownCurrency(currency)) v.Add("currency", "is not a supported currency code.");
        var (from, to) = (r.WorkFrom ?? org?.WorkFrom ?? new TimeOnly(9, 0), r.WorkTo ?? org?.WorkTo ?? new TimeOnly(18, 0));
        v.Check(from < to, "workTo", "must be after workFrom.");
        v.Check(r.RecordingRetentionDays is null or (>= 0 and <= 3650), "recordingRetentionDays",
            "must be between 1 and 3650 days, or 0 to keep recordings.");
        v.ThrowIfInvalid();
        if (org is null) { org = new OrganisationSettings(); db.Organisation.Add(org); }
        else Versions.Check(db, org, r.Version, org.Version, "organisation");
        org.Name = r.Name!.Trim();
        org.TimeZoneId = r.TimeZoneId!;
        org.Currency = currency!;
        (org.WorkFrom, org.WorkTo) = (from, to);
        if (r.RecordingRetentionDays is int days) org.RecordingRetentionDays = days == 0 ? null : days;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("organisation"); }
        return ToResponse(org);
    }

    private OrganisationResponse ToResponse(OrganisationSettings o) =>
        new(o.Name, o.TimeZoneId, o.Currency, OrgTime.Today(clock.GetUtcNow().UtcDateTime, OrgTime.Zone(o.TimeZoneId)), o.Version,
            o.WorkFrom, o.WorkTo, o.RecordingRetentionDays);
}
