using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Voronka.Tests.Infrastructure;

/// <summary>Word documents made with the Open XML SDK, as a director's template would be, and read back.</summary>
public static class Docs
{
    /// <summary>A document of paragraphs, each a single run of text.</summary>
    public static byte[] Docx(params string[] paragraphs) =>
        Docx(paragraphs.Select(p => (OpenXmlElement)new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve })))
            .ToArray());

    public static byte[] Docx(params OpenXmlElement[] body)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(body.Select(e => e.CloneNode(true))));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A paragraph whose text is split into runs as given (Word splits a typed placeholder the same way).</summary>
    public static Paragraph Split(params string[] runs) =>
        new(runs.Select(r => new Run(new Text(r) { Space = SpaceProcessingModeValues.Preserve })));

    /// <summary>A table of rows of cells, each cell one paragraph of one run.</summary>
    public static Table Table(params string[][] rows) =>
        new(rows.Select(r => new TableRow(r.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))))));

    /// <summary>The text of each paragraph of the body (outside tables) and of each table row (cells joined by " | ").</summary>
    public static List<string> Read(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var doc = WordprocessingDocument.Open(stream, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var lines = new List<string>();
        foreach (var element in body.Elements())
        {
            if (element is Paragraph p) lines.Add(p.InnerText);
            else if (element is Table t)
                lines.AddRange(t.Elements<TableRow>().Select(r => string.Join(" | ", r.Elements<TableCell>().Select(c => c.InnerText))));
        }
        return lines;
    }
}
