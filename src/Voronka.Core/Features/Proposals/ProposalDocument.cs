using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Voronka.Core.Features.Proposals;

/// <summary>The values a proposal is filled with: fields by name (<c>deal.title</c>) and one set of <c>line.*</c> values per
/// product line.</summary>
public sealed record ProposalData(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<IReadOnlyDictionary<string, string>> Lines);

/// <summary>
/// A proposal template is a Word document (DOCX) with fields in double braces — <c>{{deal.title}}</c>,
/// <c>{{company.name}}</c> — anywhere in its text, headers and footers, and a table row with <c>{{line.…}}</c> fields that
/// is repeated for each product line. Word often splits a typed field into several runs (spell checking, formatting);
/// a field is found in the paragraph's whole text and written into the run it starts in, keeping that run's formatting.
/// A template is checked before it is kept: it must open, and every field must be closed and known.
/// </summary>
public static partial class ProposalDocument
{
    public const string LinePrefix = "line.";

    /// <summary>The problems of a template (none: it is good), each a sentence naming the field.</summary>
    public static IReadOnlyList<string> Check(Stream docx, Func<string, bool> isKnown)
    {
        var problems = new List<string>();
        try
        {
            using var doc = WordprocessingDocument.Open(docx, false);
            foreach (var root in Roots(doc))
                foreach (var p in root.Descendants<Paragraph>())
                {
                    var text = string.Concat(p.Descendants<Text>().Select(t => t.Text));
                    var inRow = p.Ancestors<TableRow>().Any();
                    var open = text.LastIndexOf("{{", StringComparison.Ordinal);
                    if (open >= 0 && text.IndexOf("}}", open, StringComparison.Ordinal) < 0)
                        problems.Add($"has a field that is not closed: '{Cut(text[open..])}'.");
                    foreach (Match m in FieldPattern().Matches(text))
                    {
                        var name = m.Groups[1].Value;
                        if (!isKnown(name)) problems.Add($"has an unknown field {{{{{name}}}}}.");
                        else if (name.StartsWith(LinePrefix, StringComparison.Ordinal) && !inRow)
                            problems.Add($"has the field {{{{{name}}}}} outside a table row.");
                    }
                }
            if (doc.MainDocumentPart?.Document?.Body is null) problems.Add(NotADocument);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException
            or InvalidOperationException or System.Xml.XmlException)
        {
            return [NotADocument];
        }
        return problems.Distinct().Take(10).ToList();
    }

    public const string NotADocument = "is not a Word document (DOCX) that can be read.";

    /// <summary>The template filled with the data: a new document; the template is not changed.</summary>
    public static byte[] Fill(byte[] template, ProposalData data)
    {
        using var stream = new MemoryStream();
        stream.Write(template);
        stream.Position = 0;
        using (var doc = WordprocessingDocument.Open(stream, true))
        {
            foreach (var root in Roots(doc))
            {
                // Rows once filled are not read again: a value that looks like a field stays as it is.
                var filled = new HashSet<OpenXmlElement>();
                foreach (var row in root.Descendants<TableRow>().Where(IsLineRow).ToList())
                {
                    foreach (var line in data.Lines)
                    {
                        var copy = (TableRow)row.CloneNode(true);
                        Replace(copy, name => line.TryGetValue(name, out var v) ? v : data.Fields.GetValueOrDefault(name), filled);
                        row.InsertBeforeSelf(copy);
                        filled.Add(copy);
                    }
                    row.Remove();
                }
                Replace(root, name => data.Fields.GetValueOrDefault(name), filled);
            }
            doc.MainDocumentPart!.Document!.Save();
            foreach (var h in doc.MainDocumentPart.HeaderParts) h.Header?.Save();
            foreach (var f in doc.MainDocumentPart.FooterParts) f.Footer?.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The field names a text holds.</summary>
    public static IEnumerable<string> FieldsIn(string text) => FieldPattern().Matches(text).Select(m => m.Groups[1].Value);

    private static bool IsLineRow(TableRow row) =>
        FieldsIn(string.Concat(row.Descendants<Text>().Select(t => t.Text))).Any(n => n.StartsWith(LinePrefix, StringComparison.Ordinal));

    private static IEnumerable<OpenXmlElement> Roots(WordprocessingDocument doc)
    {
        var main = doc.MainDocumentPart;
        if (main?.Document?.Body is { } body) yield return body;
        if (main is null) yield break;
        foreach (var h in main.HeaderParts) if (h.Header is { } header) yield return header;
        foreach (var f in main.FooterParts) if (f.Footer is { } footer) yield return footer;
    }

    /// <summary>Replaces the fields of every paragraph under <paramref name="root"/>: a field spanning several text runs is
    /// written into the first and cut from the others. A field without a value is left out (empty).</summary>
    private static void Replace(OpenXmlElement root, Func<string, string?> value, HashSet<OpenXmlElement> skip)
    {
        foreach (var p in root.Descendants<Paragraph>().ToList())
        {
            if (p.Ancestors<TableRow>().Any(skip.Contains)) continue;
            var texts = p.Descendants<Text>().ToList();
            if (texts.Count == 0) continue;
            var whole = string.Concat(texts.Select(t => t.Text));
            var matches = FieldPattern().Matches(whole);
            if (matches.Count == 0) continue;
            // Where each text node starts in the paragraph's whole text.
            var starts = new int[texts.Count];
            for (int i = 0, at = 0; i < texts.Count; at += texts[i].Text.Length, i++) starts[i] = at;
            foreach (var m in matches.Reverse())
            {
                var first = Array.FindLastIndex(starts, s => s <= m.Index);
                var last = Array.FindLastIndex(starts, s => s < m.Index + m.Length);
                var end = m.Index + m.Length;
                var head = texts[first].Text[..(m.Index - starts[first])];
                var tail = texts[last].Text[(end - starts[last])..];
                var replacement = value(m.Groups[1].Value) ?? "";
                if (first == last)
                {
                    texts[first].Text = head + replacement + tail;
                }
                else
                {
                    texts[first].Text = head + replacement;
                    for (var i = first + 1; i < last; i++) texts[i].Text = "";
                    texts[last].Text = tail;
                }
                texts[first].Space = SpaceProcessingModeValues.Preserve;
                texts[last].Space = SpaceProcessingModeValues.Preserve;
            }
        }
    }

    private static string Cut(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex FieldPattern();
}
