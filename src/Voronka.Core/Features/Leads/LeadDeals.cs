using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Leads;

/// <summary>The deal a lead becomes when taken: the client's open deal named, or a new one in the first stage of the
/// pipeline with the contact (and company) found at intake or made from the lead.</summary>
internal static class LeadDeals
{
    public static async Task<int> OpenAsync(VoronkaDbContext db, AccessScope scope, Lead lead, int owner, Actor actor, AcceptLeadRequest r,
        DateTime now, TimeProvider clock, CancellationToken ct)
    {
        if (r.DealId is int existing)
        {
            if (!await scope.Deals().AnyAsync(d => d.Id == existing && d.ClosedAt == null, ct))
                throw ValidationFailedException.For("dealId", "is not an open deal you see.");
            return existing;
        }
        var v = new Validator();
        v.MaxLength(r.Title, "title", 300);
        var stage = await DealsService.ResolveStageAsync(db, r.PipelineId, null, v, ct);
        v.ThrowIfInvalid();
        db.StampAudit(actor.UserId, clock);
        if (lead.CompanyId is null && (lead.CompanyName is not null || lead.Inn is not null))
        {
            var company = new Company
            {
                Name = lead.CompanyName ?? lead.Inn!, Inn = lead.Inn, OwnerId = owner, CreatedAt = now, UpdatedAt = now,
                Phone = lead.CompanyName is null ? null : lead.PhoneE164, RegionId = lead.RegionId,
            };
            db.Companies.Add(company);
            await db.SaveChangesAsync(ct);
            lead.CompanyId = company.Id;
        }
        if (lead.ContactId is null && (lead.Name is not null || lead.PhoneE164 is not null || lead.Email is not null))
        {
            var contact = new Contact
            {
                Name = lead.Name ?? lead.Email ?? lead.Phone!, CompanyId = lead.CompanyId, OwnerId = owner, CreatedAt = now,
                UpdatedAt = now,
                Phones = lead.PhoneE164 is null ? [] : [lead.PhoneE164], Emails = lead.Email is null ? [] : [lead.Email],
            };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(ct);
            lead.ContactId = contact.Id;
        }
        var currency = await db.Organisation.Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? "RUB";
        var deal = new Deal
        {
            Title = r.Title?.Trim() is { Length: > 0 } title ? title
                : lead.CompanyName ?? lead.Name ?? lead.Email ?? lead.Phone ?? $"#{lead.Id}",
            OwnerId = owner, CompanyId = lead.CompanyId, ContactId = lead.ContactId, Currency = currency, Source = lead.Source,
            RegionId = lead.RegionId, CreatedAt = now, UpdatedAt = now, CreatedById = actor.UserId,
        };
        DealsService.EnsureCanEnter(deal, stage!);
        await Requests.RequestRules.EnsureDoneAsync(db, deal, stage!, ct);
        deal.EnterStage(stage!, actor.UserId, now);
        db.Deals.Add(deal);
        await Automations.AutomationRunner.QueueAsync(db, deal, 0, now, ct);
        await db.SaveChangesAsync(ct);
        return deal.Id;
    }
}
