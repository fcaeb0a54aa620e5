using System.Data;
using MiniExcelLibs;

namespace Voronka.Web.Infrastructure;

/// <summary>Writes one worksheet as an .xlsx file with MiniExcel (ADR 0016): a header row, then text and number cells
/// (numbers stay numbers, so the spreadsheet can sum them).</summary>
public static class XlsxWriter
{
    public static byte[] Write(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        // A table rather than a list of rows: its header is written even when there is no row.
        using var table = new DataTable(sheetName);
        foreach (var h in headers) table.Columns.Add(h, typeof(object));
        foreach (var row in rows) table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        using var buffer = new MemoryStream();
        buffer.SaveAs(table, sheetName: sheetName);
        return buffer.ToArray();
    }
}
