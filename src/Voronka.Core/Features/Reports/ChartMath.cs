using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

/// <summary>The arithmetic of the dashboard's charts: running sums, the pace line to a goal and its coverage.</summary>
public static class ChartMath
{
    /// <summary>The running sum at the end of each day of [<paramref name="from"/>, <paramref name="through"/>]:
    /// a day without sales carries the sum of the day before.</summary>
    public static IReadOnlyList<decimal> Cumulative(DateOnly from, DateOnly through, IReadOnlyDictionary<DateOnly, decimal> perDay)
    {
        var sums = new List<decimal>();
        var sum = 0m;
        for (var d = from; d <= through; d = d.AddDays(1))
        {
            sum += perDay.GetValueOrDefault(d);
            sums.Add(sum);
        }
        return sums;
    }

    /// <summary>The straight pace line to <paramref name="target"/>: at the end of each day of [from, to] the target ×
    /// working days gone (up to and including that day) ÷ the working days of the period (<see cref="Pace.Expected"/>,
    /// as on the KPI board), rounded to kopecks. It stays level over days off and reaches the target on the last
    /// working day.</summary>
    public static IReadOnlyList<decimal> PaceLine(decimal target, WorkCalendar calendar, DateOnly from, DateOnly to)
    {
        var total = calendar.WorkingDays(from, to);
        var line = new List<decimal>();
        var gone = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d)) gone++;
            line.Add(decimal.Round(Pace.Expected(target, gone, total), 2, MidpointRounding.AwayFromZero));
        }
        return line;
    }

    /// <summary>How much of the goal the won revenue and the probability-weighted pipeline cover, in percent with one
    /// decimal: (won + weighted) × 100 ÷ target; null without a positive target.</summary>
    public static decimal? CoveragePercent(decimal won, decimal weighted, decimal? target) => Pace.Percent(won + weighted, target);

    /// <summary>What the won revenue and the weighted pipeline leave of the goal (never below zero); null without a goal.</summary>
    public static decimal? Gap(decimal won, decimal weighted, decimal? target) =>
        target is decimal t ? Math.Max(0m, t - won - weighted) : null;

    /// <summary>Σ amount × stage probability (minor units × percent) ÷ 100, rounded once to a whole minor unit, half to
    /// even, as the dashboard's weighted funnel.</summary>
    public static long WeightedMinor(long amountTimesPercentMinor) => (long)decimal.Round(amountTimesPercentMinor / 100m);
}
