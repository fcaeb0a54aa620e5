using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Import;

/// <summary>
/// Undoes a committed import: what it created is removed (its activities, tasks, deals with their lines and history,
/// contacts and companies), what it changed is put back as it was. Refused, naming the records, when anything else has
/// changed them since or hangs on them; the regions, loss reasons and products it added stay.
/// </summary>
internal static class ImportRollback
{
    private const int Named = 20;

    /// <summary>The records changed since the import or held by records the import did not write, as people name them.</summary>
    public static async Task<List<string>> ChangedSinceAsync(VoronkaDbContext db, int batchId, CancellationToken ct)
    {
        var result = new List<string>();
        var deals = db.Deals.IgnoreQueryFilters().Where(d => d.ImportBatchId == batchId);
        // Merged records too: a merge changed them, and they hold rows the rollback would leave pointing nowhere.
        var companies = db.Companies.IgnoreQueryFilters().Where(c => c.ImportBatchId == batchId);
        var contacts = db.Contacts.IgnoreQueryFilters().Where(c => c.ImportBatchId == batchId);
        result.AddRange(await deals.Where(d => d.Version != 0).Select(d => "deal «" + d.Title + "» (#" + d.Id + ")").Take(Named)
            .ToListAsync(ct));
        result.AddRange(await companies.Where(c => c.Version != 0).Select(c => "company «" + c.Name + "» (#" + c.Id + ")").Take(Named)
            .ToListAsync(ct));
        result.AddRange(await contacts.Where(c => c.Version != 0).Select(c => "contact «" + c.Name + "» (#" + c.Id + ")").Take(Named)
            .ToListAsync(ct));
        result.AddRange(await db.Activities.Where(a => a.ImportBatchId != batchId
                && (deals.Any(d => d.Id == a.DealId) || companies.Any(c => c.Id == a.CompanyId) || contacts.Any(c => c.Id == a.ContactId)))
            .Select(a => "activity #" + a.Id + " added since").Take(Named).ToListAsync(ct));
        result.AddRange(await db.Tasks.Where(t => t.ImportBatchId != batchId && deals.Any(d => d.Id == t.DealId))
            .Select(t => "task «" + t.Title + "» (#" + t.Id + ") added since").Take(Named).ToListAsync(ct));
        result.AddRange(await db.Deals.IgnoreQueryFilters().Where(d => d.ImportBatchId != batchId
                && (companies.Any(c => c.Id == d.CompanyId) || contacts.Any(c => c.Id == d.ContactId)))
            .Select(d => "deal «" + d.Title + "» (#" + d.Id + ") added since").Take(Named).ToListAsync(ct));
        result.AddRange(await db.Contacts.Where(c => c.ImportBatchId != batchId && companies.Any(x => x.Id == c.CompanyId))
            .Select(c => "contact «" + c.Name + "» (#" + c.Id + ") added since").Take(Named).ToListAsync(ct));
        // A person the import brought in who has since signed in or been given work of their own stays.
        var restored = db.ImportRecords.Where(r => r.BatchId == batchId && r.Kind == "deal").Select(r => r.EntityId);
        result.AddRange(await db.Users.Where(u => u.ImportBatchId == batchId && (u.PasswordHash != null
                || db.Deals.IgnoreQueryFilters().Any(d => d.ImportBatchId != batchId && !restored.Contains(d.Id) && d.OwnerId == u.Id)
                || db.Activities.Any(a => a.ImportBatchId != batchId && a.UserId == u.Id)
                || db.Tasks.Any(t => t.ImportBatchId != batchId && t.AssigneeId == u.Id)))
            .Select(u => "person «" + u.FullName + "» (#" + u.Id + ") working in Voronka since").Take(Named).ToListAsync(ct));
        var records = await db.ImportRecords.AsNoTracking().Where(r => r.BatchId == batchId).ToListAsync(ct);
        foreach (var group in records.GroupBy(r => r.Kind))
        {
            var ids = group.Select(r => r.EntityId).ToList();
            var versions = group.Key switch
            {
                "deal" => await db.Deals.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Version,
                    Name = d.Title }).ToListAsync(ct),
                "company" => await db.Companies.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Version, c.Name }).ToListAsync(ct),
                _ => await db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Version, c.Name }).ToListAsync(ct),
            };
            var after = group.ToDictionary(r => r.EntityId, r => r.VersionAfter);
            result.AddRange(versions.Where(v => v.Version != after[v.Id]).Take(Named).Select(v => $"{group.Key} «{v.Name}» (#{v.Id})"));
        }
        return result;
    }

    public static string Refusal(IReadOnlyList<string> changed) =>
        $"Not rolled back: changed since the import or used by records added since: {string.Join("; ", changed.Take(Named))}"
        + (changed.Count > Named ? "; and more." : ".");

    public static async Task UndoAsync(VoronkaDbContext db, int batchId, CancellationToken ct)
    {
        db.AuditDisabled = true;
        db.FiguresDeferred = true;
        await db.Activities.Where(a => a.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
        await db.Tasks.Where(t => t.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
        var deals = db.Deals.IgnoreQueryFilters().Where(d => d.ImportBatchId == batchId).Select(d => d.Id);
        await db.DealActivityFacts.Where(f => deals.Contains(f.DealId)).ExecuteDeleteAsync(ct);
        await db.DealLines.Where(l => deals.Contains(l.DealId)).ExecuteDeleteAsync(ct);
        await db.DealStageChanges.Where(c => deals.Contains(c.DealId)).ExecuteDeleteAsync(ct);
        await db.Deals.IgnoreQueryFilters().Where(d => d.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
        var records = await db.ImportRecords.AsNoTracking().Where(r => r.BatchId == batchId).OrderBy(r => r.Id).ToListAsync(ct);
        await RestoreAsync(db, records, ct);
        await db.Contacts.IgnoreQueryFilters().Where(c => c.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
        await db.Companies.IgnoreQueryFilters().Where(c => c.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
        await db.Users.Where(u => u.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
    }

    private static async Task RestoreAsync(VoronkaDbContext db, List<ImportRecord> records, CancellationToken ct)
    {
        var stages = await db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        foreach (var r in records)
        {
            switch (r.Kind)
            {
                case "company":
                    var company = JsonSerializer.Deserialize<Company>(r.Before)!;
                    db.Companies.Update(company);
                    db.Entry(company).Property(c => c.Version).OriginalValue = r.VersionAfter;
                    company.Version = r.VersionAfter + 1;
                    break;
                case "contact":
                    var contact = JsonSerializer.Deserialize<Contact>(r.Before)!;
                    db.Contacts.Update(contact);
                    db.Entry(contact).Property(c => c.Version).OriginalValue = r.VersionAfter;
                    contact.Version = r.VersionAfter + 1;
                    break;
                case "deal":
                    var before = JsonSerializer.Deserialize<DealSnapshot>(r.Before)!;
                    await db.DealLines.Where(l => l.DealId == r.EntityId).ExecuteDeleteAsync(ct);
                    await db.DealStageChanges.Where(c => c.DealId == r.EntityId).ExecuteDeleteAsync(ct);
                    var deal = await db.Deals.IgnoreQueryFilters().FirstAsync(d => d.Id == r.EntityId, ct);
                    Put(deal, before);
                    deal.RestartPath();
                    foreach (var step in before.Path) deal.EnterStage(stages[step.StageId], step.ById, step.At);
                    deal.UpdatedAt = before.UpdatedAt;
                    break;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static void Put(Deal d, DealSnapshot s)
    {
        (d.Title, d.CompanyId, d.ContactId, d.OwnerId, d.CreatedById, d.Currency) = (s.Title, s.CompanyId, s.ContactId, s.OwnerId,
            s.CreatedById, s.Currency);
        (d.AmountMinor, d.AmountIsManual, d.Source, d.RegionId, d.ExpectedCloseDate) = (s.AmountMinor, s.AmountIsManual, s.Source,
            s.RegionId, s.ExpectedCloseDate);
        (d.CreatedAt, d.LossReasonId, d.LossComment, d.CustomFields) = (s.CreatedAt, s.LossReasonId, s.LossComment, s.CustomFields);
        d.Lines = s.Lines.Select(l => new DealLine
        {
            ProductId = l.ProductId, Quantity = l.Quantity, PriceMinor = l.PriceMinor, DiscountPercent = l.Discount,
            TotalMinor = DealLine.Total(l.Quantity, l.PriceMinor, l.Discount),
        }).ToList();
    }
}
