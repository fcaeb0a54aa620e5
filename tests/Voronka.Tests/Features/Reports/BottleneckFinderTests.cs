using Voronka.Core.Features.Demo;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reports;

namespace Voronka.Tests.Features.Reports;

public class StatsTests
{
    [Fact]
    public void The_normal_distribution_function_has_its_textbook_values()
    {
        Assert.Equal(0.5, Stats.NormalCdf(0), 6);
        Assert.Equal(0.975, Stats.NormalCdf(1.959964), 5);
        Assert.Equal(0.05, Stats.NormalCdf(-1.644854), 5);
    }

    [Fact]
    public void Forty_of_a_hundred_against_seventy_of_a_hundred_is_no_accident()
    {
        // Pooled 0.55; se = √(0.55·0.45·(1/100 + 1/100)) = 0.070356; z = −0.30 / 0.070356 = −4.264.
        var (z, p) = Stats.ProportionLower(40, 100, 70, 100);
        Assert.Equal(-4.264, z, 3);
        Assert.True(p < 0.0001);
        // Four of ten against seven of ten could be.
        Assert.True(Stats.ProportionLower(4, 10, 7, 10).P > 0.05);
    }

    [Fact]
    public void Benjamini_Hochberg_keeps_the_p_values_under_their_rank_line()
    {
        // Sorted 0.01 ≤ 0.05·1/4, 0.02 ≤ 0.05·2/4, 0.03 ≤ 0.05·3/4; 0.5 > 0.05.
        Assert.Equal([true, true, true, false], Stats.BenjaminiHochberg([0.01, 0.02, 0.03, 0.5], 0.05));
        // 0.03 > 0.025 and 0.04 > 0.0375: only the smallest stands.
        Assert.Equal([true, false, false, false], Stats.BenjaminiHochberg([0.01, 0.04, 0.03, 0.20], 0.05));
    }

    [Fact]
    public void A_mean_three_times_longer_is_found_and_a_small_sample_is_not()
    {
        // 40 stays of 24 days ± 5 against 400 of 8 ± 3.
        var slow = new StageTime(9, 1, 40, 40 * 24, 40 * (24 * 24 + 25));
        var rest = new StageTime(1, 1, 400, 400 * 8, 400 * (8 * 8 + 9));
        var found = Assert.Single(BottleneckFinder.SlowStages([slow, rest]));
        Assert.Equal(9, found.OwnerId);
        Assert.Equal(24, found.MeanDays, 6);
        var few = new StageTime(9, 1, 5, 5 * 24, 5 * (24 * 24 + 25));
        Assert.Empty(BottleneckFinder.SlowStages([few, rest]));
    }
}

/// <summary>The finder on the demo generator's output: it names the planted patterns, and finds nothing in a history
/// where every manager is alike.</summary>
public class BottleneckFinderTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private static readonly List<Stage> Stages =
    [
        new() { Id = 1, PipelineId = 1, Name = "Новый лид", Position = 0, Kind = StageKind.Open },
        new() { Id = 2, PipelineId = 1, Name = "Квалификация", Position = 1, Kind = StageKind.Open },
        new() { Id = 3, PipelineId = 1, Name = "Встреча", Position = 2, Kind = StageKind.Open },
        new() { Id = 4, PipelineId = 1, Name = "КП отправлено", Position = 3, Kind = StageKind.Open, RequiredFields = ["amount", "expectedCloseDate"] },
        new() { Id = 5, PipelineId = 1, Name = "Переговоры", Position = 4, Kind = StageKind.Open, RequiredFields = ["contactId", "custom.budget_confirmed"] },
        new() { Id = 6, PipelineId = 1, Name = "Успешно", Position = 5, Kind = StageKind.Won },
        new() { Id = 7, PipelineId = 1, Name = "Проиграно", Position = 6, Kind = StageKind.Lost },
    ];

    private static (List<StageCount> Counts, List<StageTime> Times, double[] WinAfter) Evidence(int seed, bool planted) =>
        Evidence(seed, planted, Now);

    private static (List<StageCount> Counts, List<StageTime> Times, double[] WinAfter) Evidence(int seed, bool planted, DateTime now)
    {
        var sellers = Enumerable.Range(1, 10).Select(i => new DemoSeller(100 + i, $"manager{i}", 10)).ToList();
        var companies = Enumerable.Range(1, 50).Select(i => new DemoCompany(i, 100 + 1 + i % 10, 1, [i * 10, i * 10 + 1])).ToList();
        var products = new List<DemoProduct> { new(1, "Лицензия", 5_000_000, false), new(2, "Кондиционер", 7_800_000, true), new(3, "Сервер", 30_000_000, false) };
        var deals = DemoScenario.Generate(new DemoInputs(now, sellers, 999, Stages, products, companies, [1, 2, 3], [1, 2, 3],
            "budget_confirmed"), seed, planted).Deals;
        var open = Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        var kind = Stages.ToDictionary(s => s.Id, s => s.Kind);
        var counts = new List<StageCount>();
        var times = new List<StageTime>();
        foreach (var owner in deals.GroupBy(d => d.OwnerId))
            for (var i = 0; i < open.Count; i++)
            {
                int advanced = 0, decided = 0;
                foreach (var d in owner)
                {
                    var max = d.StageChanges.Where(c => kind[c.ToStageId] == StageKind.Open).Select(c => (int?)Stages.Single(s => s.Id == c.ToStageId).Position).Max();
                    var won = kind[d.StageId] == StageKind.Won;
                    if (!won && !(max >= open[i].Position)) continue;
                    var movedOn = won || (i + 1 < open.Count && max >= open[i + 1].Position);
                    if (movedOn) advanced++;
                    if (movedOn || kind[d.StageId] == StageKind.Lost) decided++;
                }
                counts.Add(new StageCount(owner.Key, i, advanced, decided));
                var days = owner.SelectMany(d => d.StageChanges).Where(c => c.FromStageId == open[i].Id).Select(c => c.SecondsInFromStage!.Value / 86400d).ToList();
                times.Add(new StageTime(owner.Key, i, days.Count, days.Sum(), days.Sum(x => x * x)));
            }
        var wonTotal = deals.Count(d => kind[d.StageId] == StageKind.Won);
        var winAfter = Enumerable.Range(0, open.Count).Select(i => wonTotal / (double)Math.Max(1, counts.Where(c => c.Stage == i).Sum(c => c.Advanced))).ToArray();
        return (counts, times, winAfter);
    }

    [Fact]
    public void The_planted_weak_stage_and_the_slow_qualifier_are_named_and_nothing_else()
    {
        var (counts, times, winAfter) = Evidence(20261127, planted: true);
        var weak = Assert.Single(BottleneckFinder.WeakStages(counts, winAfter, 50_000_00));
        Assert.Equal(104, weak.OwnerId); // manager4
        Assert.Equal(3, weak.Stage); // КП отправлено
        Assert.True(weak.AtStakeMinor > 0);
        var slow = Assert.Single(BottleneckFinder.SlowStages(times));
        Assert.Equal(109, slow.OwnerId); // manager9
        Assert.Equal(1, slow.Stage); // Квалификация
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20261127)]
    public void A_history_where_every_manager_is_alike_raises_no_alarm(int seed)
    {
        var (counts, times, winAfter) = Evidence(seed, planted: false);
        Assert.Empty(BottleneckFinder.WeakStages(counts, winAfter, 50_000_00));
        Assert.Empty(BottleneckFinder.SlowStages(times));
    }

    [Fact]
    public void The_planted_patterns_are_found_whatever_the_day_the_history_is_generated_on()
    {
        // Every day of a year, at an hour that moves round the clock: weekdays, weekends, the first of a month.
        var failures = new List<string>();
        for (var day = 0; day < 366; day++)
        {
            var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(day).AddHours(day * 7 % 24);
            var (counts, times, winAfter) = Evidence(20261127, planted: true, now);
            var weak = BottleneckFinder.WeakStages(counts, winAfter, 50_000_00);
            var slow = BottleneckFinder.SlowStages(times);
            if (weak is not [{ OwnerId: 104, Stage: 3 }] || slow is not [{ OwnerId: 109, Stage: 1 }])
                failures.Add($"{now:yyyy-MM-dd HH:mm}: weak {string.Join(", ", weak.Select(w => $"{w.OwnerId}@{w.Stage}"))}, "
                    + $"slow {string.Join(", ", slow.Select(s => $"{s.OwnerId}@{s.Stage}"))}");
        }
        Assert.Empty(failures);
    }
}
