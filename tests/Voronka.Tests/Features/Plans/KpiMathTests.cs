using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;

namespace Voronka.Tests.Features.Plans;

public class PaceTests
{
    [Fact]
    public void Pace_is_the_plan_share_of_working_days_gone_and_the_forecast_keeps_the_daily_rate()
    {
        // 200 calls over 20 working days; 8 days gone → 80 due by today. 48 made → 6 a day → 120 at the end, 60 % of pace.
        Assert.Equal(80m, Pace.Expected(200m, 8, 20));
        Assert.Equal(120m, Pace.RunRate(48m, 8, 20));
        Assert.Equal(60m, Pace.Percent(48m, 80m));
        // Before the first working day nothing is due yet and the forecast is what is done.
        Assert.Equal(0m, Pace.Expected(200m, 0, 20));
        Assert.Equal(5m, Pace.RunRate(5m, 0, 20));
        Assert.Null(Pace.Percent(5m, null));
        Assert.Null(Pace.Percent(5m, 0m));
    }

    [Fact]
    public void Fewer_overdue_tasks_than_planned_is_full_marks()
    {
        Assert.Equal(100m, Pace.PercentLowerIsBetter(3m, 5m));
        Assert.Equal(50m, Pace.PercentLowerIsBetter(10m, 5m));
        Assert.Equal(0m, Pace.PercentLowerIsBetter(1m, 0m));
        Assert.Equal(100m, Pace.PercentLowerIsBetter(0m, 0m));
    }
}

public class GoalChanceTests
{
    [Fact]
    public void One_deal_that_covers_the_gap_brings_its_own_probability()
    {
        Assert.Equal(0.4m, GoalChance.Probability(100_000_00, [(150_000_00, 0.4m)]));
    }

    [Fact]
    public void Two_half_deals_must_both_be_won()
    {
        // Each brings half of what is left with ½: both needed → ¼.
        Assert.Equal(0.25m, GoalChance.Probability(100_000_00, [(50_000_00, 0.5m), (50_000_00, 0.5m)]));
        // Three halves, any two of three: 3·¼·½ + ⅛ = ½.
        Assert.Equal(0.5m, GoalChance.Probability(100_000_00, [(50_000_00, 0.5m), (50_000_00, 0.5m), (50_000_00, 0.5m)]));
    }

    [Fact]
    public void A_reached_goal_is_certain_and_an_empty_pipeline_hopeless()
    {
        Assert.Equal(1m, GoalChance.Probability(0, []));
        Assert.Equal(0m, GoalChance.Probability(1_00, []));
        Assert.Equal(0m, GoalChance.Probability(100_000_00, [(99_000_00, 1m)]));
    }
}

public class BonusTests
{
    private static readonly BonusScheme Scheme = new()
    {
        Role = UserRole.Manager, IsEnabled = true, RatePercent = 5m, ThresholdPercent = 80m,
        Multipliers = [new BonusMultiplier(KpiCode.Calls, 100m, 1.1m, 0.9m)],
    };

    [Fact]
    public void Below_the_threshold_nothing_is_paid()
    {
        var r = Bonus.Compute(Scheme, 700_000_00, 1_000_000_00, new Dictionary<KpiCode, decimal>());
        Assert.False(r.ThresholdMet);
        Assert.Equal(0, r.AmountMinor);
        Assert.Equal(70m, r.RevenuePercent);
    }

    [Fact]
    public void Above_it_the_rate_applies_with_the_multipliers()
    {
        // 900 000 × 5 % = 45 000; calls at 120 % → × 1.1 = 49 500.
        var r = Bonus.Compute(Scheme, 900_000_00, 1_000_000_00, new Dictionary<KpiCode, decimal> { [KpiCode.Calls] = 120m });
        Assert.Equal(49_500_00, r.AmountMinor);
        // Calls missed → × 0.9 = 40 500; a cap of 40 000 holds it there.
        Assert.Equal(40_500_00, Bonus.Compute(Scheme, 900_000_00, 1_000_000_00, new Dictionary<KpiCode, decimal> { [KpiCode.Calls] = 90m }).AmountMinor);
        var capped = new BonusScheme { RatePercent = 5m, ThresholdPercent = 80m, CapMinor = 40_000_00, Multipliers = Scheme.Multipliers };
        Assert.Equal(40_000_00, Bonus.Compute(capped, 900_000_00, 1_000_000_00, new Dictionary<KpiCode, decimal> { [KpiCode.Calls] = 120m }).AmountMinor);
    }

    [Fact]
    public void A_multiplier_on_an_indicator_without_a_plan_does_not_apply()
    {
        var r = Bonus.Compute(Scheme, 900_000_00, 1_000_000_00, new Dictionary<KpiCode, decimal>());
        Assert.Equal(1m, r.Factor);
        Assert.Equal(45_000_00, r.AmountMinor);
    }
}
