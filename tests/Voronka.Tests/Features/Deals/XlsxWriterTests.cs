using System.IO.Compression;
using System.Xml.Linq;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Deals;

public class XlsxWriterTests
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    [Fact]
    public void A_sheet_holds_the_header_row_then_text_and_numbers_as_typed()
    {
        var bytes = XlsxWriter.Write("Сделки", ["Название", "Сумма"], [["ООО «Ромашка» & Co <1>", 1500.50m], [null, 7]]);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        Assert.Equal("Сделки", XDocument.Load(zip.GetEntry("xl/workbook.xml")!.Open()).Descendants(Main + "sheet").Single().Attribute("name")!.Value);

        var rows = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).Descendants(Main + "row").ToList();
        Assert.Equal(3, rows.Count);
        string[] Texts(XElement row) => row.Elements(Main + "c").Select(c => c.Value).ToArray();
        Assert.Equal(["Название", "Сумма"], Texts(rows[0]));
        Assert.Equal(["ООО «Ромашка» & Co <1>", "1500.50"], Texts(rows[1]));
        var amount = rows[1].Elements(Main + "c").Last();
        Assert.Null(amount.Attribute("t")); // a number, so the spreadsheet can sum it
        Assert.Equal("inlineStr", rows[1].Elements(Main + "c").First().Attribute("t")!.Value);
        Assert.Equal(["", "7"], Texts(rows[2]));
    }
}
