using System.Globalization;
using System.Text.RegularExpressions;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Import;

/// <summary>
/// An import's failure and refusal sentences in the reader's language: the service writes them in English (the API's
/// language) with the reason or the records they name inside; the page shows them in Russian with those kept.
/// </summary>
public static partial class ImportTexts
{
    private static readonly (string En, string Ru)[] Prefixes =
    [
        ("The file could not be read: ", "Файл не прочитан: "),
        ("The commit failed; nothing of it was written: "
            + "", "Запись не удалась, из неё ничего не записано: "),
        ("The rollback failed; nothing was rolled back: ", "Откат не удался, ничего не откачено: "),
    ];

    private const string Refused = "Not rolled back: changed since the import or used by records added since: ";

    private static readonly (Regex Pattern, string Ru)[] Records =
    [
        (new Regex(@"^deal «(.*)» \(#(\d+)\) added since$"), "сделка «$1» (#$2), добавленная позже"),
        (new Regex(@"^contact «(.*)» \(#(\d+)\) added since$"), "контакт «$1» (#$2), добавленный позже"),
        (new Regex(@"^task «(.*)» \(#(\d+)\) added since$"), "задача «$1» (#$2), добавленная позже"),
        (new Regex(@"^activity #(\d+) added since$"), "дело #$1, добавленное позже"),
        (new Regex(@"^person «(.*)» \(#(\d+)\) working in Voronka since$"), "сотрудник «$1» (#$2), уже "
            + "работающий в Voronka"),
        (new Regex(@"^deal «(.*)» \(#(\d+)\)$"), "сделка «$1» (#$2), изменённая после импорта"),
        (new Regex(@"^company «(.*)» \(#(\d+)\)$"), "компания «$1» (#$2), изменённая после импорта"),
        (new Regex(@"^contact «(.*)» \(#(\d+)\)$"), "контакт «$1» (#$2), изменённый после импорта"),
    ];

    private static readonly Dictionary<string, string> States = new(StringComparer.Ordinal)
    {
        ["being checked"] = "проверяется", ["being committed"] = "записывается",
            ["being rolled back"] = "откатывается",
        ["rolled back"] = "откачен", ["checked"] = "проверен", ["committed"] = "записан",
            ["refused"] = "не принят",
        ["failed"] = "не записан",
    };

    /// <summary>The sentence in the current UI language.</summary>
    public static string Translate(string text)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "ru") return text;
        foreach (var (en, ru) in Prefixes)
            if (text.StartsWith(en, StringComparison.Ordinal)) return ru + Reason(text[en.Length..]);
        if (text.StartsWith(Refused, StringComparison.Ordinal)) return Refusal(text[Refused.Length..]);
        if (NoLongerPasses().Match(text) is { Success: true } gone)
            return $"Файл больше не проходит проверку (ошибок: {gone.Groups[1].Value}, данные "
                + $"изменились): проверьте его заново.";
        if (Errors().Match(text) is { Success: true } found)
            return $"Проверка нашла ошибок: {found.Groups[1].Value}. Сначала исправьте файл или "
                + $"сопоставление.";
        if (State().Match(text) is { Success: true } state && States.TryGetValue(state.Groups[1].Value, out var now))
            return state.Groups[2].Value switch
            {
                "its mapping can be changed once it is checked." => $"Импорт {now}: сопоставление меняется, "
                    + $"когда он проверен.",
                "only a checked one can be committed." => $"Импорт {now}: записать можно только "
                    + $"проверенный.",
                "only a committed one can be rolled back." => $"Импорт {now}: откатить можно только "
                    + $"записанный.",
                "only one that holds nothing can be discarded." => $"Импорт {now}: убрать можно только не "
                    + $"записанный или откаченный.",
                _ => text,
            };
        return Reasons.Translate(text);
    }

    // A refusal's reason comes as "<field> <reason>", or as an exception's message.
    private static string Reason(string text)
    {
        var whole = Reasons.Translate(text);
        if (whole != text || text.IndexOf(' ', StringComparison.Ordinal) is not (> 0 and var space)) return whole;
        return text[..(space + 1)] + Reasons.Translate(text[(space + 1)..]);
    }

    private static string Refusal(string list)
    {
        var more = list.EndsWith("; and more.", StringComparison.Ordinal);
        var items = (more ? list[..^"; and more.".Length] : list.TrimEnd('.')).Split("; ");
        var named = items.Select(item => Records.FirstOrDefault(r => r.Pattern.IsMatch(item)) is { Pattern: not null } r
            ? r.Pattern.Replace(item, r.Ru) : item);
        return "Импорт не откачен: "
            + string.Join("; ", named) + (more ? "; и другие." : ".");
    }

    [GeneratedRegex(@"^The file no longer passes the dry run \((\d+) errors, the data changed since\); check it again\.$")]
    private static partial Regex NoLongerPasses();

    [GeneratedRegex(@"^The dry run found (\d+) errors; correct the file or the mapping first\.$")]
    private static partial Regex Errors();

    [GeneratedRegex(@"^The import is ([a-z ]+); (.+)$")]
    private static partial Regex State();
}
