namespace Voronka.Core.Features.Plans;

/// <summary>
/// Splits an amount of money (in minor units) among children by weights so that the parts add up exactly to the
/// whole: each child gets the floor of its exact share, and the minor units left over go, one each, to the children
/// with the largest remainders (ties to the earlier child). Rounding never loses or invents a kopeck.
/// </summary>
public static class Allocation
{
    public static long[] Split(long total, IReadOnlyList<decimal> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (weights.Count == 0) throw new ArgumentException("There must be at least one child.", nameof(weights));
        if (weights.Any(w => w < 0)) throw new ArgumentException("Weights must not be negative.", nameof(weights));
        var sum = weights.Sum();
        // With no basis to weigh by (no past sales, say), the split is equal.
        var w = sum == 0 ? weights.Select(_ => 1m).ToArray() : weights.ToArray();
        sum = w.Sum();
        var parts = new long[w.Length];
        var remainders = new decimal[w.Length];
        long given = 0;
        for (var i = 0; i < w.Length; i++)
        {
            var exact = total * w[i] / sum;
            parts[i] = (long)decimal.Floor(exact);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }
        var left = total - given;
        foreach (var i in Enumerable.Range(0, w.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)left)) parts[i]++;
        return parts;
    }

    /// <summary>
    /// <see cref="Split"/> in round figures: each part rounded to the nearest multiple of <paramref name="step"/> (half
    /// away from zero), and what the rounding gained or lost put on the largest part (by weight; of equal ones the last,
    /// where a remainder is looked for), so the parts still add up exactly to the whole. Should the step be too coarse
    /// for the parts (the largest would go below zero), every part is rounded down instead and the largest takes the rest.
    /// A step of one minor unit is the exact split.
    /// </summary>
    public static long[] SplitRounded(long total, IReadOnlyList<decimal> weights, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var exact = Split(total, weights);
        if (step == 1) return exact;
        var largest = 0;
        for (var i = 1; i < weights.Count; i++) if (weights[i] >= weights[largest]) largest = i;
        var parts = exact.Select(p => (long)decimal.Round((decimal)p / step, 0, MidpointRounding.AwayFromZero) * step).ToArray();
        parts[largest] += total - parts.Sum();
        if (parts[largest] >= 0) return parts;
        parts = exact.Select(p => p / step * step).ToArray();
        parts[largest] += total - parts.Sum();
        return parts;
    }

    /// <summary>An equal split.</summary>
    public static long[] Equal(long total, int children) => Split(total, Enumerable.Repeat(1m, children).ToArray());
}
