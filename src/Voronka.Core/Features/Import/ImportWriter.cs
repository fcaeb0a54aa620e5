using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Import;

/// <summary>Which of a plan's rows change a record Voronka holds (the rest of the held ones are the same and left).</summary>
internal sealed record ImportDiff(HashSet<int> Companies, HashSet<int> Contacts, HashSet<int> Deals, List<ImportError> Errors)
{
    /// <summary>The export's keys of activities and tasks Voronka holds without an external id.</summary>
    public HashSet<string> HeldKeys { get; } = new(StringComparer.Ordinal);

    public bool Held(ActivityRow a) => a.Exists || HeldKeys.Contains(a.ExternalId);

    public bool Held(TaskRow t) => t.Exists || HeldKeys.Contains(t.ExternalId);
}

/// <summary>
/// Writes a checked plan: new records with the batch's id on them, changed ones with their state before kept for the
/// rollback, the deals' paths with their original times and authors, and then the kept figures rebuilt. The caller
/// holds the transaction, so the whole batch is written or none of it.
/// </summary>
internal sealed class ImportWriter(VoronkaDbContext db, ImportPlan plan, int batchId, Func<int, Task> progress)
{
    private const int Chunk = 2000;
    private readonly Dictionary<int, int> _names = [];
    private readonly Dictionary<string, int> _companies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _contacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _deals = new(StringComparer.Ordinal);

    /// <summary>The held records the plan would change, found by comparing them field by field.</summary>
    public static async Task<ImportDiff> DiffAsync(VoronkaDbContext db, ImportPlan plan, CancellationToken ct)
    {
        var diff = new ImportDiff([], [], [], []);
        var companyIds = plan.Companies.Where(x => x.ExistingId is not null).Select(x => x.ExistingId!.Value).ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var (row, id) in plan.Companies)
            if (id is int held && !Same(companies[held], row)) diff.Companies.Add(held);
        var contactIds = plan.Contacts.Where(x => x.Row.ExistingId is not null).Select(x => x.Row.ExistingId!.Value).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var (row, company) in plan.Contacts)
            if (row.ExistingId is int held && !Same(contacts[held], row, company)) diff.Contacts.Add(held);
        var lines = plan.Lines.GroupBy(l => l.Deal.Key!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var part in plan.Deals.Where(x => x.Row.Updates).Chunk(Chunk))
        {
            var ids = part.Select(x => plan.Catalog.DealId(x.Row.ExternalId)!.Value).ToList();
            var deals = await db.Deals.IgnoreQueryFilters().AsNoTracking().Include(d => d.Lines).Include(d => d.StageChanges)
                .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            foreach (var (row, company, contact, amount) in part)
            {
                var deal = deals[plan.Catalog.DealId(row.ExternalId)!.Value];
                if (deal.DeletedAt is not null)
                    diff.Errors.Add(new ImportError("deals", row.Row, "external_id", row.ExternalId,
                        "is held by a deleted deal; restore it or give the row another external_id."));
                else if (!Same(deal, row, company, contact, amount, lines.GetValueOrDefault(row.ExternalId) ?? []))
                    diff.Deals.Add(deal.Id);
            }
        }
        await HeldKeysAsync(db, plan, diff, ct);
        return diff;
    }

    /// <summary>The activities and tasks of an export (<c>voronka-activity-&lt;id&gt;</c>) that Voronka still holds.</summary>
    private static async Task HeldKeysAsync(VoronkaDbContext db, ImportPlan plan, ImportDiff diff, CancellationToken ct)
    {
        var activities = plan.Activities.Where(a => !a.Row.Exists)
            .Select(a => (a.Row.ExternalId, Id: ImportCatalog.InternalId(a.Row.ExternalId, "activity"))).Where(x => x.Id is not null)
                .ToList();
        foreach (var part in activities.Chunk(Chunk))
        {
            var ids = part.Select(x => (long)x.Id!.Value).ToList();
            var held = (await db.Activities.Where(a => ids.Contains(a.Id) && a.ExternalId == null).Select(a => a.Id).ToListAsync(ct))
                .ToHashSet();
            diff.HeldKeys.UnionWith(part.Where(x => held.Contains(x.Id!.Value)).Select(x => x.ExternalId));
        }
        var tasks = plan.Tasks.Where(t => !t.Row.Exists)
            .Select(t => (t.Row.ExternalId, Id: ImportCatalog.InternalId(t.Row.ExternalId, "task"))).Where(x => x.Id is not null).ToList();
        foreach (var part in tasks.Chunk(Chunk))
        {
            var ids = part.Select(x => x.Id!.Value).ToList();
            var held = (await db.Tasks.Where(t => ids.Contains(t.Id) && t.ExternalId == null).Select(t => t.Id).ToListAsync(ct))
                .ToHashSet();
            diff.HeldKeys.UnionWith(part.Where(x => held.Contains(x.Id!.Value)).Select(x => x.ExternalId));
        }
    }

    public async Task WriteAsync(ImportDiff diff, CancellationToken ct)
    {
        db.AuditDisabled = true;
        db.FiguresDeferred = true;
        await NamesAsync(ct);
        await progress(5);
        await CompaniesAsync(diff, ct);
        await ContactsAsync(diff, ct);
        await progress(15);
        await DealsAsync(diff, ct);
        await progress(50);
        await ActivitiesAsync(diff, ct);
        await TasksAsync(diff, ct);
        await progress(80);
    }

    private async Task NamesAsync(CancellationToken ct)
    {
        foreach (var r in plan.Regions.Where(r => !r.Exists))
        {
            var region = new Region { Name = r.Name };
            db.Regions.Add(region);
            await db.SaveChangesAsync(ct);
            _names[plan.Catalog.Regions[r.Name.ToLowerInvariant()]] = region.Id;
        }
        var position = await db.LossReasons.MaxAsync(x => (int?)x.Position, ct) ?? 0;
        foreach (var r in plan.LossReasons.Where(r => !r.Exists))
        {
            var reason = new LossReason { Name = r.Name, Position = ++position };
            db.LossReasons.Add(reason);
            await db.SaveChangesAsync(ct);
            _names[plan.Catalog.LossReasons[r.Name.ToLowerInvariant()]] = reason.Id;
        }
        foreach (var p in plan.Products.Where(p => !p.Exists))
        {
            var product = new Product { Name = p.Name, Category = p.Category, ListPriceMinor = p.PriceMinor ?? 0,
                Currency = plan.Catalog.Currency };
            db.Products.Add(product);
            await db.SaveChangesAsync(ct);
            _names[plan.Catalog.Products[p.Name.ToLowerInvariant()].Id] = product.Id;
        }
        await PeopleAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The people the file brings in, without a password (the director sets one), after its new regions.</summary>
    private async Task PeopleAsync(CancellationToken ct)
    {
        var added = new List<(int TempId, AppUser User)>();
        foreach (var u in plan.Users.Where(u => u.ExistingId is null))
        {
            var user = new AppUser
            {
                UserName = u.Login, NormalizedUserName = u.Login.ToUpperInvariant(), Email = u.Email,
                NormalizedEmail = u.Email?.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true, FullName = u.FullName, Role = u.Role,
                TeamId = u.TeamId, RegionId = Name(u.RegionId), IsActive = u.Active, CreatedAt = db.Clock.GetUtcNow().UtcDateTime,
                ImportBatchId = batchId,
            };
            db.Users.Add(user);
            added.Add((u.Id, user));
        }
        if (added.Count == 0) return;
        await db.SaveChangesAsync(ct);
        foreach (var (id, user) in added) _names[id] = user.Id;
    }

    /// <summary>The external id a record keeps: none for one made from a name.</summary>
    private static string? Key(string key) => key[0] == ImportLinks.Made ? null : key;

    private int? Name(int? id) => id is int i && i < 0 ? _names[i] : id;

    private int Person(int id) => id < 0 ? _names[id] : id;

    private async Task CompaniesAsync(ImportDiff diff, CancellationToken ct)
    {
        foreach (var part in plan.Companies.Chunk(Chunk))
        {
            var held = part.Where(x => x.ExistingId is int id && diff.Companies.Contains(id)).Select(x => x.ExistingId!.Value).ToList();
            var existing = await db.Companies.Where(c => held.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var added = new List<(string Key, Company Company)>();
            foreach (var (row, id) in part)
            {
                if (id is int h)
                {
                    _companies[row.ExternalId] = h;
                    if (!existing.TryGetValue(h, out var company)) continue;
                    Remember("company", h, company.Version + 1, company);
                    Fill(company, row);
                    company.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
                }
                else
                {
                    var company = new Company { ImportBatchId = batchId, CreatedAt = db.Clock.GetUtcNow().UtcDateTime };
                    Fill(company, row);
                    company.UpdatedAt = company.CreatedAt;
                    db.Companies.Add(company);
                    added.Add((row.ExternalId, company));
                }
            }
            await db.SaveChangesAsync(ct);
            foreach (var (key, company) in added) _companies[key] = company.Id;
            db.ChangeTracker.Clear();
        }
    }

    private void Fill(Company c, CompanyRow r)
    {
        // A company found by the export's own key for it (voronka-company-<id>) keeps having none.
        if (c.Id == 0 || ImportCatalog.InternalId(r.ExternalId, "company") != c.Id) c.ExternalId = Key(r.ExternalId);
        (c.Name, c.Inn, c.Industry, c.RegionId, c.OwnerId) = (r.Name, r.Inn, r.Industry, Name(r.RegionId), Person(r.OwnerId));
        (c.Phone, c.Email, c.Website, c.Address) = (r.Phone, r.Email, r.Website, r.Address);
        c.CustomFields = new Dictionary<string, string>(c.CustomFields);
        foreach (var (k, v) in r.Custom) c.CustomFields[k] = v;
    }

    private int? Resolve(RecordRef? r, Dictionary<string, int> created) => r is { } x ? x.Id ?? created[x.Key!] : null;

    private async Task ContactsAsync(ImportDiff diff, CancellationToken ct)
    {
        foreach (var part in plan.Contacts.Chunk(Chunk))
        {
            var held = part.Where(x => x.Row.ExistingId is int id && diff.Contacts.Contains(id)).Select(x => x.Row.ExistingId!.Value)
                .ToList();
            var existing = await db.Contacts.Where(c => held.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var added = new List<(string Key, Contact Contact)>();
            foreach (var (row, company) in part)
            {
                Contact contact;
                if (row.ExistingId is int h)
                {
                    _contacts[row.ExternalId] = h;
                    if (!existing.TryGetValue(h, out contact!)) continue;
                    Remember("contact", h, contact.Version + 1, contact);
                    contact.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
                }
                else
                {
                    contact = new Contact { ImportBatchId = batchId, CreatedAt = db.Clock.GetUtcNow().UtcDateTime };
                    contact.UpdatedAt = contact.CreatedAt;
                    db.Contacts.Add(contact);
                    added.Add((row.ExternalId, contact));
                }
                if (contact.Id == 0 || ImportCatalog.InternalId(row.ExternalId, "contact") != contact.Id)
                    contact.ExternalId = Key(row.ExternalId);
                (contact.Name, contact.Position, contact.OwnerId) = (row.Name, row.Position, Person(row.OwnerId));
                (contact.CompanyId, contact.Phones, contact.Emails) = (Resolve(company, _companies), row.Phones, row.Emails);
                contact.CustomFields = new Dictionary<string, string>(contact.CustomFields);
                foreach (var (k, v) in row.Custom) contact.CustomFields[k] = v;
            }
            await db.SaveChangesAsync(ct);
            foreach (var (key, contact) in added) _contacts[key] = contact.Id;
            db.ChangeTracker.Clear();
        }
    }

    private async Task DealsAsync(ImportDiff diff, CancellationToken ct)
    {
        var stages = await db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var lines = plan.Lines.GroupBy(l => l.Deal.Key!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var done = 0;
        var paths = new List<(Deal Deal, List<DealStageChange> Changes)>();
        foreach (var part in plan.Deals.Chunk(Chunk))
        {
            var ids = part.Where(x => x.Row.Updates).Select(x => plan.Catalog.DealId(x.Row.ExternalId)!.Value).ToList();
            var held = await db.Deals.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            var changed = held.Values.Where(d => diff.Deals.Contains(d.Id)).Select(d => d.Id).ToList();
            if (changed.Count > 0)
            {
                var before = await db.Deals.AsNoTracking().Include(d => d.Lines).Include(d => d.StageChanges)
                    .Where(d => changed.Contains(d.Id)).ToListAsync(ct);
                foreach (var d in before) Remember("deal", d.Id, d.Version + 1, DealSnapshot.Of(d));
                await db.DealLines.Where(l => changed.Contains(l.DealId)).ExecuteDeleteAsync(ct);
                await db.DealStageChanges.Where(c => changed.Contains(c.DealId)).ExecuteDeleteAsync(ct);
            }
            var added = new List<Deal>();
            foreach (var (row, company, contact, amount) in part)
            {
                Deal deal;
                if (row.Updates)
                {
                    deal = held[plan.Catalog.DealId(row.ExternalId)!.Value];
                    _deals[row.ExternalId] = deal.Id;
                    if (!diff.Deals.Contains(deal.Id)) continue;
                    deal.RestartPath();
                }
                else
                {
                    deal = new Deal { ImportBatchId = batchId, ExternalId = row.ExternalId };
                    db.Deals.Add(deal);
                    added.Add(deal);
                }
                (deal.Title, deal.OwnerId, deal.CreatedById, deal.Currency) = (row.Title, Person(row.OwnerId),
                    Person(row.Path[0].ById ?? row.OwnerId), row.Currency);
                (deal.AmountMinor, deal.AmountIsManual, deal.Source, deal.RegionId) = (amount, row.Amount is not null, row.Source,
                    Name(row.RegionId));
                (deal.ExpectedCloseDate, deal.CreatedAt, deal.LossReasonId, deal.LossComment) =
                    (row.ExpectedCloseDate, row.CreatedAt, Name(row.LossReasonId), row.LossComment);
                (deal.CompanyId, deal.ContactId) = (Resolve(company, _companies), Resolve(contact, _contacts));
                deal.CustomFields = new Dictionary<string, string>(row.Custom);
                deal.Lines = (lines.GetValueOrDefault(row.ExternalId) ?? []).Select(l => new DealLine
                {
                    ProductId = Name(l.ProductId)!.Value, Quantity = l.Row.Quantity, PriceMinor = l.PriceMinor,
                        DiscountPercent = l.Row.Discount,
                    TotalMinor = DealLine.Total(l.Row.Quantity, l.PriceMinor, l.Row.Discount),
                }).ToList();
                foreach (var step in row.Path) deal.EnterStage(stages[step.StageId], Person(step.ById ?? row.OwnerId), step.At);
                deal.UpdatedAt = row.Path[^1].At;
                Keep(deal, stages);
                // The path is written in bulk once the deal has its id.
                paths.Add((deal, deal.StageChanges));
                deal.StageChanges = [];
            }
            await db.SaveChangesAsync(ct);
            await ImportBulk.ChangesAsync(db, paths.SelectMany(p => p.Changes.Select(c =>
            {
                c.DealId = p.Deal.Id;
                return c;
            })), ct);
            paths.Clear();
            foreach (var d in added) _deals[d.ExternalId!] = d.Id;
            db.ChangeTracker.Clear();
            done += part.Length;
            await progress(15 + 35 * done / Math.Max(1, plan.Deals.Count));
        }
    }

    /// <summary>What <c>KeptFigures</c> keeps of a path, found from the whole path at once: each change's previous change
    /// and previous entry into the same stage (in the order written, which is the order of time), and the furthest open
    /// stage of the deal's pipeline it entered.</summary>
    private static void Keep(Deal deal, Dictionary<int, Stage> stages)
    {
        var entered = new Dictionary<int, DateTime>();
        DateTime? previous = null;
        foreach (var c in deal.StageChanges)
        {
            c.PreviousChangeAt = previous;
            c.PreviousEntryAt = entered.TryGetValue(c.ToStageId, out var at) ? at : null;
            entered[c.ToStageId] = c.ChangedAt;
            previous = c.ChangedAt;
        }
        deal.KeepFurthest(deal.StageChanges.Select(c => stages[c.ToStageId])
            .Where(s => s.PipelineId == deal.PipelineId && s.Kind == StageKind.Open).Max(s => (int?)s.Position));
    }

    private async Task ActivitiesAsync(ImportDiff diff, CancellationToken ct)
    {
        await ImportBulk.ActivitiesAsync(db, plan.Activities.Where(a => !diff.Held(a.Row)).Select(x => new Activity
        {
            ExternalId = x.Row.ExternalId, ImportBatchId = batchId, Type = x.Row.Type, UserId = Person(x.Row.OwnerId),
            DealId = Resolve(x.Deal, _deals), CompanyId = Resolve(x.Company, _companies), ContactId = Resolve(x.Contact, _contacts),
            OccurredAt = x.Row.At, CreatedAt = x.Row.At, DurationSeconds = x.Row.DurationSeconds, Direction = x.Row.Direction,
            CallResult = x.Row.Result, Notes = x.Row.Text,
        }), ct);
    }

    private async Task TasksAsync(ImportDiff diff, CancellationToken ct)
    {
        foreach (var part in plan.Tasks.Where(t => !diff.Held(t.Row)).Chunk(Chunk * 5))
        {
            db.Tasks.AddRange(part.Select(x => new DealTask
            {
                ExternalId = x.Row.ExternalId, ImportBatchId = batchId, DealId = Resolve(x.Deal, _deals)!.Value, Kind = x.Row.Kind,
                Title = x.Row.Title, AssigneeId = Person(x.Row.AssigneeId), AuthorId = Person(x.Row.AssigneeId), DueAt = x.Row.Due,
                Status = x.Row.DoneAt is null ? DealTaskStatus.Open : DealTaskStatus.Done, CompletedAt = x.Row.DoneAt,
                Result = x.Row.Result, CreatedAt = x.Row.DoneAt is DateTime d && d < x.Row.Due ? d : x.Row.Due,
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private void Remember<T>(string kind, int id, int versionAfter, T before) =>
        db.ImportRecords.Add(new ImportRecord
        {
            BatchId = batchId, Kind = kind, EntityId = id, VersionAfter = versionAfter, Before = JsonSerializer.Serialize(before),
        });

    private static bool Same(Company c, CompanyRow r) =>
        (c.ExternalId == r.ExternalId || (c.ExternalId is null && ImportCatalog.InternalId(r.ExternalId, "company") == c.Id))
        && c.Name == r.Name && c.Inn == r.Inn && c.Industry == r.Industry && c.RegionId == r.RegionId
        && c.OwnerId == r.OwnerId && c.Phone == r.Phone && c.Email == r.Email && c.Website == r.Website && c.Address == r.Address
        && r.Custom.All(kv => c.CustomFields.GetValueOrDefault(kv.Key) == kv.Value);

    private static bool Same(Contact c, ContactRow r, RecordRef? company) =>
        c.Name == r.Name && c.Position == r.Position && c.OwnerId == r.OwnerId && c.CompanyId == company?.Id
        && (company is null || company.Value.Id is not null) && c.Phones.SequenceEqual(r.Phones) && c.Emails.SequenceEqual(r.Emails)
        && r.Custom.All(kv => c.CustomFields.GetValueOrDefault(kv.Key) == kv.Value);

    private static bool Same(
        Deal d, DealRow r, RecordRef? company, RecordRef? contact, long amount, List<(LineRow Row, RecordRef Deal, int ProductId,
            long PriceMinor)> lines)
    {
        if (d.Title != r.Title || d.OwnerId != r.OwnerId || d.Currency != r.Currency || d.AmountMinor != amount || d.Source != r.Source
            || d.RegionId != r.RegionId || d.ExpectedCloseDate != r.ExpectedCloseDate || d.StageId != r.StageId
                || d.LossReasonId != r.LossReasonId
            || d.LossComment != r.LossComment || d.CompanyId != company?.Id || (company is { Id: null }) || d.ContactId != contact?.Id
            || contact is { Id: null } || d.CustomFields.Count != r.Custom.Count || r.Custom.Any(kv => d.CustomFields
                .GetValueOrDefault(kv.Key) != kv.Value))
            return false;
        var path = d.StageChanges.OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).Select(c => (c.ToStageId, c.ChangedAt, c.ChangedById))
            .ToList();
        var wanted = r.Path.Select(s => (s.StageId, s.At, s.ById ?? r.OwnerId)).ToList();
        if (!path.SequenceEqual(wanted)) return false;
        var held = d.Lines.Select(l => (l.ProductId, l.Quantity, l.PriceMinor, l.DiscountPercent)).Order().ToList();
        return held.SequenceEqual(lines.Select(l => (l.ProductId, l.Row.Quantity, l.PriceMinor, l.Row.Discount)).Order());
    }
}

/// <summary>A deal as it was before an import changed it: what the rollback puts back.</summary>
internal sealed record DealSnapshot(
    string Title, int? CompanyId, int? ContactId, int OwnerId, int CreatedById, string Currency, long AmountMinor, bool AmountIsManual,
    string? Source, int? RegionId, DateOnly? ExpectedCloseDate, DateTime CreatedAt, DateTime UpdatedAt, int? LossReasonId,
    string? LossComment, Dictionary<string, string> CustomFields, List<DealSnapshot.Line> Lines, List<DealSnapshot.Step> Path)
{
    public static DealSnapshot Of(Deal d) => new(
        d.Title, d.CompanyId, d.ContactId, d.OwnerId, d.CreatedById, d.Currency, d.AmountMinor, d.AmountIsManual, d.Source, d.RegionId,
        d.ExpectedCloseDate, d.CreatedAt, d.UpdatedAt, d.LossReasonId, d.LossComment, d.CustomFields,
        d.Lines.Select(l => new Line(l.ProductId, l.Quantity, l.PriceMinor, l.DiscountPercent)).ToList(),
        d.StageChanges.OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).Select(c => new Step(c.ToStageId, c.ChangedAt, c.ChangedById)).ToList());

    public sealed record Line(int ProductId, decimal Quantity, long PriceMinor, decimal Discount);

    public sealed record Step(int StageId, DateTime At, int ById);
}
