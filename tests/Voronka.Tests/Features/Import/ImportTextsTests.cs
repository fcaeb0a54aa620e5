using Voronka.Core.Features.Import;
using Voronka.Web.Features.Import;

namespace Voronka.Tests.Features.Import;

/// <summary>An import's failures and refusals read in Russian with the records and reasons they name kept.</summary>
public class ImportTextsTests
{
    [Fact]
    public void A_refused_rollback_names_each_record_in_russian()
    {
        var english = ImportRollback.Refusal(["deal «Поставка» (#5)", "activity #7 added since", "task «Позвонить» "
            + "(#8) added since",
            "person «Анна Петрова» (#9) working in Voronka since", "company «Альфа» (#3)"]);
        Assert.Equal("Импорт не откачен: "
            + "сделка «Поставка» (#5), изменённая после импорта; дело #7, добавленное "
                + "позже; задача «Позвонить» (#8), добавленная позже; "
            + "сотрудник «Анна Петрова» (#9), уже работающий в Voronka; компания "
                + "«Альфа» (#3), изменённая после импорта.",
            InRussian(english));
        Assert.Equal(english, InCulture("en", () => ImportTexts.Translate(english)));
    }

    [Fact]
    public void More_records_than_named_say_so()
    {
        var english = ImportRollback.Refusal(Enumerable.Range(1, 25).Select(i => $"activity #{i} added since").ToList());
        var russian = InRussian(english);
        Assert.EndsWith("дело #20, добавленное позже; и другие.", russian);
        Assert.DoesNotContain("#21", russian);
    }

    [Theory]
    [InlineData("The file could not be read: file is not a valid INN (10 or 12 digits with their check digits).",
        "Файл не прочитан: file не ИНН (10 или 12 цифр с контрольными цифрами).")]
    [InlineData("The commit failed; nothing of it was written: must not be in the future.",
        "Запись не удалась, из неё ничего не записано: не может быть в будущем.")]
    [InlineData("The file no longer passes the dry run (3 errors, the data changed since); check it again.",
        "Файл больше не проходит проверку (ошибок: 3, данные изменились): "
            + "проверьте его заново.")]
    [InlineData("The import is being committed; only a committed one can be rolled back.",
        "Импорт записывается: откатить можно только записанный.")]
    [InlineData("The import is rolled back; only a checked one can be "
        + "committed.", "Импорт откачен: записать можно только проверенный.")]
    [InlineData("The dry run found 12 errors; correct the file or the mapping first.",
        "Проверка нашла ошибок: 12. Сначала исправьте файл или сопоставление.")]
    [InlineData("The commit stopped before it ended; nothing of it was written.",
        "Запись прервалась, не закончившись; ничего из неё не записано.")]
    public void Failures_read_in_russian(string english, string russian) => Assert.Equal(russian, InRussian(english));

    private static string InRussian(string english) => InCulture("ru", () => ImportTexts.Translate(english));

    private static T InCulture<T>(string culture, Func<T> f) => Common.ReasonsTests.InCulture(culture, f);
}
