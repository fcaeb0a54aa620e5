using MiniExcelLibs;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Deals;

public class XlsxWriterTests
{
    [Fact]
    public void A_sheet_holds_the_header_row_then_text_and_numbers_as_typed()
    {
        var bytes = XlsxWriter.Write("Сделки", ["Название", "Сумма"], [["ООО «Ромашка» & Co <1>", 1500.50m], [null, 7]]);
        using var file = new MemoryStream(bytes);
        Assert.Equal(["Сделки"], MiniExcel.GetSheetNames(file));
        file.Position = 0;
        var rows = MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Название", "Сумма"], rows[0].Values.Select(v => v as string));
        Assert.Equal("ООО «Ромашка» & Co <1>", rows[1]["A"]);
        // A number, so the spreadsheet can sum it.
        Assert.Equal(1500.5, Assert.IsType<double>(rows[1]["B"]));
        Assert.Null(rows[2]["A"]);
        Assert.Equal(7.0, rows[2]["B"]);
    }

    [Fact]
    public void An_empty_list_still_has_its_header()
    {
        using var file = new MemoryStream(XlsxWriter.Write("Сделки", ["Название", "Сумма"], []));
        var rows = MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["Название", "Сумма"], Assert.Single(rows).Values.Select(v => v as string));
    }
}
