using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;
using Voronka.Core.Common;

namespace Voronka.Core.Features.Import;

/// <summary>One table of an import file: its column names as written, and its rows as text, read as a stream: each
/// row's number as a person sees it in the file (the header is row 1) and its cells, one per column, null where
/// empty. Empty rows are skipped. A formula saved without its value reads as its text ("=…"), which every table refuses;
/// <see cref="Formulas"/> counts a workbook sheet's formula cells, read for the values saved with them.</summary>
public sealed record ImportTable(
    string Name, IReadOnlyList<string> Columns, IEnumerable<(int Number, string?[] Cells)> Rows, int Formulas = 0);

/// <summary>
/// Opens an import file of any of the interchange format's containers (docs/import-format.md): an XLSX workbook (a
/// sheet per table, read with MiniExcel), a ZIP of CSV files, or a single CSV file (read with Sylvan.Data.Csv: UTF-8
/// with or without a BOM, else Windows-1251; the delimiter found from the header line). Rows are read as the tables
/// are walked, never all at once. A file that is none of these, or a table wider than <see cref="MaxColumns"/>, is
/// refused naming the field <c>file</c> and the reason.
/// </summary>
public static class ImportFile
{
    public const int MaxColumns = 300;
    public const int MaxCell = 32_767;

    public const string Unreadable = "is not an XLSX workbook, a ZIP of CSV files or a CSV file that can be read.";

    static ImportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The tables of the file. The stream must be seekable and stay open while the tables are read.</summary>
    public static IReadOnlyList<ImportTable> Open(Stream file, string fileName)
    {
        if (!file.CanSeek) throw new ArgumentException("An import file must be seekable.", nameof(file));
        Span<byte> head = stackalloc byte[4];
        file.Position = 0;
        var read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        file.Position = 0;
        var zip = read == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        try
        {
            if (!zip) return [Csv(Path.GetFileNameWithoutExtension(fileName), () => Whole(file))];
            using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.GetEntry("xl/workbook.xml") is not null) return Workbook(file);
            return archive.Entries.Where(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !e.FullName.EndsWith('/'))
                .OrderBy(e => e.FullName, StringComparer.Ordinal)
                .Select(e => Csv(Path.GetFileNameWithoutExtension(e.Name), () => Entry(file, e.FullName)))
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException
            or System.Xml.XmlException or ArgumentException)
        {
            throw ValidationFailedException.For("file", Unreadable);
        }
    }

    /// <summary>The whole file again from its start, left open for the next reading.</summary>
    private static Stream Whole(Stream file)
    {
        file.Position = 0;
        return new BufferedStream(new NonClosing(file));
    }

    /// <summary>A ZIP entry from its start; closing it closes the archive read for it.</summary>
    private static Stream Entry(Stream file, string name)
    {
        file.Position = 0;
        var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        return new Owning(archive.GetEntry(name)!.Open(), archive);
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class Owning(Stream entry, IDisposable owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => entry.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                entry.Dispose();
                owner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private static List<ImportTable> Workbook(Stream file)
    {
        file.Position = 0;
        var sheets = MiniExcel.GetSheetNames(file);
        var formulas = WorkbookFormulas.Read(file);
        var tables = new List<ImportTable>();
        foreach (var sheet in sheets)
        {
            file.Position = 0;
            var header = MiniExcel.Query(file, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().FirstOrDefault();
            if (header is null) continue;
            var letters = header.Where(c => Text(c.Value) is not null).Select(c => c.Key).ToList();
            CheckWidth(letters.Count);
            var columns = letters.Select(l => Text(header[l])!).ToList();
            var found = formulas.GetValueOrDefault(sheet) ?? SheetFormulas.None;
            tables.Add(new ImportTable(sheet, columns, SheetRows(file, sheet, letters, found), found.Count));
        }
        return tables;
    }

    private static IEnumerable<(int, string?[])> SheetRows(Stream file, string sheet, List<string> letters, SheetFormulas formulas)
    {
        file.Position = 0;
        var number = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: false, sheetName: sheet))
        {
            if (++number == 1) continue;
            var cells = letters.Select(l => formulas.Unsaved.TryGetValue((number, l), out var f) ? f
                : row.TryGetValue(l, out var v) ? Text(v) : null).ToArray();
            if (cells.All(c => c is null)) continue;
            yield return (number, cells);
        }
    }

    /// <summary>A spreadsheet cell as the text the value readers take: numbers in invariant form, dates in ISO.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => Limit(ImportValues.Clean(s)),
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Limit(ImportValues.Clean(value.ToString())),
    };

    private static ImportTable Csv(string name, Func<Stream> open)
    {
        using (var reader = Reader(open))
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Select(c => ImportValues.Clean(c) ?? "").ToList();
            CheckWidth(columns.Count);
            return new ImportTable(name, columns, CsvRows(open, columns.Count));
        }
    }

    private static IEnumerable<(int, string?[])> CsvRows(Func<Stream> open, int width)
    {
        using var reader = Reader(open);
        var number = 1;
        while (reader.Read())
        {
            number++;
            var cells = new string?[width];
            for (var i = 0; i < width && i < reader.RowFieldCount; i++) cells[i] = Limit(ImportValues.Clean(reader.GetString(i)));
            if (cells.All(c => c is null)) continue;
            yield return (number, cells);
        }
    }

    private static CsvDataReader Reader(Func<Stream> open)
    {
        var encoding = DetectEncoding(open);
        var text = new StreamReader(open(), encoding, detectEncodingFromByteOrderMarks: true);
        try
        {
            return CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = true,
                // '#' would otherwise start a comment line and drop a row that begins with it.
                Comment = '\0',
                MaxBufferSize = 4 * 1024 * 1024,
            });
        }
        catch (CsvFormatException)
        {
            throw ValidationFailedException.For("file", Unreadable);
        }
    }

    /// <summary>
    /// The table's encoding from its head: UTF-16 by its byte order mark (Excel's "Unicode text"); UTF-8 when the head is
    /// valid UTF-8 (with or without a BOM); else a Russian single-byte text, Windows-1251 unless its letters read as
    /// KOI8-R text (capitals inside words everywhere). A head whose non-Latin bytes are mostly not letters in either is
    /// in some other encoding (DOS 866, Mac) and is refused by name, as is a head with control characters (a binary file).
    /// </summary>
    internal static Encoding DetectEncoding(Func<Stream> open)
    {
        var buffer = new byte[64 * 1024];
        int n;
        using (var head = open()) n = head.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (n >= 2 && buffer[0] == 0xFF && buffer[1] == 0xFE) return Encoding.Unicode;
        if (n >= 2 && buffer[0] == 0xFE && buffer[1] == 0xFF) return Encoding.BigEndianUnicode;
        for (var i = 0; i < n; i++)
            if (buffer[i] < 0x20 && buffer[i] is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
                throw ValidationFailedException.For("file", Unreadable);
        try
        {
            // The last character may be cut by the end of the buffer: not flushed, so it is not judged.
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder().GetChars(buffer, 0, n, new char[n + 1], 0, flush: false);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return SingleByte(buffer.AsSpan(0, n));
        }
    }

    public const string OtherEncoding = "is in an encoding other than UTF-8, UTF-16, Windows-1251 or KOI8-R; save it as UTF-8.";

    private static Encoding SingleByte(ReadOnlySpan<byte> head)
    {
        // In Windows-1251 the letters are 0xC0–0xFF, Ё and ё; most of the rest above 0x7F are rare signs.
        int letters = 0, signs = 0;
        foreach (var b in head)
        {
            if (b < 0x80) continue;
            if (b >= 0xC0 || b is 0xA8 or 0xB8) letters++;
            else if (b is not (0xA0 or 0xAB or 0xBB or 0xB9 or 0x96 or 0x97 or 0x85 or 0x93 or 0x94 or 0x84 or 0xB0)) signs++;
        }
        if (signs > letters) throw ValidationFailedException.For("file", OtherEncoding);
        var cp1251 = Encoding.GetEncoding(1251);
        var text = cp1251.GetString(head);
        // KOI8-R read as Windows-1251 swaps the letters' case: "Ромашка" reads "тПНБЫЛБ". Real text has a capital before a
        // small letter ("Ро") and almost never a small letter before a capital; swapped text the other way round.
        int lowerUpper = 0, upperLower = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (!IsCyrillic(text[i - 1]) || !IsCyrillic(text[i])) continue;
            if (char.IsLower(text[i - 1]) && char.IsUpper(text[i])) lowerUpper++;
            else if (char.IsUpper(text[i - 1]) && char.IsLower(text[i])) upperLower++;
        }
        return lowerUpper >= 3 && lowerUpper > upperLower ? Encoding.GetEncoding(20866) : cp1251;
    }

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    private static void CheckWidth(int columns)
    {
        if (columns > MaxColumns)
            throw ValidationFailedException.For("file", $"has a table of {columns} columns; at most {MaxColumns} are read.");
    }

    private static string? Limit(string? cell) =>
        cell is null || cell.Length <= MaxCell
            ? cell
            : throw ValidationFailedException.For("file", $"has a cell longer than {MaxCell} characters.");
}
