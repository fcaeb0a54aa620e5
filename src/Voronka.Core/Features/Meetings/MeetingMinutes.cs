using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Voronka.Core.Features.Meetings;

/// <summary>The words of the minutes in the reader's language.</summary>
public sealed record MinutesTexts(string Title, string Period, string Notes, string Decisions, string Carried, string Owner, string Due,
    string Status, string Flagged, Func<DecisionStatus, string> StatusName, Func<string, string> SectionName);

/// <summary>A meeting's minutes as a Word document: the period, the notes per section, the decisions taken and the ones
/// carried in, with owners, due dates and states.</summary>
public static class MeetingMinutes
{
    public static byte[] Docx(MeetingResponse m, MinutesTexts t, CultureInfo culture)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(Heading($"{t.Title}: {m.SeriesName}, {m.Day.ToString("d", culture)}", 32));
            if (m.Agenda is { } a)
                body.Append(Line(string.Format(culture, t.Period, a.From.ToString("d", culture), a.To.ToString("d", culture))));
            var notes = AgendaSections.All.Where(s => m.Notes.TryGetValue(s, out var text) && text.Length > 0).ToList();
            if (notes.Count > 0)
            {
                body.Append(Heading(t.Notes, 26));
                foreach (var s in notes)
                {
                    body.Append(Heading(t.SectionName(s), 22));
                    foreach (var line in Common.SafeMarkdown.ToPlainText(m.Notes[s], int.MaxValue).Split('\n')) body.Append(Line(line));
                }
            }
            Decisions(body, t.Decisions, m.Decisions, t, culture);
            Decisions(body, t.Carried, m.Carried, t, culture);
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static void Decisions(Body body, string title, IReadOnlyList<DecisionResponse> list, MinutesTexts t, CultureInfo culture)
    {
        if (list.Count == 0) return;
        body.Append(Heading(title, 26));
        var table = new Table(new TableProperties(new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single,
                Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(Row(true, title, t.Owner, t.Due, t.Status));
        foreach (var d in list)
            table.Append(Row(false, d.Text + (d.DealTitle is string deal ? $" ({deal})" : ""), d.OwnerName, d.DueOn.ToString("d", culture),
                t.StatusName(d.Status) + (d.Flagged ? $" · {string.Format(culture, t.Flagged, d.Carried)}" : "")));
        body.Append(table);
    }

    private static TableRow Row(bool header, params string[] cells) =>
        new(cells.Select(c => new TableCell(new Paragraph(Run(c, header, 20)))));

    private static Paragraph Heading(string text, int halfPoints) => new(Run(text, true, halfPoints));

    private static Paragraph Line(string text) => new(Run(text, false, 22));

    private static Run Run(string text, bool bold, int halfPoints)
    {
        var props = new RunProperties(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        if (bold) props.Append(new Bold());
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
