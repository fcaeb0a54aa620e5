using System.Globalization;
using Voronka.Web.Features.Shared;

namespace Voronka.Tests.Features.Common;

/// <summary>Money and amounts as the reader's language writes them.</summary>
public class FormatTests
{
    private static T In<T>(string culture, Func<T> f)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try { return f(); }
        finally { CultureInfo.CurrentCulture = before; }
    }

    private static string Group(string culture) => new CultureInfo(culture).NumberFormat.NumberGroupSeparator;

    [Fact]
    public void Whole_amounts_have_no_kopecks_and_others_have_both_digits_of_them()
    {
        var g = Group("ru-RU");
        Assert.Equal($"4{g}333{g}000\u00A0₽", In("ru-RU", () => Format.Money(4_333_000m, "RUB")));
        Assert.Equal($"4{g}333{g}000\u00A0₽", In("ru-RU", () => Format.Money(4_333_000.00m, "RUB")));
        Assert.Equal($"1{g}500,50\u00A0₽", In("ru-RU", () => Format.Money(1500.5m, "RUB")));
        Assert.Equal("0,07\u00A0₽", In("ru-RU", () => Format.Money(0.07m, "RUB")));
        Assert.Equal("1,500.50\u00A0USD", In("en-US", () => Format.Money(1500.5m, "USD")));
        Assert.Equal("-1,500\u00A0USD", In("en-US", () => Format.Money(-1500m, "USD")));
    }

    [Theory]
    [InlineData("ru-RU")]
    [InlineData("en-US")]
    public void Amounts_in_inputs_have_their_digits_grouped_and_read_back_as_they_are_shown(string culture)
    {
        var c = new CultureInfo(culture);
        var g = c.NumberFormat.NumberGroupSeparator;
        var d = c.NumberFormat.NumberDecimalSeparator;
        var shown = 3_085_714.29m.ToString(Format.InputPattern, c);
        Assert.Equal($"3{g}085{g}714{d}29", shown);
        Assert.Equal($"4{g}333{g}000", 4_333_000m.ToString(Format.InputPattern, c));
        // The inputs read text back with any number style in the same culture (MudBlazor's number converter).
        Assert.Equal(3_085_714.29m, decimal.Parse(shown, NumberStyles.Any, c));
    }
}
