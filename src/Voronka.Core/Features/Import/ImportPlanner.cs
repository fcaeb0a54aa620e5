using Voronka.Core.Common;
using static Voronka.Core.Features.Import.ImportRules;

namespace Voronka.Core.Features.Import;

/// <summary>A link to a record: one Voronka holds (<see cref="Id"/>), or one the file creates (<see cref="Key"/>, its
/// external_id in the file).</summary>
public readonly record struct RecordRef(int? Id, string? Key)
{
    public static RecordRef Held(int id) => new(id, null);
    public static RecordRef New(string key) => new(null, key);
}

/// <summary>Everything a file would write, read and checked, with each link resolved; and what was refused.</summary>
public sealed class ImportPlan
{
    public List<NamedRow> Regions { get; } = [];
    public List<NamedRow> LossReasons { get; } = [];
    public List<NamedRow> Products { get; } = [];
    /// <summary>The people of the file's <c>users</c> table: those Voronka has (<see cref="UserRow.ExistingId"/>) and those
    /// it brings in, under negative ids until the commit.</summary>
    public List<UserRow> Users { get; } = [];
    public List<(CompanyRow Row, int? ExistingId)> Companies { get; } = [];
    public List<(ContactRow Row, RecordRef? Company)> Contacts { get; } = [];
    public List<(DealRow Row, RecordRef? Company, RecordRef? Contact, long AmountMinor)> Deals { get; } = [];
    public List<(LineRow Row, RecordRef Deal, int ProductId, long PriceMinor)> Lines { get; } = [];
    public List<(ActivityRow Row, RecordRef? Deal, RecordRef? Company, RecordRef? Contact)> Activities { get; } = [];
    public List<(TaskRow Row, RecordRef Deal)> Tasks { get; } = [];
    public List<ImportError> Errors { get; } = [];
    public List<ImportDuplicate> Duplicates { get; } = [];
    public List<ImportNote> Notes { get; } = [];
    /// <summary>Rows read per table, refused or not.</summary>
    public Dictionary<string, int> Rows { get; } = [];
    /// <summary>The format's table each table of the file fills, by the file's name for it.</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The catalog the rows were read with: the file's new regions, loss reasons and products carry negative ids.</summary>
    public ImportCatalog Catalog { get; set; } = null!;
}

/// <summary>
/// Reads a whole file with its mapping into an <see cref="ImportPlan"/>, without touching the database: the catalog
/// tables first (so that new regions, loss reasons and products can be named by the rows after them), then companies,
/// contacts, deals with their history and lines, activities and tasks, each link resolved to a record of the file or of
/// Voronka. A row whose link cannot be resolved is refused with the reason.
/// </summary>
public static class ImportPlanner
{
    public static ImportPlan Plan(IReadOnlyList<ImportTable> tables, ImportMapping mapping, ImportCatalog catalog)
    {
        var plan = new ImportPlan();
        var byTable = Place(tables, mapping, plan);
        var c = catalog with
        {
            PipelineNames = mapping.Pipelines?.ToDictionary(kv => kv.Key.Trim().ToLowerInvariant(), kv => kv.Value) ?? [],
        };
        (ImportTable Table, IReadOnlyList<ColumnTarget?> Columns)? Get(string name) =>
            byTable.TryGetValue(name, out var t) ? t : null;

        if (Get("regions") is { } regions)
            plan.Regions.AddRange(ImportRows.Named(regions.Table, regions.Columns, "regions", c, plan.Errors));
        if (Get("loss_reasons") is { } reasons)
            plan.LossReasons.AddRange(ImportRows.Named(reasons.Table, reasons.Columns, "loss_reasons", c, plan.Errors));
        if (Get("products") is { } products)
            plan.Products.AddRange(ImportRows.Named(products.Table, products.Columns, "products", c, plan.Errors));
        c = WithNewNames(c, plan);
        if (Get("users") is { } users) plan.Users.AddRange(ImportUsers.Read(users.Table, users.Columns, c, plan.Errors));
        plan.Users.AddRange(ImportUsers.FromNames(mapping.NewPeople, plan.Users, c));
        // The director's people table may name someone the file brings in.
        c = WithPeople(ImportUsers.WithNew(c, plan.Users), mapping.People);
        if (Get("teams") is { } teams) plan.Notes.Add(new ImportNote(ImportNote.TeamsLeftOut, "teams", Count: teams.Table.Rows.Count()));
        plan.Catalog = c;

        var companies = Get("companies") is { } ct ? ImportRows.Companies(ct.Table, ct.Columns, c, plan.Errors) : [];
        foreach (var company in companies) plan.Companies.Add((company, company.ExistingId ?? HeldByInn(company, c, plan)));
        var links = new ImportLinks(c, plan, makeCompanies: Get("companies") is null, makeContacts: Get("contacts") is null);
        var contacts = Get("contacts") is { } kt ? ImportRows.Contacts(kt.Table, kt.Columns, c, plan.Errors) : [];
        links.AddContacts(contacts);
        foreach (var contact in contacts)
            if (links.Company(contact.CompanyKey, "contacts", contact.Row, contact.OwnerId, out var company))
                plan.Contacts.Add((contact, company));

        ReadDeals(Get("deals"), Get("stage_history"), Get("deal_lines"), mapping, c, links, plan);
        var fileDeals = plan.Deals.Select(d => d.Row.ExternalId).ToHashSet(StringComparer.Ordinal);

        if (Get("activities") is { } at)
            foreach (var a in ImportRows.Activities(at.Table, at.Columns, c, plan.Errors))
            {
                var ok = Deal(a.DealKey, "activities", a.Row, fileDeals, c, plan, out var deal)
                    & links.Company(a.CompanyKey, "activities", a.Row, a.OwnerId, out var company);
                RecordRef? contact = null;
                if (ok && links.Contact(a.ContactKey, company, "activities", a.Row, a.OwnerId, out contact)) plan.Activities.Add((a, deal,
                    company, contact));
            }
        if (Get("tasks") is { } tt)
            foreach (var t in ImportRows.Tasks(tt.Table, tt.Columns, c, plan.Errors))
                if (Deal(t.DealKey, "tasks", t.Row, fileDeals, c, plan, out var deal)) plan.Tasks.Add((t, deal!.Value));
        FindDuplicates(plan, c);
        var madeCompanies = plan.Companies.Count(x => x.Row.ExternalId[0] == ImportLinks.Made);
        if (madeCompanies > 0) plan.Notes.Add(new ImportNote(ImportNote.CompaniesMade, "companies", Count: madeCompanies));
        var madeContacts = plan.Contacts.Count(x => x.Row.ExternalId[0] == ImportLinks.Made);
        if (madeContacts > 0) plan.Notes.Add(new ImportNote(ImportNote.ContactsMade, "contacts", Count: madeContacts));
        return plan;
    }

    /// <summary>The mapping's tables with their columns placed; a source table of the format's own name refuses a
    /// column it does not know by name, a table mapped from another system leaves it out with a note.</summary>
    private static Dictionary<string, (ImportTable, IReadOnlyList<ColumnTarget?>)> Place(
        IReadOnlyList<ImportTable> tables, ImportMapping mapping, ImportPlan plan)
    {
        var result = new Dictionary<string, (ImportTable, IReadOnlyList<ColumnTarget?>)>();
        foreach (var table in tables)
        {
            var m = mapping.Tables.FirstOrDefault(t => string.Equals(t.Source, table.Name, StringComparison.OrdinalIgnoreCase));
            if (m?.Table is not string target || !ImportColumns.Tables.TryGetValue(target, out var known))
            {
                plan.Notes.Add(new ImportNote(ImportNote.TableLeftOut, table.Name));
                continue;
            }
            if (result.ContainsKey(target))
            {
                plan.Errors.Add(new ImportError(table.Name, 1, "", null,
                    $"fills the table '{target}', which another table of the file fills."));
                continue;
            }
            var own = string.Equals(table.Name, target, StringComparison.OrdinalIgnoreCase);
            var columns = new ColumnTarget?[table.Columns.Count];
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var header = table.Columns[i];
                var to = m.Columns.TryGetValue(header, out var x) ? x : null;
                if (to is not null && (known.Contains(to) || to.StartsWith("custom.", StringComparison.Ordinal)))
                    columns[i] = new ColumnTarget(target, to);
                else if (to is not null)
                    plan.Errors.Add(new ImportError(table.Name, 1, header, to, $"is not a column of the table '{target}'."));
                else if (own)
                    plan.Errors.Add(new ImportError(table.Name, 1, header, null,
                        $"is not a column of the table '{target}'; rename it or leave it out."));
                else if (!string.IsNullOrWhiteSpace(header))
                    plan.Notes.Add(new ImportNote(ImportNote.ColumnLeftOut, table.Name, header));
            }
            result[target] = (table, columns);
            plan.Sources[table.Name] = target;
            if (table.Formulas > 0) plan.Notes.Add(new ImportNote(ImportNote.FormulasRead, table.Name, Count: table.Formulas));
        }
        return result;
    }

    private static ImportCatalog WithPeople(ImportCatalog c, IReadOnlyDictionary<string, string>? people)
    {
        if (people is null || people.Count == 0) return c;
        var map = new Dictionary<string, int>(c.People);
        foreach (var (source, target) in people)
            if (c.People.TryGetValue(target.Trim().ToLowerInvariant(), out var id)) map[source.Trim().ToLowerInvariant()] = id;
        return c with { People = map };
    }

    /// <summary>The catalog with the file's new regions, loss reasons and products under negative ids, which the commit
    /// replaces with the ids they get.</summary>
    private static ImportCatalog WithNewNames(ImportCatalog c, ImportPlan plan)
    {
        var next = -1;
        var regions = new Dictionary<string, int>(c.Regions);
        foreach (var r in plan.Regions.Where(r => !r.Exists)) regions[r.Name.ToLowerInvariant()] = next--;
        var reasons = new Dictionary<string, int>(c.LossReasons);
        foreach (var r in plan.LossReasons.Where(r => !r.Exists)) reasons[r.Name.ToLowerInvariant()] = next--;
        var products = new Dictionary<string, ImportProduct>(c.Products);
        foreach (var p in plan.Products.Where(p => !p.Exists)) products[p.Name.ToLowerInvariant()] = new ImportProduct(next--, p.Name,
            p.PriceMinor ?? 0);
        return c with { LossReasons = reasons, Regions = regions, Products = products };
    }

    /// <summary>A company of the file without a known external id whose INN Voronka already holds is that company.</summary>
    private static int? HeldByInn(CompanyRow row, ImportCatalog c, ImportPlan plan)
    {
        if (row.Inn is null || !c.CompaniesByInn.TryGetValue(row.Inn, out var held)) return null;
        plan.Duplicates.Add(new ImportDuplicate("companies", row.Row, "inn", row.Inn, $"company #{held} in Voronka: updated"));
        return held;
    }

    private static void ReadDeals(
        (ImportTable Table, IReadOnlyList<ColumnTarget?> Columns)? deals, (ImportTable Table,
            IReadOnlyList<ColumnTarget?> Columns)? history,
        (ImportTable Table, IReadOnlyList<ColumnTarget?> Columns)? lines, ImportMapping mapping, ImportCatalog c,
        ImportLinks links, ImportPlan plan)
    {
        if (deals is null)
        {
            if (history is not null) plan.Notes.Add(new ImportNote(ImportNote.NoDeals, history.Value.Table.Name));
            if (lines is not null) plan.Notes.Add(new ImportNote(ImportNote.NoDeals, lines.Value.Table.Name));
            return;
        }
        var stages = mapping.Stages?.ToDictionary(kv => kv.Key.Trim().ToLowerInvariant(), kv => kv.Value);
        var read = DealRows.Read(deals.Value.Table, deals.Value.Columns, history?.Table, history?.Columns, c, stages);
        plan.Errors.AddRange(read.Errors);
        var dealKeys = read.Deals.Select(d => d.ExternalId).ToHashSet(StringComparer.Ordinal);
        var dealLines = new Dictionary<string, List<(LineRow, int, long)>>(StringComparer.Ordinal);
        if (lines is { } l)
            foreach (var line in ImportRows.Lines(l.Table, l.Columns, c, plan.Errors))
            {
                if (!dealKeys.Contains(line.DealKey))
                {
                    plan.Errors.Add(new ImportError(l.Table.Name, line.Row, "deal", line.DealKey, UnknownFileDeal));
                    continue;
                }
                if (!c.Products.TryGetValue(line.ProductName.ToLowerInvariant(), out var product))
                {
                    plan.Errors.Add(new ImportError(l.Table.Name, line.Row, "product", line.ProductName, UnknownProduct));
                    continue;
                }
                if (!dealLines.TryGetValue(line.DealKey, out var list)) dealLines[line.DealKey] = list = [];
                list.Add((line, product.Id, line.PriceMinor ?? product.PriceMinor));
            }
        foreach (var deal in read.Deals)
        {
            if (!links.Company(deal.CompanyKey, "deals", deal.Row, deal.OwnerId, out var company)
                || !links.Contact(deal.ContactKey, company, "deals", deal.Row, deal.OwnerId, out var contact)) continue;
            var own = dealLines.GetValueOrDefault(deal.ExternalId) ?? [];
            foreach (var (line, product, price) in own) plan.Lines.Add((line, RecordRef.New(deal.ExternalId), product, price));
            var amount = deal.Amount is decimal a ? Money.ToMinor(a)
                : own.Sum(x => Deals.DealLine.Total(x.Item1.Quantity, x.Item3, x.Item1.Discount));
            plan.Deals.Add((deal, company, contact, amount));
        }
    }

    private static bool Deal(string? key, string table, int row, HashSet<string> file, ImportCatalog c, ImportPlan plan,
        out RecordRef? found)
    {
        found = null;
        if (key is null) return true;
        if (file.Contains(key)) found = RecordRef.New(key);
        else if (c.DealId(key) is int id) found = RecordRef.Held(id);
        if (found is null) plan.Errors.Add(new ImportError(table, row, "deal", key, UnknownDeal));
        return found is not null;
    }

    /// <summary>Rows that may be records already held or twice in the file: companies by INN, phone, e-mail and name;
    /// contacts by phone and e-mail. They are named, not refused: the director decides.</summary>
    private static void FindDuplicates(ImportPlan plan, ImportCatalog c)
    {
        void Within<T>(string table, IEnumerable<T> rows, Func<T, int> row, string key, Func<T, IEnumerable<string?>> values)
        {
            var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in rows)
                foreach (var v in values(r).Where(v => v is not null).Distinct(StringComparer.OrdinalIgnoreCase))
                    if (!first.TryAdd(v!, row(r))) plan.Duplicates.Add(new ImportDuplicate(table, row(r), key, v!, $"row {first[v!]}"));
        }
        var companies = plan.Companies.Select(x => x.Row).ToList();
        Within("companies", companies, r => r.Row, "inn", r => [r.Inn]);
        Within("companies", companies, r => r.Row, "phone", r => [r.Phone]);
        Within("companies", companies, r => r.Row, "email", r => [r.Email]);
        Within("companies", companies, r => r.Row, "name", r => [r.Name]);
        foreach (var r in companies.Where(r => r.ExistingId is null && c.CompaniesByName.ContainsKey(r.Name.ToLowerInvariant())))
            plan.Duplicates.Add(new ImportDuplicate("companies", r.Row, "name", r.Name,
                $"company #{c.CompaniesByName[r.Name.ToLowerInvariant()]} in Voronka"));
        var contacts = plan.Contacts.Select(x => x.Row).ToList();
        Within("contacts", contacts, r => r.Row, "phone", r => r.Phones);
        Within("contacts", contacts, r => r.Row, "email", r => r.Emails);
        foreach (var r in contacts.Where(r => r.ExistingId is null))
        {
            foreach (var p in r.Phones.Where(c.ContactsByPhone.ContainsKey))
                plan.Duplicates.Add(new ImportDuplicate("contacts", r.Row, "phone", p, $"contact #{c.ContactsByPhone[p]} in Voronka"));
            foreach (var m in r.Emails.Where(c.ContactsByEmail.ContainsKey))
                plan.Duplicates.Add(new ImportDuplicate("contacts", r.Row, "email", m, $"contact #{c.ContactsByEmail[m]} in Voronka"));
        }
    }
}
