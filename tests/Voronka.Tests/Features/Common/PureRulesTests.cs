using System.Text.Json;
using Voronka.Core.Common;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Tests.Features.Common;

public class MoneyTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1000.5", 100050L)]
    [InlineData("0.01", 1L)]
    [InlineData("999999999999.99", 99999999999999L)]
    public void Amounts_become_exact_minor_units(string amount, long minor)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(minor, Money.ToMinor(value));
        Assert.Equal(value, Money.FromMinor(minor));
    }

    [Theory]
    [InlineData("1.005", false)]
    [InlineData("-1", false)]
    [InlineData("1000000000000.01", false)]
    [InlineData("12.30", true)]
    public void Only_two_decimal_places_and_a_sane_range_are_accepted(string amount, bool valid) =>
        Assert.Equal(valid, Money.IsValid(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    // 3 × 333.33 = 999.99; 2 × 100.00 − 12.5 % = 175.00; 1 × 0.05 − 50 % = 0.025 → 0.03 (half away from zero).
    [InlineData(3, 33333L, 0, 99999L)]
    [InlineData(2, 10000L, 12.5, 17500L)]
    [InlineData(1, 5L, 50, 3L)]
    [InlineData(0.5, 101L, 0, 51L)]
    public void Line_totals_round_once_half_away_from_zero(double quantity, long priceMinor, double discount, long expected) =>
        Assert.Equal(expected, DealLine.Total((decimal)quantity, priceMinor, (decimal)discount));
}

public class InnTests
{
    [Theory]
    [InlineData("7707083893", true)]    // Sberbank
    [InlineData("7736207543", true)]    // Yandex
    [InlineData("500100732259", true)]  // a 12-digit personal INN
    [InlineData("7707083894", false)]   // wrong check digit
    [InlineData("500100732258", false)]
    [InlineData("77070838", false)]
    [InlineData("77070838ab", false)]
    public void Check_digits_are_verified(string inn, bool valid) => Assert.Equal(valid, Inn.IsValid(inn));

    [Fact]
    public void Completing_a_body_gives_a_valid_inn() => Assert.Equal("7707083893", Inn.Complete("770708389"));

    [Fact]
    public void Spaces_and_dashes_are_stripped() => Assert.Equal("7707083893", Inn.Normalize(" 7707-083 893 "));
}

public class ContactNormalizerTests
{
    [Theory]
    [InlineData("8 (916) 123-45-67", "+79161234567")]
    [InlineData("+7 916 123 45 67", "+79161234567")]
    [InlineData("9161234567", "+79161234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("123", null)]
    [InlineData("позвоните мне", null)]
    [InlineData("", null)]
    public void Phones_become_e164(string raw, string? expected) => Assert.Equal(expected, ContactNormalizer.Phone(raw));

    [Theory]
    [InlineData("  Ivan.Petrov@Example.COM ", "ivan.petrov@example.com")]
    [InlineData("ivan@", null)]
    [InlineData("@example.com", null)]
    [InlineData("a@b@c.ru", null)]
    [InlineData("ivan@localhost", null)]
    [InlineData("ivan petrov@mail.ru", null)]
    public void Emails_are_lower_cased_and_checked(string raw, string? expected) => Assert.Equal(expected, ContactNormalizer.Email(raw));
}

public class CustomFieldValuesTests
{
    private static readonly Dictionary<string, CustomFieldDefinition> Defs = new()
    {
        ["budget"] = new() { Key = "budget", Type = CustomFieldType.Money },
        ["size"] = new() { Key = "size", Type = CustomFieldType.Number },
        ["due"] = new() { Key = "due", Type = CustomFieldType.Date },
        ["tier"] = new() { Key = "tier", Type = CustomFieldType.Select, Options = ["A", "B"] },
        ["curator"] = new() { Key = "curator", Type = CustomFieldType.User },
        ["vip"] = new() { Key = "vip", Type = CustomFieldType.YesNo },
        ["note"] = new() { Key = "note", Type = CustomFieldType.Text },
    };

    private static (Dictionary<string, string> Values, Validator V) Apply(string json, Dictionary<string, string>? start = null)
    {
        var input = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        var values = start ?? [];
        var v = new Validator();
        CustomFieldValues.Apply(input, values, Defs, new HashSet<int> { 7 }, v);
        return (values, v);
    }

    [Fact]
    public void Valid_values_are_stored_in_canonical_form()
    {
        var (values, v) = Apply("""{"budget": 1500.50, "size": 12, "due": "2027-03-01", "tier": "B", "curator": 7, "vip": true, "note": "  ЛПР — Иванов  "}""");
        Assert.True(v.IsValid);
        Assert.Equal("1500.50", values["budget"]);
        Assert.Equal("2027-03-01", values["due"]);
        Assert.Equal("true", values["vip"]);
        Assert.Equal("7", values["curator"]);
        Assert.Equal("ЛПР — Иванов", values["note"]);
    }

    [Theory]
    [InlineData("""{"budget": "много"}""", "customFields.budget")]
    [InlineData("""{"budget": 1.001}""", "customFields.budget")]
    [InlineData("""{"size": "12"}""", "customFields.size")]
    [InlineData("""{"due": "01.03.2027"}""", "customFields.due")]
    [InlineData("""{"tier": "C"}""", "customFields.tier")]
    [InlineData("""{"curator": 8}""", "customFields.curator")]
    [InlineData("""{"vip": "yes"}""", "customFields.vip")]
    [InlineData("""{"unknown": 1}""", "customFields.unknown")]
    public void Wrong_values_are_reported_by_field(string json, string field)
    {
        var (values, v) = Apply(json);
        var e = Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid);
        Assert.Equal([field], e.Errors.Keys);
        Assert.Empty(values);
    }

    [Fact]
    public void Null_clears_a_value() => Assert.Empty(Apply("""{"vip": null}""", new() { ["vip"] = "true" }).Values);
}

public class DealFieldsTests
{
    private static Stage Stage(StageKind kind, params string[] required) => new() { Id = 9, Name = "S", Kind = kind, RequiredFields = [.. required] };

    [Fact]
    public void Missing_fields_are_named_in_the_stage_order()
    {
        var deal = new Deal { Title = "x" };
        Assert.Equal(["expectedCloseDate", "amount", "custom.budget", "lines"],
            DealFields.Missing(deal, Stage(StageKind.Open, "expectedCloseDate", "amount", "custom.budget", "lines")));
    }

    [Fact]
    public void Filled_fields_pass()
    {
        var deal = new Deal { Title = "x", AmountMinor = 1, ExpectedCloseDate = new DateOnly(2027, 1, 1), ContactId = 3, CompanyId = 4, RegionId = 1, Source = "Сайт" };
        deal.CustomFields["budget"] = "true";
        deal.Lines.Add(new DealLine());
        Assert.Empty(DealFields.Missing(deal, Stage(StageKind.Open, [.. DealFields.BuiltIn, "custom.budget"])));
    }

    [Fact]
    public void A_zero_amount_is_not_filled_and_a_lost_stage_needs_a_reason()
    {
        var deal = new Deal { Title = "x", AmountMinor = 0 };
        Assert.Equal(["amount", "lossReasonId"], DealFields.Missing(deal, Stage(StageKind.Lost, "amount")));
        deal.LossReasonId = 1;
        deal.AmountMinor = 100;
        Assert.Empty(DealFields.Missing(deal, Stage(StageKind.Lost, "amount")));
    }
}

public class OrgTimeTests
{
    [Fact]
    public void A_moscow_day_is_a_utc_range_three_hours_earlier()
    {
        var zone = OrgTime.Zone("Europe/Moscow");
        var (start, end) = OrgTime.Range(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), zone);
        Assert.Equal(new DateTime(2026, 10, 31, 21, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 11, 30, 21, 0, 0, DateTimeKind.Utc), end);
    }

    [Fact]
    public void Today_follows_the_organisation_zone()
    {
        var lateUtc = new DateTime(2026, 11, 27, 22, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateOnly(2026, 11, 28), OrgTime.Today(lateUtc, OrgTime.Zone("Europe/Moscow")));
        Assert.Equal(new DateOnly(2026, 11, 27), OrgTime.Today(lateUtc, OrgTime.Zone("Europe/London")));
    }
}
