namespace Voronka.Core.Features.Kpi;

/// <summary>Where a person should be by today, and where they will end at the pace they keep.</summary>
public static class Pace
{
    /// <summary>The part of <paramref name="plan"/> due after <paramref name="elapsedDays"/> of <paramref name="totalDays"/> working
    /// days, to two decimals (half away from zero), as every screen shows it.</summary>
    public static decimal Expected(decimal plan, int elapsedDays, int totalDays) => decimal.Round(
        totalDays <= 0 ? plan : plan * Math.Min(elapsedDays, totalDays) / totalDays, 2, MidpointRounding.AwayFromZero);

    /// <summary>The run-rate forecast: what has been done so far, per working day, over all the period's working days,
    /// to two decimals.</summary>
    public static decimal RunRate(decimal fact, int elapsedDays, int totalDays) => decimal.Round(
        elapsedDays <= 0 || totalDays <= 0 ? fact : fact * totalDays / Math.Min(elapsedDays, totalDays), 2, MidpointRounding.AwayFromZero);

    /// <summary>Fact against plan in percent, rounded to one decimal; null without a plan.</summary>
    public static decimal? Percent(decimal fact, decimal? plan) =>
        plan is decimal p && p > 0 ? decimal.Round(fact * 100m / p, 1, MidpointRounding.AwayFromZero) : null;

    /// <summary>For an indicator where fewer is better (overdue tasks): 100 while the fact stays within the plan,
    /// then the plan's share of the fact.</summary>
    public static decimal? PercentLowerIsBetter(decimal fact, decimal? plan) => plan switch
    {
        null => null,
        _ when fact <= plan => 100m,
        0m => 0m,
        decimal p => decimal.Round(p * 100m / fact, 1, MidpointRounding.AwayFromZero),
    };
}

/// <summary>
/// The chance that open deals, each won independently with its own probability, bring at least what is left of a
/// goal. Amounts are counted in steps of 1/<see cref="Steps"/> of what is left, rounded down, so the chance is never
/// overstated; the distribution of the sum is built exactly over those steps.
/// </summary>
public static class GoalChance
{
    public const int Steps = 2000;

    public static decimal Probability(long leftMinor, IEnumerable<(long AmountMinor, decimal Probability)> deals)
    {
        if (leftMinor <= 0) return 1m;
        var step = (leftMinor + Steps - 1) / Steps;
        var dist = new double[Steps + 1];
        dist[0] = 1;
        foreach (var (amount, p) in deals)
        {
            if (amount <= 0 || p <= 0) continue;
            var q = (double)Math.Min(1m, p);
            var units = (int)Math.Min(Steps, amount / step);
            if (units == 0) continue;
            for (var j = Steps; j >= 0; j--)
            {
                if (dist[j] == 0) continue;
                var moved = dist[j] * q;
                dist[j] -= moved;
                dist[Math.Min(Steps, j + units)] += moved;
            }
        }
        return decimal.Round((decimal)dist[Steps], 4, MidpointRounding.AwayFromZero);
    }
}

/// <summary>What a bonus scheme pays.</summary>
/// <param name="AmountMinor">The bonus in minor units.</param>
/// <param name="RevenuePercent">Revenue completion the bonus was computed at.</param>
/// <param name="ThresholdMet">False when revenue completion is below the scheme's threshold (nothing is paid).</param>
/// <param name="Factor">The product of the multipliers applied.</param>
public sealed record BonusResult(long AmountMinor, decimal RevenuePercent, bool ThresholdMet, decimal Factor);

public static class Bonus
{
    /// <summary>
    /// <paramref name="revenueMinor"/> × rate once revenue completion reaches the threshold, times each multiplier's
    /// factor (met or missed, by the indicator's completion in <paramref name="completion"/>), at most the cap.
    /// A multiplier whose indicator has no plan (no completion) does not apply.
    /// </summary>
    public static BonusResult Compute(BonusScheme scheme, long revenueMinor, long revenuePlanMinor, IReadOnlyDictionary<KpiCode, decimal> completion)
    {
        var percent = revenuePlanMinor > 0 ? revenueMinor * 100m / revenuePlanMinor : 0m;
        var met = revenuePlanMinor > 0 && percent >= scheme.ThresholdPercent;
        var factor = 1m;
        foreach (var m in scheme.Multipliers)
            if (completion.TryGetValue(m.Code, out var c)) factor *= c >= m.MinPercent ? m.FactorIfMet : m.FactorIfMissed;
        var amount = met ? (long)decimal.Round(revenueMinor * scheme.RatePercent / 100m * factor, 0, MidpointRounding.AwayFromZero) : 0;
        if (scheme.CapMinor is long cap && amount > cap) amount = cap;
        return new BonusResult(amount, decimal.Round(percent, 1, MidpointRounding.AwayFromZero), met, factor);
    }
}
