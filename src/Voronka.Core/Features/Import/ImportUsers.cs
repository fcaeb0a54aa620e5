using Voronka.Core.Features.People;
using static Voronka.Core.Features.Import.ImportRules;

namespace Voronka.Core.Features.Import;

/// <summary>A person of the file's <c>users</c> table: one Voronka has (found by login, e-mail or full name) or one the
/// import brings in, under <see cref="Id"/> (negative until the commit gives the real one).</summary>
public sealed record UserRow(
    int Row, int Id, string Login, string FullName, string? Email, UserRole Role, int? TeamId, int? RegionId, bool Active,
    int? ExistingId);

/// <summary>
/// Reads the <c>users</c> table: the people the history names. Someone Voronka has is matched and left as they are; a
/// new person is brought in with the role, team and region given (a manager by default, active unless <c>active</c> says
/// no) and no password: they sign in once the director sets one in Settings → Team. Directors are not imported, and a
/// team must be one Voronka has.
/// </summary>
internal static class ImportUsers
{
    /// <summary>The first of the negative ids new people carry until the commit, apart from those of new names.</summary>
    private const int FirstId = -1_000_000;

    public const string UnknownTeam = "is not a team; add it in Settings → Team first.";
    public const string BadLogin = "may hold only latin letters, digits and - . _ @ + (at most 100).";
    public const string BadRole = "must be manager, senior or assistant; a director is not imported.";

    public static List<UserRow> Read(ImportTable table, IReadOnlyList<ColumnTarget?> columns, ImportCatalog c, List<ImportError> errors)
    {
        var rows = new List<UserRow>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var next = FirstId;
        foreach (var (number, cells) in table.Rows)
        {
            var row = new ImportCells(table.Name, number, cells, columns, errors);
            var login = row.Text("login", required: true);
            var name = row.Text("full_name");
            var email = row.Text("email");
            if (login is null) continue;
            if (!seen.TryAdd(login, number))
            {
                row.Fail("login", login, $"{Repeated} (row {seen[login]}).");
                continue;
            }
            var existing = new[] { login, email, name }
                .Select(k => k is null ? null : (int?)c.People.GetValueOrDefault(k.ToLowerInvariant())).FirstOrDefault(id => id is > 0);
            if (existing is int id)
            {
                rows.Add(new UserRow(number, id, login, name ?? login, email, UserRole.Manager, null, null, true, id));
                continue;
            }
            if (login.Length > 100 || login.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || "-._@+".Contains(ch))))
                row.Fail("login", login, BadLogin);
            if (name is null) row.Fail("full_name", null, Required);
            else if (name.Length > 200) row.Fail("full_name", name, "must be at most 200 characters.");
            if (email is not null && (!email.Contains('@') || email.Length > 254)) row.Fail("email", email, "is not an e-mail address.");
            var role = row.Text("role")?.ToLowerInvariant() switch
            {
                null or "manager" or "менеджер" => UserRole.Manager,
                "senior" or "старший менеджер" or "руководитель группы" => UserRole.Senior,
                "assistant" or "ассистент" or "помощник" => UserRole.Assistant,
                _ => (UserRole?)null,
            };
            if (role is null) row.Fail("role", row.Text("role"), BadRole);
            int? team = null;
            if (row.Text("team") is { } teamName)
            {
                if (c.Teams.TryGetValue(teamName.ToLowerInvariant(), out var t)) team = t;
                else row.Fail("team", teamName, UnknownTeam);
            }
            int? region = null;
            if (row.Text("region") is { } regionName)
            {
                if (c.Regions.TryGetValue(regionName.ToLowerInvariant(), out var r)) region = r;
                else row.Fail("region", regionName, UnknownRegion);
            }
            var active = row.Value("active", ImportValues.Boolean) ?? true;
            if (!row.Failed) rows.Add(new UserRow(number, next--, login, name!, email, role!.Value, team, region, active, null));
        }
        return rows;
    }

    /// <summary>The people the director's owner table brings in by the name the file gives them: a manager with that full
    /// name and a login made from it (latin, unique), active; a name Voronka or the file's users already have is theirs.
    /// They carry row 0: they come from the mapping, not a row.</summary>
    public static IEnumerable<UserRow> FromNames(IReadOnlyList<string>? names, IReadOnlyList<UserRow> read, ImportCatalog c)
    {
        if (names is null) yield break;
        var next = read.Where(u => u.ExistingId is null).Select(u => u.Id).DefaultIfEmpty(FirstId + 1).Min() - 1;
        var taken = new HashSet<string>(c.People.Keys.Concat(read.Select(u => u.Login.ToLowerInvariant())), StringComparer.Ordinal);
        foreach (var raw in names.Select(n => n.Trim()).Where(n => n.Length is > 0 and <= 200).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = raw.ToLowerInvariant();
            if (c.People.ContainsKey(key) || read.Any(u => string.Equals(u.FullName, raw, StringComparison.OrdinalIgnoreCase))) continue;
            var stem = Login(raw);
            var login = stem;
            for (var n = 2; !taken.Add(login); n++) login = $"{stem}{n}";
            yield return new UserRow(0, next--, login, raw, null, UserRole.Manager, null, null, true, null);
        }
    }

    private static readonly string[] Latin =
    [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch",
        "sh", "shch", "", "y", "", "e", "yu", "ya",
    ];

    /// <summary>"Петров Пётр" → "petrov.petr": Russian letters in the passport transliteration, words joined by dots.</summary>
    internal static string Login(string name)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
        {
            if (ch is >= 'а' and <= 'я') sb.Append(Latin[ch - 'а']);
            else if (ch == 'ё') sb.Append('e');
            else if (char.IsAsciiLetterOrDigit(ch)) sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '.') sb.Append('.');
        }
        var login = sb.ToString().Trim('.');
        if (login.Length > 90) login = login[..90].TrimEnd('.');
        return login.Length == 0 ? "person" : login;
    }

    /// <summary>The catalog with the people the file brings in, found by login, e-mail and full name like the others
    /// (a login Voronka has keeps its person).</summary>
    public static ImportCatalog WithNew(ImportCatalog c, IReadOnlyList<UserRow> users)
    {
        if (users.All(u => u.ExistingId is not null)) return c;
        var people = new Dictionary<string, int>(c.People);
        foreach (var u in users.Where(u => u.ExistingId is null))
            foreach (var key in new[] { u.FullName, u.Email, u.Login })
                if (key is not null) people.TryAdd(key.Trim().ToLowerInvariant(), u.Id);
        return c with { People = people };
    }
}
