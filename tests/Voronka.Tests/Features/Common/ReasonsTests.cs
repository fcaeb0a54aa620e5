using System.Globalization;
using System.Text.RegularExpressions;
using Voronka.Core.Features.Import;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>The web app shows the services' reasons in Russian too: none is left untranslated.</summary>
public partial class ReasonsTests
{
    [Fact]
    public void Every_fixed_reason_the_services_give_has_a_russian_text()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Voronka.slnx"))) root = root.Parent!;
        var reasons = Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "Voronka.Core"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => ReasonPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(r => !r.StartsWith("The database already has users", StringComparison.Ordinal)) // a log line, not a reason
            .Distinct().ToList();
        Assert.True(reasons.Count > 50, $"only {reasons.Count} reasons found");
        var untranslated = InRussian(() => reasons.Where(r => Reasons.Translate(r) == r).ToList());
        Assert.True(untranslated.Count == 0, "Untranslated: " + string.Join(" | ", untranslated));
    }

    [Theory]
    [InlineData("must be at most 300 characters.", "не длиннее 300 символов.")]
    [InlineData("is required to enter the stage 'Переговоры'.", "обязательно для этапа «Переговоры».")]
    [InlineData("is required.", "обязательно.")]
    [InlineData("has a table of 10000 columns; at most 300 are read.", "содержит таблицу из 10000 столбцов; читается не больше 300.")]
    [InlineData(ImportValues.NotAnAmount, "не сумма (1234567.89, 1 234 567,89 или 1 234 567,89 ₽).")]
    [InlineData("is not a stage of the pipeline 'Продажи'; map it to one.", "не этап воронки «Продажи»: сопоставьте его с этапом.")]
    [InlineData("'13.01' is not a date of 2030 written as MM.DD.", "«13.01» — не дата 2030 года в виде ММ.ДД.")]
    [InlineData("is already held by deal 42 'Поставка станков'.", "уже есть у сделки 42 «Поставка станков».")]
    [InlineData("is already held by deal 42 'Поставка', which was deleted.", "уже есть у удалённой сделки 42 «Поставка».")]
    [InlineData("is already held by contact 7 'Пётр'.", "уже есть у контакта 7 «Пётр».")]
    [InlineData("has an unknown field {{deal.titel}}.", "содержит неизвестное поле {{deal.titel}}.")]
    [InlineData("has a field that is not closed: '{{deal.amount'.", "содержит незакрытое поле: «{{deal.amount».")]
    public void Reasons_with_values_keep_their_values(string english, string russian)
    {
        Assert.Equal(russian, InRussian(() => Reasons.Translate(english)));
        Assert.Equal(english, InCulture("en", () => Reasons.Translate(english)));
    }

    private static T InRussian<T>(Func<T> f) => InCulture("ru", f);

    internal static T InCulture<T>(string culture, Func<T> f)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try { return f(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    // Reasons are the sentences passed to Validator.Add/Check/For and to the domain exceptions.
    [GeneratedRegex(@"""((?:is |must |does |has |already |applies |cannot |works |a |the |only |no |name |Only |The |This )[^""{]*\.)""[),]")]
    private static partial Regex ReasonPattern();
}
