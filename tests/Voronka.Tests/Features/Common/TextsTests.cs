using System.Text.RegularExpressions;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>Every text exists in Russian and in English, and every key the screens ask for is there.</summary>
public partial class TextsTests
{
    private static readonly IReadOnlyDictionary<string, string> Ru = Texts.Load("ru");
    private static readonly IReadOnlyDictionary<string, string> En = Texts.Load("en");

    [Fact]
    public void Both_languages_have_the_same_keys_and_no_empty_text()
    {
        Assert.Equal(Ru.Keys.Order(), En.Keys.Order());
        Assert.All(Ru.Concat(En), kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        // Placeholders match, so a format never fails in one language only.
        Assert.All(Ru, kv => Assert.Equal(Placeholders(kv.Value), Placeholders(En[kv.Key])));
    }

    [Fact]
    public void Every_key_used_in_the_screens_exists()
    {
        var root = FindRoot();
        var used = Directory.EnumerateFiles(Path.Combine(root, "src", "Voronka.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(used);
        var missing = used.Where(k => !Ru.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Missing texts: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_enum_shown_on_screen_has_a_name_in_both_languages()
    {
        string[] keys =
        [
            .. Enum.GetNames<ActivityType>().Select(n => $"ActivityType.{n}"), .. Enum.GetNames<CallResult>().Select(n => $"CallResult.{n}"),
            .. Enum.GetNames<CallDirection>().Select(n => $"CallDirection.{n}"), .. Enum.GetNames<TaskKind>().Select(n => $"TaskKind.{n}"),
            .. Enum.GetNames<StageKind>().Select(n => $"StageKind.{n}"), .. Enum.GetNames<UserRole>().Select(n => $"UserRole.{n}"),
            .. Enum.GetNames<CustomFieldType>().Select(n => $"CustomFieldType.{n}"), .. Enum.GetNames<CustomFieldEntity>().Select(n => $"CustomFieldEntity.{n}"),
            .. Voronka.Core.Features.Deals.DealFields.BuiltIn.Select(f => $"Field.{f}"), "Field.lossReasonId",
        ];
        var missing = keys.Where(k => !Ru.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Missing texts: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_kind_of_task_activity_and_stage_has_a_Russian_name()
    {
        var untranslated = Ru.Where(kv => kv.Key.Split('.')[0]
                is "TaskKind" or "ActivityType" or "CallResult" or "CallDirection" or "StageKind" or "UserRole" or "AbsenceKind"
                && !CyrillicPattern().IsMatch(kv.Value))
            .Select(kv => $"{kv.Key}: {kv.Value}").ToList();
        Assert.True(untranslated.Count == 0, "Not in Russian: " + string.Join(", ", untranslated));
    }

    [Fact]
    public void The_deal_board_and_the_funnel_report_have_names_of_their_own()
    {
        Assert.NotEqual(Ru["Board.Title"], Ru["Nav.Funnel"]);
        Assert.NotEqual(En["Board.Title"], En["Nav.Funnel"]);
        Assert.Equal(Ru["Board.Title"], Ru["Nav.Board"]);
        Assert.Equal(En["Board.Title"], En["Nav.Board"]);
    }

    private static string[] Placeholders(string s) => PlaceholderPattern().Matches(s).Select(m => m.Value).Order().ToArray();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Voronka.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [GeneratedRegex("""(?:\bL|texts)\["([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)"\]""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("[а-яё]", RegexOptions.IgnoreCase)]
    private static partial Regex CyrillicPattern();
}
