using Voronka.Core.Common;
using Voronka.Core.Features.Import;

namespace Voronka.Tests.Features.Import;

/// <summary>Cells read as the interchange format says (docs/import-format.md, "Values"), worked example by example.</summary>
public class ImportValuesTests
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    [Theory]
    [InlineData("2026-03-01", "2026-03-01")]
    [InlineData("01.03.2026", "2026-03-01")]
    [InlineData("1.3.2026", "2026-03-01")]
    [InlineData(" 01.03.26 ", "2026-03-01")]
    [InlineData("46082", "2026-03-01")]          // a spreadsheet's serial day
    [InlineData("46082.75", "2026-03-01")]       // and its time of day, dropped
    [InlineData("2026-03-01T23:30:00+03:00", "2026-03-01")]
    public void Dates(string text, string expected)
    {
        var (value, error) = ImportValues.Date(text);
        Assert.Null(error);
        Assert.Equal(DateOnly.Parse(expected), value);
    }

    [Theory]
    [InlineData("32.01.2026")]
    [InlineData("2026-02-30")]
    [InlineData("вчера")]
    [InlineData("12")]                           // a number, but no date of this century
    public void Not_dates(string text) => Assert.Equal((null, ImportValues.NotADate), ImportValues.Date(text));

    [Fact]
    public void Empty_is_no_value_not_an_error()
    {
        Assert.Equal((null, null), ImportValues.Date("  "));
        Assert.Equal((null, null), ImportValues.Money("\u00A0"));
        Assert.Equal((null, null), ImportValues.Moment(null, Moscow));
    }

    [Theory]
    [InlineData("2026-03-01T14:30:00+03:00", "2026-03-01T11:30:00Z")]
    [InlineData("2026-03-01T14:30:00Z", "2026-03-01T14:30:00Z")]
    [InlineData("2026-03-01 14:30", "2026-03-01T11:30:00Z")]      // the organisation's wall clock
    [InlineData("01.03.2026 14:30", "2026-03-01T11:30:00Z")]
    [InlineData("01.03.2026", "2026-02-28T21:00:00Z")]            // a day alone: its midnight
    [InlineData("46082.5", "2026-03-01T09:00:00Z")]               // noon of a spreadsheet serial, in Moscow
    public void Moments(string text, string expectedUtc)
    {
        var (value, error) = ImportValues.Moment(text, Moscow);
        Assert.Null(error);
        Assert.Equal(DateTime.Parse(expectedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), value);
        Assert.Equal(DateTimeKind.Utc, value!.Value.Kind);
    }

    [Fact]
    public void A_wall_clock_time_skipped_by_a_clock_change_reads_an_hour_later()
    {
        var berlin = OrgTime.Zone("Europe/Berlin");
        // 2026-03-29 02:30 does not exist in Berlin (02:00 → 03:00).
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), ImportValues.Moment("2026-03-29 02:30", berlin).Value);
    }

    [Theory]
    [InlineData("1234567.89", "1234567.89")]
    [InlineData("1 234 567,89", "1234567.89")]
    [InlineData("1\u00A0234\u00A0567,89\u00A0₽", "1234567.89")]
    [InlineData("1,234,567.89", "1234567.89")]
    [InlineData("1.234.567,89", "1234567.89")]
    [InlineData("150 000 руб.", "150000")]
    [InlineData("RUB 99,5", "99.5")]
    [InlineData("-500", "-500")]
    [InlineData("0", "0")]
    public void Amounts(string text, string expected)
    {
        var (value, error) = ImportValues.Money(text);
        Assert.Null(error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("12,345")]                       // three decimals: a Russian decimal comma, too fine for money
    [InlineData("1.2.3,4,5")]
    [InlineData("сто рублей")]
    [InlineData("1e6")]
    [InlineData("=SUM(A1:A3)")]
    public void Not_amounts(string text) => Assert.Equal((null, ImportValues.NotAnAmount), ImportValues.Money(text));

    [Theory]
    [InlineData("1,5", "1.5")]
    [InlineData("1,234", "1.234")]               // one comma: a decimal sign, as Russian writes it
    [InlineData("1,234,567", "1234567")]         // several: grouping
    [InlineData("2 500", "2500")]
    [InlineData("−3", "-3")]
    public void Numbers(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ImportValues.Number(text).Value);

    [Theory]
    [InlineData("да", true)]
    [InlineData("Yes", true)]
    [InlineData("1", true)]
    [InlineData("НЕТ", false)]
    [InlineData("false", false)]
    public void Booleans(string text, bool expected) => Assert.Equal((expected, null), ImportValues.Boolean(text));

    [Fact]
    public void Lists_split_by_semicolons_and_lines()
    {
        Assert.Equal(["+7 916 111-22-33", "8 (495) 123-45-67"], ImportValues.List(" +7 916 111-22-33; 8 (495) 123-45-67 ;"));
        Assert.Equal(["a@b.ru", "c@d.ru"], ImportValues.List("a@b.ru\nc@d.ru"));
        Assert.Empty(ImportValues.List(""));
        Assert.Equal((null, ImportValues.NotABoolean), ImportValues.Boolean("может быть"));
    }
}
