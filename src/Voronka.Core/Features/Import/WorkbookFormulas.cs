using System.IO.Compression;
using System.Xml;

namespace Voronka.Core.Features.Import;

/// <summary>The formula cells of one sheet: how many are read for the value saved with them, and those saved without
/// one (written by a program that does not calculate), by row number and column letters, with the formula's text.</summary>
internal sealed record SheetFormulas(int Count, IReadOnlyDictionary<(int Row, string Column), string> Unsaved)
{
    public static readonly SheetFormulas None = new(0, new Dictionary<(int, string), string>());
}

/// <summary>
/// Finds the formula cells of a workbook's sheets by reading their XML as a stream. A spreadsheet reader gives a formula
/// cell's saved value, which is what the person saw; a formula saved without one would read as an empty cell and
/// silently become "no amount", so such a cell is shown to the checks as the formula it is.
/// </summary>
internal static class WorkbookFormulas
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlReaderSettings Settings =
        new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };

    /// <summary>The formula cells of every sheet, by sheet name; a sheet without formulas is left out.</summary>
    public static Dictionary<string, SheetFormulas> Read(Stream file)
    {
        file.Position = 0;
        using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var result = new Dictionary<string, SheetFormulas>(StringComparer.Ordinal);
        foreach (var (sheet, part) in Sheets(archive))
        {
            if (archive.GetEntry(part) is not { } entry) continue;
            using var stream = entry.Open();
            var found = Scan(stream);
            if (found.Count > 0) result[sheet] = found;
        }
        return result;
    }

    private static IEnumerable<(string Sheet, string Part)> Sheets(ZipArchive archive)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (archive.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var r = XmlReader.Create(rels.Open(), Settings);
            while (r.Read())
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") is { } id
                    && r.GetAttribute("Target") is { } target)
                    targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
        }
        var sheets = new List<(string, string)>();
        using (var w = XmlReader.Create(archive.GetEntry("xl/workbook.xml")!.Open(), Settings))
            while (w.Read())
                if (w.NodeType == XmlNodeType.Element && w.LocalName == "sheet" && w.NamespaceURI == Main
                    && w.GetAttribute("name") is { } name && w.GetAttribute("id", Relations) is { } id
                    && targets.TryGetValue(id, out var part))
                    sheets.Add((name, part));
        return sheets;
    }

    private static SheetFormulas Scan(Stream sheet)
    {
        var count = 0;
        var unsaved = new Dictionary<(int, string), string>();
        using var r = XmlReader.Create(sheet, Settings);
        string? cell = null;
        string? formula = null;
        var saved = false;
        // Reading an element's content moves past it, so the loop reads on only where nothing was read.
        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "c")
            {
                cell = r.IsEmptyElement ? null : r.GetAttribute("r");
                formula = null;
                saved = false;
                r.Read();
            }
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "f" && cell is not null) formula = r.ReadElementContentAsString();
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "v" && cell is not null)
                saved = r.ReadElementContentAsString().Length > 0;
            else
            {
                if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "c" && cell is not null)
                {
                    if (formula is not null && saved) count++;
                    else if (formula is not null && Reference(cell) is { } at) unsaved[at] = "=" + formula;
                    cell = null;
                }
                r.Read();
            }
        }
        return new SheetFormulas(count, unsaved);
    }

    private static (int, string)? Reference(string cell)
    {
        var letters = 0;
        while (letters < cell.Length && char.IsAsciiLetterUpper(cell[letters])) letters++;
        return letters > 0 && int.TryParse(cell.AsSpan(letters), out var row) ? (row, cell[..letters]) : null;
    }
}
