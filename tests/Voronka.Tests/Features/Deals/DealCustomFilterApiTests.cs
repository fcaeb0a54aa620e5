using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

/// <summary>The deal list filtered by custom field: <c>custom.&lt;code&gt;=value</c>, read by the field's type.</summary>
public class DealCustomFilterApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static string Code(string stem) => $"{stem}_{Guid.NewGuid():N}"[..24];

    private async Task<string> Field(string stem, string type, string[]? options = null)
    {
        var d = await app.As("director");
        var code = Code(stem);
        await d.PostJson("/api/v1/custom-fields", new { entity = "Deal", key = code, name = code, type, options })
            .Expect<CustomFieldResponse>(HttpStatusCode.Created);
        return code;
    }

    private static async Task<int[]> Ids(HttpClient c, string query) =>
        (await c.GetAsync($"/api/v1/deals?pageSize=200&{query}").Expect<Page<DealResponse>>()).Items.Select(d => d.Id).Order().ToArray();

    private static async Task<int> Create(HttpClient c, string title, Dictionary<string, object> custom) =>
        (await c.PostJson("/api/v1/deals", new { title, customFields = custom }).Expect<DealResponse>(HttpStatusCode.Created)).Id;

    [Fact]
    public async Task Deals_are_found_by_a_custom_field_of_each_type_and_by_its_absence()
    {
        var text = await Field("industry", "Text");
        var number = await Field("seats", "Number");
        var date = await Field("tender", "Date");
        var yes = await Field("vip", "YesNo");
        var pick = await Field("segment", "Select", ["SMB", "Enterprise"]);
        var m = await app.As("manager1");
        var a = await Create(m, "Завод «Альфа»",
            new() { [text] = "Металлургия", [number] = 1500.5m, [date] = "2026-03-01", [yes] = true, [pick] = "SMB" });
        var b = await Create(m, "Склад «Бета»", new() { [text] = "Логистика", [number] = 20, [yes] = false, [pick] = "Enterprise" });
        var c = await Create(m, "Магазин «Гамма»", new() { [text] = "Металлургия" });

        Assert.Equal([a, c], await Ids(m, $"custom.{text}=Металлургия"));
        Assert.Equal([a], await Ids(m, $"custom.{number}=1500.50"));
        Assert.Equal([b], await Ids(m, $"custom.{number}=20"));
        Assert.Equal([a], await Ids(m, $"custom.{date}=2026-03-01"));
        Assert.Equal([b], await Ids(m, $"custom.{yes}=false"));
        Assert.Equal([a], await Ids(m, $"custom.{yes.ToUpperInvariant()}=да"));
        Assert.Equal([b], await Ids(m, $"custom.{pick}=Enterprise"));
        // Two filters together, and one beside an ordinary filter.
        Assert.Equal([a], await Ids(m, $"custom.{text}=Металлургия&custom.{yes}=true"));
        Assert.Equal([c], await Ids(m, $"custom.{text}=Металлургия&q=Гамма"));
        // An empty value: the deals where the field is not filled (among these three).
        var none = await Ids(m, $"custom.{date}=&q=«");
        Assert.Contains(b, none);
        Assert.Contains(c, none);
        Assert.DoesNotContain(a, none);
        // Another team's manager finds nothing of these, as by any other filter.
        Assert.Empty(await Ids(await app.As("manager3"), $"custom.{text}=Металлургия"));
    }

    [Fact]
    public async Task A_filter_on_an_unknown_field_or_with_a_value_of_the_wrong_type_is_refused_naming_it()
    {
        var number = await Field("seats", "Number");
        var pick = await Field("segment", "Select", ["SMB", "Enterprise"]);
        var m = await app.As("manager1");

        var unknown = await m.GetAsync("/api/v1/deals?custom.no_such_field=1").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["custom.no_such_field"], unknown.ErrorFields());
        Assert.Equal("is not a custom field of deals.", unknown.GetProperty("errors").GetProperty("custom.no_such_field")[0].GetString());

        var wrong = await m.GetAsync($"/api/v1/deals?custom.{number}=много&custom.{pick}=Mid").Problem(HttpStatusCode.BadRequest);
        Assert.Equal([$"custom.{number}", $"custom.{pick}"], wrong.ErrorFields().Order().ToArray());

        // A parameter that is neither a filter nor a custom field is still refused by name.
        var stray = await m.GetAsync("/api/v1/deals?customer=1").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["customer"], stray.ErrorFields());
    }

    [Theory]
    [InlineData(CustomFieldType.Number, "1500.50", "1500.50")]
    [InlineData(CustomFieldType.Number, " 20 ", "20")]
    [InlineData(CustomFieldType.Number, "1 500,5", "1500.5")]
    [InlineData(CustomFieldType.Number, "", null)]
    [InlineData(CustomFieldType.YesNo, "да", "true")]
    [InlineData(CustomFieldType.YesNo, "0", "false")]
    [InlineData(CustomFieldType.Date, "01.03.2026", "2026-03-01")]
    public void A_filter_value_is_read_as_an_import_reads_a_cell(CustomFieldType type, string text, string? stored)
    {
        var def = new CustomFieldDefinition { Key = "x", Name = "X", Type = type };
        var (value, error) = DealCustomFilter.Canonical(def, text);
        Assert.Null(error);
        Assert.Equal(stored, value);
        Assert.NotNull(DealCustomFilter.Canonical(def, "много").Error);
    }
}
