using Voronka.Core.Features.Proposals;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Proposals;

/// <summary>Templates filled with the Open XML SDK and read back with it.</summary>
public class ProposalDocumentTests
{
    private static readonly string[] Custom = ["delivery"];

    private static bool Known(string name) => ProposalFields.IsKnown(name, Custom);

    [Fact]
    public void Every_field_is_filled_a_field_split_over_runs_too_and_the_line_row_is_repeated_per_line()
    {
        var names = ProposalFields.Names.Append("deal.custom.delivery").ToList();
        var body = names.Select(n => (DocumentFormat.OpenXml.OpenXmlElement)Docs.Split($"{n}: {{{{{n}}}}}")).ToList();
        body.Add(Docs.Split("Сделка: {{", "deal.", "ti", "tle}} для {{ company.name }}!"));
        body.Add(Docs.Table(
            ["№", "Товар", "Кол-во", "Цена", "Скидка", "Сумма"],
            ["{{line.number}}", "{{line.product}} ({{line.category}})", "{{line.quantity}}", "{{line.price}}", "{{line.discount}}",
                "{{line.total}}"],
            ["", "Итого", "", "", "", "{{lines.total}}"]));
        var template = Docs.Docx([.. body]);
        Assert.Empty(ProposalDocument.Check(new MemoryStream(template), Known));

        var fields = names.ToDictionary(n => n, n => $"<{n}>");
        fields["deal.title"] = "Станки";
        fields["company.name"] = "ООО «Ромашка»";
        fields["lines.total"] = "1 150 000";
        var lines = new List<IReadOnlyDictionary<string, string>>
        {
            Line("1", "Станок ЧПУ", "Станки", "2", "500 000", "", "1 000 000"),
            Line("2", "Наладка", "Услуги", "1", "200 000", "25 %", "150 000"),
        };
        var filled = Docs.Read(ProposalDocument.Fill(template, new ProposalData(fields, lines)));

        Assert.Equal(names.Select(n => $"{n}: {fields[n]}"), filled.Take(names.Count));
        Assert.Equal("Сделка: Станки для ООО «Ромашка»!", filled[names.Count]);
        Assert.Equal([
            "№ | Товар | Кол-во | Цена | Скидка | Сумма",
            "1 | Станок ЧПУ (Станки) | 2 | 500 000 |  | 1 000 000",
            "2 | Наладка (Услуги) | 1 | 200 000 | 25 % | 150 000",
            " | Итого |  |  |  | 1 150 000",
        ], filled.Skip(names.Count + 1));
        // The template itself is unchanged.
        Assert.Contains("{{deal.title}}", string.Join("\n", Docs.Read(template)));
    }

    [Fact]
    public void A_value_that_looks_like_a_field_is_written_as_it_is_and_no_lines_leave_no_line_row()
    {
        var template = Docs.Docx(Docs.Split("{{deal.title}} / {{manager.name}}"), Docs.Table(["{{line.product}}"], ["{{lines.total}}"]));
        var fields = new Dictionary<string, string> { ["deal.title"] = "{{manager.name}}", ["manager.name"] = "Павел",
            ["lines.total"] = "0" };
        var filled = Docs.Read(ProposalDocument.Fill(template, new ProposalData(fields, [])));
        Assert.Equal(["{{manager.name}} / Павел", "0"], filled);
    }

    [Fact]
    public void A_broken_template_is_refused_with_the_reason()
    {
        Assert.Equal([ProposalDocument.NotADocument], ProposalDocument.Check(new MemoryStream("not a document"u8.ToArray()), Known));
        Assert.Equal([ProposalDocument.NotADocument], ProposalDocument.Check(new MemoryStream([0x50, 0x4B, 3, 4, 1, 2, 3]), Known));
        var problems = ProposalDocument.Check(new MemoryStream(Docs.Docx(
            "Уважаемый {{contact.name}}, {{deal.titel}}", "Срок: {{deal.custom.unknown}}", "Итог {{line.total}}",
                "Оплата {{deal.amount")),
            Known);
        Assert.Equal([
            "has an unknown field {{deal.titel}}.",
            "has an unknown field {{deal.custom.unknown}}.",
            "has the field {{line.total}} outside a table row.",
            "has a field that is not closed: '{{deal.amount'.",
        ], problems);
    }

    private static Dictionary<string, string> Line(string n, string product, string category, string qty, string price, string discount,
        string total) => new()
    {
        ["line.number"] = n, ["line.product"] = product, ["line.category"] = category, ["line.quantity"] = qty, ["line.price"] = price,
        ["line.discount"] = discount, ["line.total"] = total,
    };
}
