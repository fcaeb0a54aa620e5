namespace Voronka.Core.Features.Reports;

/// <summary>The statistics the bottleneck finder needs, with no I/O.</summary>
public static class Stats
{
    /// <summary>Φ(z), the standard normal distribution function (complementary error function to about 1e-7).</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var t = 1.0 / (1.0 + 0.5 * Math.Abs(x));
        var ans = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }

    /// <summary>One-sided two-proportion z-test (pooled): the probability of a share as low as s1/n1 if it were
    /// really the same as s2/n2.</summary>
    public static (double Z, double P) ProportionLower(int s1, int n1, int s2, int n2)
    {
        if (n1 == 0 || n2 == 0) return (0, 1);
        var p1 = s1 / (double)n1;
        var p2 = s2 / (double)n2;
        var pooled = (s1 + s2) / (double)(n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) return (0, 1);
        var z = (p1 - p2) / se;
        return (z, NormalCdf(z));
    }

    /// <summary>One-sided Welch test (normal approximation): the probability of a mean as high as the first if the
    /// two groups really had the same mean. Each group is given as count, sum and sum of squares.</summary>
    public static (double Z, double P) MeanHigher(int n1, double sum1, double squares1, int n2, double sum2, double squares2)
    {
        if (n1 < 2 || n2 < 2) return (0, 1);
        double m1 = sum1 / n1, m2 = sum2 / n2;
        var v1 = Math.Max(0, (squares1 - n1 * m1 * m1) / (n1 - 1));
        var v2 = Math.Max(0, (squares2 - n2 * m2 * m2) / (n2 - 1));
        var se = Math.Sqrt(v1 / n1 + v2 / n2);
        if (se == 0) return (0, 1);
        var z = (m1 - m2) / se;
        return (z, 1 - NormalCdf(z));
    }

    /// <summary>Benjamini–Hochberg: which of the p-values stand when at most a share <paramref name="q"/> of the
    /// findings may be false.</summary>
    public static bool[] BenjaminiHochberg(IReadOnlyList<double> p, double q)
    {
        var order = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ToArray();
        var cut = -1;
        for (var k = 0; k < order.Length; k++)
            if (p[order[k]] <= q * (k + 1) / order.Length) cut = k;
        var result = new bool[p.Count];
        for (var k = 0; k <= cut; k++) result[order[k]] = true;
        return result;
    }
}

/// <summary>A person's deals at one open stage: moved on out of decided (moved on or lost there).</summary>
public sealed record StageCount(int OwnerId, int Stage, int Advanced, int Decided);

/// <summary>Finished stays of a person's deals in one stage: count, sum and sum of squares of the days.</summary>
public sealed record StageTime(int OwnerId, int Stage, int Count, double SumDays, double SquaresDays)
{
    public double MeanDays => Count == 0 ? 0 : SumDays / Count;
}

/// <summary>A stage where a person converts significantly worse than the rest of the group. ExtraLost: the deals
/// lost beyond what the rest's rate would lose; AtStakeMinor: those deals × the chance that a deal moving on from the
/// stage is won × the average won deal.</summary>
public sealed record WeakStage(int OwnerId, int Stage, int Advanced, int Decided, double Rate, double RestRate, int RestDecided, double PValue, double ExtraLost, long AtStakeMinor);

public sealed record SlowStage(int OwnerId, int Stage, int Count, double MeanDays, double RestMeanDays, int RestCount, double PValue);

public sealed record GrownStage(int Stage, int Count, double MeanDays, int PreviousCount, double PreviousMeanDays, double PValue);

/// <summary>
/// Finds where deals are lost: a person's stage conversion against the rest of the group (two-proportion test), a
/// person's time in a stage against the rest (Welch), a stage's time now against the period before. Every family of
/// tests is corrected for the number of tests (Benjamini–Hochberg at <see cref="FalseDiscoveryRate"/>), needs
/// <see cref="MinSample"/> deals on each side and a difference large enough to act on, so small samples and noise
/// raise no alarm.
/// </summary>
public static class BottleneckFinder
{
    public const double FalseDiscoveryRate = 0.01;
    public const int MinSample = 15;
    /// <summary>A person's conversion must be at most this share of the rest's to matter.</summary>
    public const double WeakRatio = 0.8;
    /// <summary>A person's (or a period's) mean time must be at least this many times the other's.</summary>
    public const double SlowRatio = 1.5;

    /// <summary>Stages where a person converts worse than the rest: <paramref name="counts"/> per person and stage,
    /// <paramref name="winAfterAdvance"/> per stage the share of deals moving on from it that end won (whole group),
    /// <paramref name="averageWonMinor"/> the group's average won deal.</summary>
    public static IReadOnlyList<WeakStage> WeakStages(IReadOnlyList<StageCount> counts, IReadOnlyList<double> winAfterAdvance, long averageWonMinor)
    {
        var totals = counts.GroupBy(c => c.Stage).ToDictionary(g => g.Key, g => (Advanced: g.Sum(x => x.Advanced), Decided: g.Sum(x => x.Decided)));
        var candidates = counts
            .Select(c =>
            {
                var restAdvanced = totals[c.Stage].Advanced - c.Advanced;
                var restDecided = totals[c.Stage].Decided - c.Decided;
                var (_, p) = Stats.ProportionLower(c.Advanced, c.Decided, restAdvanced, restDecided);
                return (c, restAdvanced, restDecided, p);
            })
            .Where(x => x.c.Decided >= MinSample && x.restDecided >= MinSample)
            .ToList();
        var significant = Stats.BenjaminiHochberg(candidates.Select(x => x.p).ToList(), FalseDiscoveryRate);
        return candidates.Where((x, i) => significant[i])
            .Select(x =>
            {
                var rate = x.c.Advanced / (double)x.c.Decided;
                var rest = x.restAdvanced / (double)x.restDecided;
                var extra = (rest - rate) * x.c.Decided;
                var win = x.c.Stage < winAfterAdvance.Count ? winAfterAdvance[x.c.Stage] : 0;
                return new WeakStage(x.c.OwnerId, x.c.Stage, x.c.Advanced, x.c.Decided, rate, rest, x.restDecided, x.p, extra,
                    (long)Math.Round(extra * win * averageWonMinor));
            })
            .Where(w => w.Rate <= w.RestRate * WeakRatio)
            .OrderByDescending(w => w.AtStakeMinor).ThenBy(w => w.PValue)
            .ToList();
    }

    public static IReadOnlyList<SlowStage> SlowStages(IReadOnlyList<StageTime> times)
    {
        var totals = times.GroupBy(t => t.Stage).ToDictionary(g => g.Key, g => (Count: g.Sum(x => x.Count), Sum: g.Sum(x => x.SumDays), Squares: g.Sum(x => x.SquaresDays)));
        var candidates = times
            .Select(t =>
            {
                var (n, sum, sq) = (totals[t.Stage].Count - t.Count, totals[t.Stage].Sum - t.SumDays, totals[t.Stage].Squares - t.SquaresDays);
                var (_, p) = Stats.MeanHigher(t.Count, t.SumDays, t.SquaresDays, n, sum, sq);
                return (t, n, restMean: n == 0 ? 0 : sum / n, p);
            })
            .Where(x => x.t.Count >= MinSample && x.n >= MinSample)
            .ToList();
        var significant = Stats.BenjaminiHochberg(candidates.Select(x => x.p).ToList(), FalseDiscoveryRate);
        return candidates.Where((x, i) => significant[i] && x.t.MeanDays >= x.restMean * SlowRatio)
            .Select(x => new SlowStage(x.t.OwnerId, x.t.Stage, x.t.Count, x.t.MeanDays, x.restMean, x.n, x.p))
            .OrderByDescending(s => s.MeanDays - s.RestMeanDays).ToList();
    }

    /// <summary>Stages whose time grew: <paramref name="now"/> per stage the stays that ended in the recent window,
    /// <paramref name="before"/> those that ended in the window before it.</summary>
    public static IReadOnlyList<GrownStage> GrownStages(IReadOnlyList<StageTime> now, IReadOnlyList<StageTime> before)
    {
        var candidates = now
            .Select(n => (n, b: before.FirstOrDefault(b => b.Stage == n.Stage)))
            .Where(x => x.b is not null && x.n.Count >= MinSample && x.b.Count >= MinSample)
            .Select(x => (x.n, x.b!, Stats.MeanHigher(x.n.Count, x.n.SumDays, x.n.SquaresDays, x.b!.Count, x.b.SumDays, x.b.SquaresDays).P))
            .ToList();
        var significant = Stats.BenjaminiHochberg(candidates.Select(x => x.P).ToList(), FalseDiscoveryRate);
        return candidates.Where((x, i) => significant[i] && x.n.MeanDays >= x.Item2.MeanDays * SlowRatio)
            .Select(x => new GrownStage(x.n.Stage, x.n.Count, x.n.MeanDays, x.Item2.Count, x.Item2.MeanDays, x.P)).ToList();
    }
}
