using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Voronka.Core.Common;
using Voronka.Core.Features.Import;

namespace Voronka.Tests.Features.Import;

/// <summary>The containers of the interchange format read back as tables of text rows; bad files refused by reason.</summary>
public class ImportFileTests
{
    static ImportFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static List<(int Number, string?[] Cells)> Rows(ImportTable t) => t.Rows.ToList();

    [Fact]
    public void A_workbook_reads_a_table_per_sheet_with_dates_and_numbers_as_the_value_readers_take_them()
    {
        var file = new MemoryStream();
        var sheets = new Dictionary<string, object>
        {
            ["deals"] = new[]
            {
                new Dictionary<string, object?> { ["external_id"] = "D-1", ["title"] = "Поставка", ["amount"] = 150000.5m,
                    ["created_at"] = new DateTime(2024, 3, 1, 14, 30, 0), ["expected_close_date"] = new DateTime(2024, 4, 1) },
                new Dictionary<string, object?> { ["external_id"] = "D-2", ["title"] = "#2 Сервис", ["amount"] = null,
                    ["created_at"] = new DateTime(2024, 3, 2, 9, 0, 0), ["expected_close_date"] = null },
            },
            ["stage_history"] = new[] { new Dictionary<string, object?> { ["deal"] = "D-1", ["stage"] = "Квалификация" } },
        };
        file.SaveAs(sheets);
        var tables = ImportFile.Open(file, "history.xlsx");
        Assert.Equal(["deals", "stage_history"], tables.Select(t => t.Name));
        var deals = tables[0];
        Assert.Equal(["external_id", "title", "amount", "created_at", "expected_close_date"], deals.Columns);
        var rows = Rows(deals);
        Assert.Equal([2, 3], rows.Select(r => r.Number));
        Cells(["D-1", "Поставка", "150000.5", "2024-03-01T14:30:00", "2024-04-01"], rows[0].Cells);
        Cells(["D-2", "#2 Сервис", null, "2024-03-02T09:00:00", null], rows[1].Cells);
        Assert.Equal(150000.5m, ImportValues.Money(rows[0].Cells[2]).Value);
        // Read twice, the same: the tables are walked from the file each time.
        Assert.Equal(rows.Select(r => string.Join("|", r.Cells)), Rows(deals).Select(r => string.Join("|", r.Cells)));
    }

    [Fact]
    public void A_zip_of_csv_files_in_utf8_and_windows_1251_with_either_delimiter()
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "deals.csv", new UTF8Encoding(true),
                "external_id;title;amount\nD-1;\"Поставка; оптом\";1 234,50\n\n# 2;\"Две\nстроки\";\n");
            Write(zip, "contacts.csv", Encoding.GetEncoding(1251),
                "external_id,full_name,phones\nC-1,Иванова Анна,\"+7 916 111-22-33; 8 495 1234567\"\n");
            Write(zip, "readme.txt", Encoding.UTF8, "not a table");
        }
        var tables = ImportFile.Open(file, "history.zip");
        Assert.Equal(["contacts", "deals"], tables.Select(t => t.Name));
        var contacts = Rows(tables[0]);
        Cells(["C-1", "Иванова Анна", "+7 916 111-22-33; 8 495 1234567"], contacts.Single().Cells);
        var deals = Rows(tables[1]);
        Assert.Equal(["external_id", "title", "amount"], tables[1].Columns);
        Assert.Equal(2, deals.Count);
        Cells(["D-1", "Поставка; оптом", "1 234,50"], deals[0].Cells);
        // A row may begin with '#' and a quoted cell hold a line break.
        Cells(["# 2", "Две\nстроки", null], deals[1].Cells);
    }

    [Theory]
    [InlineData(1200)] // UTF-16 with its mark, as Excel saves "Unicode text": tab-separated.
    [InlineData(20866)] // KOI8-R
    [InlineData(1251)]
    public void A_csv_in_utf16_koi8r_or_windows_1251_reads_as_written(int codePage)
    {
        var encoding = Encoding.GetEncoding(codePage);
        var text = "external_id\ttitle\towner\nD-1\tПоставка Ромашке\tИрина Петрова\nD-2\tСервис для ООО Лютик\tПётр Сидоров\n";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        var table = ImportFile.Open(new MemoryStream(bytes), "deals.csv").Single();
        Assert.Equal(["external_id", "title", "owner"], table.Columns);
        Assert.Equal(["Поставка Ромашке", "Сервис для ООО Лютик"], Rows(table).Select(r => r.Cells[1]));
        Assert.Equal(["Ирина Петрова", "Пётр Сидоров"], Rows(table).Select(r => r.Cells[2]));
    }

    [Fact]
    public void A_csv_in_dos_866_is_refused_naming_the_encodings_read()
    {
        var bytes = Encoding.GetEncoding(866).GetBytes("external_id;title;owner\nD-1;Поставка оборудования;Ирина Петрова\n");
        Assert.Equal(ImportFile.OtherEncoding, Refusal(() => ImportFile.Open(new MemoryStream(bytes), "deals.csv")));
    }

    [Fact]
    public void A_formula_cell_reads_as_its_saved_value_and_one_saved_without_a_value_as_its_formula()
    {
        var file = Workbook("""
            <row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c><c r="B1" t="inlineStr"><is><t>amount</t></is></c></row>
            <row r="2"><c r="A2" t="str"><f>CONCATENATE("Поставка ","окон")</f><v>Поставка окон</v></c>
            <c r="B2"><f>2*3</f><v>6</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>Сервис</t></is></c><c r="B4"><f>B2*10</f></c></row>
            """);
        var table = ImportFile.Open(file, "deals.xlsx").Single();
        // Two read for their saved values; the third, saved without one, reads as its formula.
        Assert.Equal(2, table.Formulas);
        var rows = Rows(table);
        Assert.Equal([2, 4], rows.Select(r => r.Number));
        Cells(["Поставка окон", "6"], rows[0].Cells);
        Cells(["Сервис", "=B2*10"], rows[1].Cells);
    }

    /// <summary>A workbook of one sheet named deals, written by hand as a program that does not calculate would.</summary>
    private static MemoryStream Workbook(string rows)
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            const string pkg = "http://schemas.openxmlformats.org/package/2006/";
            const string doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            const string ml = "application/vnd.openxmlformats-officedocument.spreadsheetml";
            Write(zip, "[Content_Types].xml", Encoding.UTF8, $"""
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="{pkg}content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="{ml}.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ml}.worksheet+xml"/></Types>
                """);
            Write(zip, "_rels/.rels", Encoding.UTF8, $"""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}relationships">
                <Relationship Id="rId1" Type="{doc}/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Write(zip, "xl/workbook.xml", Encoding.UTF8, $"""
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
                xmlns:r="{doc}"><sheets><sheet name="deals" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Write(zip, "xl/_rels/workbook.xml.rels", Encoding.UTF8, $"""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}relationships">
                <Relationship Id="rId1" Type="{doc}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """);
            Write(zip, "xl/worksheets/sheet1.xml", Encoding.UTF8, $"""
                <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <sheetData>{rows}</sheetData></worksheet>
                """);
        }
        file.Position = 0;
        return file;
    }

    [Fact]
    public void A_single_csv_file_is_a_table_named_by_the_file()
    {
        var file = new MemoryStream(Encoding.GetEncoding(1251).GetBytes("Название сделки,Бюджет\nОкна,\"120 000\"\n"));
        var table = Assert.Single(ImportFile.Open(file, "amo export.csv"));
        Assert.Equal("amo export", table.Name);
        Assert.Equal(["Название сделки", "Бюджет"], table.Columns);
        Cells(["Окна", "120 000"], Rows(table).Single().Cells);
    }

    [Fact]
    public void Files_that_are_not_tables_are_refused_by_reason()
    {
        // Ten megabytes of noise; a workbook whose insides are broken; a table ten thousand columns wide.
        var noise = new byte[10 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        Assert.Equal(ImportFile.Unreadable, Refusal(() => Rows(ImportFile.Open(new MemoryStream(noise), "noise.csv")[0])));

        var broken = new MemoryStream();
        using (var zip = new ZipArchive(broken, ZipArchiveMode.Create, leaveOpen: true))
            Write(zip, "xl/workbook.xml", Encoding.UTF8, "<workbook><sheets><sheet name=");
        Assert.Equal(ImportFile.Unreadable, Refusal(() => ImportFile.Open(broken, "broken.xlsx")));

        var wide = string.Join(";", Enumerable.Range(1, 10_000).Select(i => $"c{i}")) + "\n"
            + string.Join(";", Enumerable.Range(1, 10_000));
        Assert.Contains("10000 columns", Refusal(() => ImportFile.Open(new MemoryStream(Encoding.UTF8.GetBytes(wide)), "wide.csv")));
    }

    private static void Cells(string?[] expected, string?[] actual) =>
        Assert.Equal(string.Join("|", expected.Select(c => c ?? "∅")), string.Join("|", actual.Select(c => c ?? "∅")));

    private static string Refusal(Action read)
    {
        var e = Assert.Throws<ValidationFailedException>(read);
        return Assert.Single(e.Errors["file"]);
    }

    private static void Write(ZipArchive zip, string name, Encoding encoding, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        s.Write(bytes);
    }
}
