namespace Voronka.Core.Features.Reviews;

/// <summary>A share with its counts and its 95 % Wilson interval, in per cent.</summary>
public sealed record Proportion(int Count, int Moved, decimal? Share, decimal? Low, decimal? High);

/// <summary>One question: the calls where it was met and where it was not, the share of each whose deal moved on within
/// the days, and whether there is enough data to compare them.</summary>
public sealed record QuestionEffectRow(string Question, Proportion Met, Proportion NotMet, bool Enough, decimal? Difference);

/// <summary>A reviewed call's part in the statistic: the question, whether it was met, whether the deal moved on.</summary>
public sealed record EffectSample(string Question, bool Met, bool Moved);

/// <summary>
/// Does meeting a question move deals? Per question, the calls where it was met against those where it was not: the share
/// whose deal moved to a later stage within the days after the call, each with its Wilson interval, and "not enough data"
/// while either side has fewer calls than the floor.
/// </summary>
public static class QuestionEffect
{
    /// <summary>Fewer calls on a side than this and the two are not compared.</summary>
    public const int Floor = 10;

    public static IReadOnlyList<QuestionEffectRow> Compute(IEnumerable<EffectSample> samples, int floor = Floor) =>
        samples.GroupBy(s => s.Question).Select(g =>
        {
            var met = Of(g.Where(s => s.Met));
            var not = Of(g.Where(s => !s.Met));
            var enough = met.Count >= floor && not.Count >= floor;
            return new QuestionEffectRow(g.Key, met, not, enough, enough ? met.Share - not.Share : null);
        }).ToList();

    private static Proportion Of(IEnumerable<EffectSample> samples)
    {
        var list = samples.ToList();
        return Share(list.Count(s => s.Moved), list.Count);
    }

    /// <summary><paramref name="moved"/> of <paramref name="count"/> as a share in per cent with its Wilson interval.</summary>
    public static Proportion Share(int moved, int count)
    {
        if (count == 0) return new Proportion(0, 0, null, null, null);
        var (low, high) = Wilson(moved, count);
        return new Proportion(count, moved, Math.Round(100m * moved / count, 1), Math.Round(low * 100, 1), Math.Round(high * 100, 1));
    }

    /// <summary>The Wilson score interval of <paramref name="successes"/> in <paramref name="n"/> at 95 % (z = 1.96).</summary>
    public static (decimal Low, decimal High) Wilson(int successes, int n, double z = 1.96)
    {
        if (n == 0) return (0, 1);
        var p = (double)successes / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return ((decimal)Math.Max(0, centre - half), (decimal)Math.Min(1, centre + half));
    }
}
