using Voronka.Core.Features.Duplicates;

namespace Voronka.Tests.Features.Duplicates;

public class DuplicateRulesTests
{
    private static readonly DateTime T = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private static DuplicateCandidate C(int id, string name, int minutes, string? inn = null, string[]? phones = null,
        string[]? emails = null,
        int? group = null) => new(id, name, T.AddMinutes(minutes), inn, phones ?? [], emails ?? [], group);

    [Fact]
    public void Names_are_compared_without_legal_forms_quotes_and_case()
    {
        Assert.Equal("ромашка", DuplicateRules.Normalize("ООО «Ромашка»"));
        Assert.Equal("ромашка", DuplicateRules.Normalize("  Ромашка, ООО "));
        Assert.Equal("сибирские сети", DuplicateRules.Normalize("АО \"Сибирские сети\""));
        Assert.Equal("acme", DuplicateRules.Normalize("ACME, Inc."));
        Assert.True(DuplicateRules.Alike("стройресурс", "стройресурс"));
        Assert.True(DuplicateRules.Alike("стройресурс", "стройрессурс"));
        Assert.True(DuplicateRules.Alike("стройресурс", "строиресурс"));
        Assert.False(DuplicateRules.Alike("стройресурс", "стройресурсы+"));
        Assert.False(DuplicateRules.Alike("альфа", "альфы"));
        Assert.False(DuplicateRules.Alike("", ""));
        Assert.False(DuplicateRules.Alike("филиал 1", "филиал 2"));
    }

    [Fact]
    public void Pairs_name_the_older_first_and_the_strongest_come_first()
    {
        var found = DuplicateRules.Find(
        [
            C(1, "ООО «Ромашка»", 0, inn: "7707083893", phones: ["+79120001122"]),
            C(2, "Ромашка", 10, phones: ["+79120001122"]),
            C(3, "Василёк", 5, emails: ["a@b.ru"]),
            C(4, "Лютик", 1, emails: ["a@b.ru"]),
            C(5, "Одуванчик", 2),
        ]);
        Assert.Equal([(1, 2), (4, 3)], found.Select(p => (p.FirstId, p.SecondId)));
        Assert.Equal([DuplicateReason.Phone, DuplicateReason.Name], found[0].Reasons);
        Assert.Equal([DuplicateReason.Email], found[1].Reasons);
        // Two tax ids are two companies, even of one name.
        Assert.Empty(DuplicateRules.Find(
            [C(1, "ООО «Восток»", 0, inn: "7707083893"), C(2, "ПАО «Восток»", 1, inn: "7736207543")]));
    }

    [Fact]
    public void A_name_counts_only_within_its_group_and_a_crowded_key_tells_nothing()
    {
        var found = DuplicateRules.Find(
        [
            C(1, "Иван Петров", 0, group: 7), C(2, "Иван Петров", 1, group: 7), C(3, "Иван Петров", 2,
                group: 8),
        ]);
        Assert.Equal([(1, 2)], found.Select(p => (p.FirstId, p.SecondId)));
        var crowd = Enumerable.Range(1, 21).Select(i => C(i, $"Клиент {i}", i, phones: ["+74950000000"])).ToList();
        Assert.Empty(DuplicateRules.Find(crowd));
    }

    [Fact]
    public void Names_alike_are_found_whatever_letter_differs_among_many_that_start_alike()
    {
        // Two thousand names of one beginning, and two pairs among them: one edit at the very start, one in the middle.
        var many = Enumerable.Range(0, 2000).Select(i => C(100 + i, $"Строй {Word(i)}", i)).ToList();
        many.Add(C(1, "Стройресурс", -10));
        many.Add(C(2, "Тройресурс", 5000));
        many.Add(C(3, "Строймонтаж", -9));
        many.Add(C(4, "Строймантаж", 5001));
        var found = DuplicateRules.Find(many);
        Assert.Equal([(3, 4), (1, 2)], found.Select(p => (p.FirstId, p.SecondId)));
        Assert.All(found, p => Assert.Equal([DuplicateReason.Name], p.Reasons));
    }

    /// <summary>A word of its own for each number, far from every other (three letters apart at least).</summary>
    private static string Word(int i) => string.Concat(Enumerable.Range(0, 3).Select(k => (char)('а' + (i / (int)Math.Pow(30, k)) % 30)))
        + string.Concat(Enumerable.Range(0, 3).Select(k => (char)('а' + (i / (int)Math.Pow(30, k)) % 30)))
        + string.Concat(Enumerable.Range(0, 3).Select(k => (char)('а' + (i / (int)Math.Pow(30, k)) % 30)));
}
