using System.Globalization;
using System.Text;

namespace Voronka.Core.Features.Duplicates;

/// <summary>Why two records look like one: the same tax id, phone or e-mail, or a name alike.</summary>
public enum DuplicateReason
{
    Inn,
    Phone,
    Email,
    Name,
}

/// <summary>What the rules compare of a company or a contact: phones in E.164, e-mails lower-cased (as stored). A
/// contact's name counts only together with the same company (<see cref="Group"/>): two «Иван Петров» of two clients are
/// two people.</summary>
public sealed record DuplicateCandidate(int Id, string Name, DateTime CreatedAt, string? Inn, IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails, int? Group);

public sealed record DuplicatePair(int FirstId, int SecondId, IReadOnlyList<DuplicateReason> Reasons);

/// <summary>
/// The likely-same pairs among records: an exact key shared (tax id, phone, e-mail) or names alike — equal once legal
/// forms, quotes and punctuation are set aside, or one letter apart in a name of six letters or more. The older record of
/// a pair is <see cref="DuplicatePair.FirstId"/>. Records with two different tax ids are never a pair. Pure: the service
/// reads the candidates.
/// </summary>
public static class DuplicateRules
{
    private static readonly HashSet<string> LegalForms =
    [
        "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "гк", "тк", "пк", "фгуп", "муп", "гуп",
        "llc", "ltd", "inc", "gmbh", "corp", "co", "plc", "sa", "ag", "oy", "ab",
    ];

    /// <summary>A name as the rules compare it: lower case, ё as е, without legal forms, quotes and punctuation.</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var text = new StringBuilder(name.Length);
        foreach (var ch in name.ToLower(CultureInfo.InvariantCulture).Replace('ё', 'е'))
            text.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LegalForms.Contains(w)));
    }

    /// <summary>Every likely-same pair, the strongest (most reasons) first, then the newest.</summary>
    public static IReadOnlyList<DuplicatePair> Find(IReadOnlyList<DuplicateCandidate> records)
    {
        var byId = records.ToDictionary(r => r.Id);
        var found = new Dictionary<(int, int), HashSet<DuplicateReason>>();
        void Add(int a, int b, DuplicateReason reason)
        {
            // Two tax ids are two legal entities, however alike the names or shared the switchboard.
            if (a == b || (byId[a].Inn is { Length: > 0 } innA && byId[b].Inn is { Length: > 0 } innB && innA != innB)) return;
            var (x, y) = Older(byId[a], byId[b]) ? (a, b) : (b, a);
            if (!found.TryGetValue((x, y), out var set)) found[(x, y)] = set = [];
            set.Add(reason);
        }
        void Keyed(DuplicateReason reason, Func<DuplicateCandidate, IEnumerable<string>> keys)
        {
            foreach (var group in records.SelectMany(r => keys(r).Distinct().Select(k => (Key: k, r.Id))).GroupBy(x => x.Key))
            {
                var ids = group.Select(x => x.Id).Distinct().ToList();
                // A key shared by a crowd (a switchboard, info@) tells nothing of any two of them.
                if (ids.Count > 20) continue;
                for (var i = 0; i < ids.Count; i++)
                for (var j = i + 1; j < ids.Count; j++) Add(ids[i], ids[j], reason);
            }
        }
        Keyed(DuplicateReason.Inn, r => string.IsNullOrEmpty(r.Inn) ? [] : [r.Inn]);
        Keyed(DuplicateReason.Phone, r => r.Phones);
        Keyed(DuplicateReason.Email, r => r.Emails);

        // Names: two names one edit apart share a key — the name itself or the name less one letter — so only those
        // sharing one are compared, wherever the edit is and however many names start alike.
        var names = records.Select(r => (r.Id, r.Group, Name: Normalize(r.Name))).Where(x => x.Name.Length >= 3).ToList();
        var blocks = names.SelectMany((x, n) => Keys(x.Name).Select(k => (x.Group, Key: k, Index: n)))
            .GroupBy(x => (x.Group, x.Key), x => x.Index);
        foreach (var block in blocks)
        {
            var list = block.Distinct().ToList();
            if (list.Count > MaxNameBlock) continue;
            for (var i = 0; i < list.Count; i++)
            for (var j = i + 1; j < list.Count; j++)
            {
                var (a, b) = (names[list[i]], names[list[j]]);
                if (Alike(a.Name, b.Name)) Add(a.Id, b.Id, DuplicateReason.Name);
            }
        }
        return found.Select(kv => new DuplicatePair(kv.Key.Item1, kv.Key.Item2, kv.Value.Order().ToList()))
            .OrderByDescending(m => m.Reasons.Count).ThenByDescending(m => byId[m.SecondId].CreatedAt).ThenByDescending(m => m.SecondId)
            .ToList();
    }

    /// <summary>A name shared by more records than this (within one group) tells nothing of any two of them.</summary>
    private const int MaxNameBlock = 1000;

    /// <summary>The name, and when it is long enough to be alike by one edit, the name less each one letter.</summary>
    private static IEnumerable<string> Keys(string name)
    {
        yield return name;
        if (name.Length < 6) yield break;
        for (var i = 0; i < name.Length; i++) yield return string.Concat(name.AsSpan(0, i), name.AsSpan(i + 1));
    }

    /// <summary>Equal, or one edit apart when both have six letters or more and the same numbers («Филиал 1» and «Филиал 2»
    /// are two).</summary>
    public static bool Alike(string a, string b)
    {
        if (a == b) return a.Length > 0;
        if (!a.Where(char.IsDigit).SequenceEqual(b.Where(char.IsDigit))) return false;
        if (Math.Min(a.Length, b.Length) < 6 || Math.Abs(a.Length - b.Length) > 1) return false;
        return OneEditApart(a, b);
    }

    private static bool OneEditApart(string a, string b)
    {
        if (a.Length > b.Length) (a, b) = (b, a);
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { i++; j++; continue; }
            if (++edits > 1) return false;
            if (a.Length == b.Length) i++;
            j++;
        }
        return edits + (b.Length - j) + (a.Length - i) <= 1;
    }

    private static bool Older(DuplicateCandidate a, DuplicateCandidate b) =>
        a.CreatedAt < b.CreatedAt || (a.CreatedAt == b.CreatedAt && a.Id < b.Id);
}
