using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;

namespace Voronka.Core.Features.Leads;

/// <summary>
/// Duplicates first: the contact and company of the lead's phone (E.164), e-mail or INN, the client's open deal, and an
/// earlier lead still waiting with the same key. A returning client goes to the owner of their open deal, else of
/// their company or contact, else to whoever holds the earlier lead.
/// </summary>
internal static class LeadMatching
{
    /// <summary>Fills the lead's contact, company, deal and earlier lead; returns the person it should go to, if any.</summary>
    public static async Task<int?> MatchAsync(VoronkaDbContext db, Lead lead, CancellationToken ct)
    {
        var client = await DuplicateKeys.ClientAsync(db, lead.Inn, lead.PhoneE164, lead.Email, ct);
        var (contact, company) = (client.ContactId, client.CompanyId);
        (lead.ContactId, lead.CompanyId, lead.DealId) = (contact, company, client.DealId);
        var (phone, email, inn) = (lead.PhoneE164, lead.Email, lead.Inn);
        var earlier = phone is null && email is null && inn is null ? null : await db.Leads
            .Where(l => (l.Status == LeadStatus.New || l.Status == LeadStatus.Assigned)
                && ((phone != null && l.PhoneE164 == phone) || (email != null && l.Email == email) || (inn != null && l.Inn == inn)))
            .OrderBy(l => l.Id).Select(l => new { l.Id, l.AssigneeId }).FirstOrDefaultAsync(ct);
        lead.DuplicateOfId = earlier?.Id;
        if (client.DealOwnerId is int dealOwner) return dealOwner;
        if (company is int co) return await db.Companies.Where(x => x.Id == co).Select(x => (int?)x.OwnerId).FirstOrDefaultAsync(ct);
        if (contact is int ci) return await db.Contacts.Where(x => x.Id == ci).Select(x => (int?)x.OwnerId).FirstOrDefaultAsync(ct);
        return earlier?.AssigneeId;
    }

    /// <summary>What a lead merged into another adds to it: the ways to reach the client it lacks, the client found, and
    /// the message, dated.</summary>
    public static void Absorb(Lead into, Lead from)
    {
        into.Name ??= from.Name;
        into.CompanyName ??= from.CompanyName;
        if (into.PhoneE164 is null) (into.Phone, into.PhoneE164) = (from.Phone, from.PhoneE164);
        into.Email ??= from.Email;
        into.Inn ??= from.Inn;
        into.ContactId ??= from.ContactId;
        into.CompanyId ??= from.CompanyId;
        if (from.Message is not null && from.Message != into.Message)
        {
            var added = $"{from.ReceivedAt:yyyy-MM-dd HH:mm} UTC: {from.Message}";
            var message = into.Message is null ? added : into.Message + "\n\n" + added;
            into.Message = message.Length > 5000 ? message[..5000] : message;
        }
    }

    /// <summary>The region, product and form a lead, a form or a rule names must exist.</summary>
    public static async Task CheckReferencesAsync(VoronkaDbContext db, Validator v, int? regionId, int? productId, int? formId,
        CancellationToken ct)
    {
        if (formId is int form && !await db.LeadForms.AnyAsync(f => f.Id == form, ct)) v.Add("formId", "does not exist.");
        if (regionId is int region && !await db.Regions.AnyAsync(x => x.Id == region, ct)) v.Add("regionId", "does not exist.");
        if (productId is int product && !await db.Products.AnyAsync(x => x.Id == product, ct)) v.Add("productId", "does not exist.");
    }
}
