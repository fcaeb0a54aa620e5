using System.Security.Cryptography;
using System.Text;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Tasks;
using static Voronka.Core.Features.Import.ImportRules;

namespace Voronka.Core.Features.Import;

/// <summary>A row of a catalog table (<c>regions</c>, <c>loss_reasons</c>, <c>products</c>): found by its name, created
/// when Voronka has none of that name.</summary>
public sealed record NamedRow(int Row, string Table, string Name, string? Category, long? PriceMinor, bool Exists);

public sealed record CompanyRow(
    int Row, string ExternalId, string Name, string? Inn, string? Industry, int? RegionId, int OwnerId, string? Phone,
    string? Email, string? Website, string? Address, Dictionary<string, string> Custom, int? ExistingId);

public sealed record ContactRow(
    int Row, string ExternalId, string? CompanyKey, string Name, string? Position, List<string> Phones, List<string> Emails,
    int OwnerId, Dictionary<string, string> Custom, int? ExistingId);

public sealed record LineRow(int Row, string DealKey, string ProductName, decimal Quantity, long? PriceMinor, decimal Discount);

public sealed record ActivityRow(
    int Row, string ExternalId, string? DealKey, string? CompanyKey, string? ContactKey, ActivityType Type, DateTime At,
    int OwnerId, int? DurationSeconds, CallDirection? Direction, CallResult? Result, string? Text, bool Exists);

public sealed record TaskRow(
    int Row, string ExternalId, string DealKey, int AssigneeId, string Title, TaskKind Kind, DateTime Due, DateTime? DoneAt,
    string? Result, bool Exists);

/// <summary>
/// Reads the tables of an import other than deals and their history (<see cref="DealRows"/>): each row parsed and
/// checked against the catalog, each refusal named. Links to other records are kept as the file writes them (keys);
/// <see cref="ImportPlanner"/> resolves them once every table is read.
/// </summary>
public static class ImportRows
{
    public static List<NamedRow> Named(ImportTable table, IReadOnlyList<ColumnTarget?> columns, string kind, ImportCatalog c,
        List<ImportError> errors)
    {
        var known = kind switch
        {
            "regions" => c.Regions.Keys,
            "loss_reasons" => c.LossReasons.Keys,
            _ => c.Products.Keys,
        };
        var seen = new Dictionary<string, int>();
        var result = new List<NamedRow>();
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var name = row.Text("name", required: true);
            if (name is { Length: > 200 }) row.Fail("name", name, "must be at most 200 characters.");
            else if (name is not null && !seen.TryAdd(name.ToLowerInvariant(), number))
                row.Fail("name", name, $"{Repeated} (row {seen[name.ToLowerInvariant()]}).");
            var price = kind == "products" ? row.Value("price", ImportValues.Money) : null;
            if (row.Failed || name is null) continue;
            result.Add(new NamedRow(number, kind, name, row.Text("category"), price is decimal p ? Money.ToMinor(p) : null,
                known.Contains(name.ToLowerInvariant())));
        }
        return result;
    }

    public static List<CompanyRow> Companies(ImportTable table, IReadOnlyList<ColumnTarget?> columns, ImportCatalog c,
        List<ImportError> errors)
    {
        var fields = c.FieldsOf(CustomFieldEntity.Company);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inns = new Dictionary<string, int>();
        var result = new List<CompanyRow>();
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var id = Key(row, seen, required: true);
            var name = row.Text("name", required: true);
            var inn = row.Text("inn");
            if (inn is not null && (Inn.Normalize(inn) is not string normal || !Inn.IsValid(normal)))
                row.Fail("inn", inn, "is not a valid INN (10 or 12 digits with their check digits).");
            else if (inn is not null && !inns.TryAdd(Inn.Normalize(inn)!, number)) row.Fail("inn", inn,
                $"{Repeated} (row {inns[Inn.Normalize(inn)!]}).");
            var region = Region(row, c);
            var owner = row.Person("owner", c, required: true);
            var phone = row.Text("phone");
            var e164 = phone is null ? null : ContactNormalizer.Phone(phone);
            if (phone is not null && e164 is null) row.Fail("phone", phone, "is not a phone number.");
            var email = row.Text("email");
            var mail = email is null ? null : ContactNormalizer.Email(email);
            if (email is not null && mail is null) row.Fail("email", email, "is not an e-mail address.");
            var custom = row.Custom(fields, c);
            if (row.Failed || id is null || name is null || owner is null) continue;
            result.Add(new CompanyRow(number, id, name, inn is null ? null : Inn.Normalize(inn), row.Text("industry"), region,
                owner.Value, e164, mail, row.Text("website"), row.Text("address"), custom, c.CompanyId(id)));
        }
        return result;
    }

    public static List<ContactRow> Contacts(ImportTable table, IReadOnlyList<ColumnTarget?> columns, ImportCatalog c,
        List<ImportError> errors)
    {
        var fields = c.FieldsOf(CustomFieldEntity.Contact);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ContactRow>();
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var id = Key(row, seen, required: true);
            var name = row.Text("full_name", required: true);
            var phones = new List<string>();
            foreach (var p in ImportValues.List(row.Raw("phones")))
                if (ContactNormalizer.Phone(p) is string e164) phones.Add(e164);
                else row.Fail("phones", p, "is not a phone number.");
            var emails = new List<string>();
            foreach (var m in ImportValues.List(row.Raw("emails")))
                if (ContactNormalizer.Email(m) is string mail) emails.Add(mail);
                else row.Fail("emails", m, "is not an e-mail address.");
            var owner = row.Person("owner", c, required: true);
            var custom = row.Custom(fields, c);
            if (row.Failed || id is null || name is null || owner is null) continue;
            result.Add(new ContactRow(number, id, row.Text("company"), name, row.Text("position"), phones.Distinct().ToList(),
                emails.Distinct().ToList(), owner.Value, custom, c.ContactId(id)));
        }
        return result;
    }

    public static List<LineRow> Lines(ImportTable table, IReadOnlyList<ColumnTarget?> columns, ImportCatalog c, List<ImportError> errors)
    {
        var result = new List<LineRow>();
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var deal = row.Text("deal", required: true);
            var product = row.Text("product", required: true);
            var quantity = row.Value("quantity", ImportValues.Number) ?? 1;
            if (quantity <= 0) row.Fail("quantity", row.Raw("quantity"), "must be more than zero.");
            var price = row.Value("price", ImportValues.Money);
            var discount = row.Value("discount", ImportValues.Number) ?? 0;
            if (discount is < 0 or > 100) row.Fail("discount", row.Raw("discount"), "must be a percent from 0 to 100.");
            if (row.Failed || deal is null || product is null) continue;
            result.Add(new LineRow(number, deal, product, quantity, price is decimal p ? Money.ToMinor(p) : null, discount));
        }
        return result;
    }

    public static List<ActivityRow> Activities(ImportTable table, IReadOnlyList<ColumnTarget?> columns, ImportCatalog c,
        List<ImportError> errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ActivityRow>();
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var (deal, company, contact) = (row.Text("deal"), row.Text("company"), row.Text("contact"));
            if (deal is null && company is null && contact is null) row.Fail("deal", null, "is required, or a company or a contact.");
            var typeText = row.Text("type", required: true);
            var type = typeText is null ? null : ActivityTypeOf(typeText);
            if (typeText is not null && type is null)
                row.Fail("type", typeText, "must be call, meeting, proposal, presale, email or note.");
            var at = row.Moment("at", c, required: true);
            var owner = row.Person("owner", c, required: true);
            var duration = row.Value("duration_seconds", ImportValues.Number);
            if (duration is < 0 or > 86_400 || (duration is decimal d && d != decimal.Truncate(d)))
                row.Fail("duration_seconds", row.Raw("duration_seconds"), "must be a whole number of seconds up to a day.");
            var directionText = row.Text("direction");
            var direction = directionText is null ? null : DirectionOf(directionText);
            if (directionText is not null && direction is null) row.Fail("direction", directionText, "must be in or out.");
            var resultText = row.Text("result");
            var callResult = type == ActivityType.Call && resultText is not null ? CallResultOf(resultText) : null;
            var text = row.Text("text");
            if (text is { Length: > 4000 }) row.Fail("text", text[..50] + "…", "must be at most 4000 characters.");
            if (row.Failed || type is null || at is null || owner is null) continue;
            var note = callResult is null && resultText is not null ? (text is null ? resultText : $"{text}\n{resultText}") : text;
            var id = row.Text("external_id") ?? Derived("activity", deal ?? company ?? contact, typeText, at.Value.ToString("O"), owner
                .ToString());
            if (id.Length > ExternalIds.MaxLength) { row.Fail("external_id", id, TooLong); continue; }
            if (!seen.TryAdd(id, number)) { row.Fail("external_id", id, $"{Repeated} (row {seen[id]})."); continue; }
            result.Add(new ActivityRow(number, id, deal, company, contact, type.Value, at.Value, owner.Value,
                duration is decimal s ? (int)s : null, type == ActivityType.Call ? direction ?? CallDirection.Outgoing : direction,
                callResult, note is { Length: > 4000 } ? note[..4000] : note, c.ExistingActivities.Contains(id)));
        }
        return result;
    }

    public static List<TaskRow> Tasks(ImportTable table, IReadOnlyList<ColumnTarget?> columns, ImportCatalog c, List<ImportError> errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<TaskRow>();
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var deal = row.Text("deal", required: true);
            var assignee = row.Person("assignee", c, required: true);
            var title = row.Text("title", required: true);
            if (title is { Length: > 300 }) row.Fail("title", title[..50] + "…", "must be at most 300 characters.");
            var kindText = row.Text("type");
            var kind = kindText is null ? TaskKind.FollowUp : TaskKindOf(kindText);
            if (kind is null) row.Fail("type", kindText, "must be call, follow_up, send_materials, presentation, meeting or paperwork.");
            var (due, dueError) = ImportValues.Moment(row.Raw("due"), c.Zone);
            if (dueError is not null) row.Fail("due", row.Raw("due"), dueError);
            else if (due is null) row.Fail("due", null, Required);
            var done = row.Moment("done_at", c);
            if (row.Failed || deal is null || assignee is null || title is null || kind is null || due is null) continue;
            var id = row.Text("external_id") ?? Derived("task", deal, title, due.Value.ToString("O"), assignee.ToString());
            if (id.Length > ExternalIds.MaxLength) { row.Fail("external_id", id, TooLong); continue; }
            if (!seen.TryAdd(id, number)) { row.Fail("external_id", id, $"{Repeated} (row {seen[id]})."); continue; }
            result.Add(new TaskRow(number, id, deal, assignee.Value, title, kind.Value, due.Value, done, row.Text("result"),
                c.ExistingTasks.Contains(id)));
        }
        return result;
    }

    /// <summary>The key of a row that has no <c>external_id</c>: a hash of what makes it that row, so that the same
    /// file imported again finds it and creates nothing twice.</summary>
    public static string Derived(params string?[] parts) =>
        "row-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..24];

    private static string? Key(ImportCells row, Dictionary<string, int> seen, bool required)
    {
        var id = row.Text("external_id", required);
        if (id is { Length: > ExternalIds.MaxLength }) row.Fail("external_id", id, TooLong);
        else if (id is not null && !seen.TryAdd(id, row.Number)) row.Fail("external_id", id, $"{Repeated} (row {seen[id]}).");
        return id;
    }

    internal static int? Region(ImportCells row, ImportCatalog c)
    {
        var name = row.Text("region");
        if (name is null) return null;
        if (c.Regions.TryGetValue(name.ToLowerInvariant(), out var id)) return id;
        row.Fail("region", name, UnknownRegion);
        return null;
    }

    private static ActivityType? ActivityTypeOf(string text) => Word(text) switch
    {
        "call" or "звонок" or "телефонныйзвонок" or "исходящийзвонок" or "входящийзвонок" => ActivityType.Call,
        "meeting" or "встреча" => ActivityType.Meeting,
        "proposal" or "кп" or "коммерческоепредложение" => ActivityType.Proposal,
        "presale" or "демо" or "демонстрация" or "презентация" or "пресейл" => ActivityType.Presale,
        "email" or "письмо" or "почта" or "e-mail" => ActivityType.Email,
        "note" or "заметка" or "примечание" or "комментарий" => ActivityType.Note,
        _ => null,
    };

    private static CallDirection? DirectionOf(string text) => Word(text) switch
    {
        "in" or "incoming" or "inbound" or "входящий" or "вх" => CallDirection.Incoming,
        "out" or "outgoing" or "outbound" or "исходящий" or "исх" => CallDirection.Outgoing,
        _ => null,
    };

    private static CallResult? CallResultOf(string text) => Word(text) switch
    {
        "connected" or "answered" or "состоялся" or "разговор" or "дозвонился" => CallResult.Connected,
        "noanswer" or "неответил" or "недозвонился" or "безответа" => CallResult.NoAnswer,
        "busy" or "занято" => CallResult.Busy,
        "voicemail" or "автоответчик" or "голосоваяпочта" => CallResult.Voicemail,
        "wrongnumber" or "неверныйномер" or "ошибочныйномер" => CallResult.WrongNumber,
        _ => null,
    };

    private static TaskKind? TaskKindOf(string text) => Word(text) switch
    {
        "call" or "звонок" or "позвонить" => TaskKind.Call,
        "followup" or "follow-up" or "связаться" or "напоминание" => TaskKind.FollowUp,
        "sendmaterials" or "отправитьматериалы" or "письмо" => TaskKind.SendMaterials,
        "presentation" or "презентация" => TaskKind.Presentation,
        "meeting" or "встреча" => TaskKind.Meeting,
        "paperwork" or "документы" or "договор" => TaskKind.Paperwork,
        _ => null,
    };

    private static string Word(string text) =>
        new(text.Trim().ToLowerInvariant().Replace('ё', 'е').Where(ch => ch is not (' ' or '_')).ToArray());
}
