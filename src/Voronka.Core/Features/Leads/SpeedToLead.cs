namespace Voronka.Core.Features.Leads;

/// <summary>How fast leads were answered: how many, the median and the 90th percentile in working minutes, and the
/// shares answered within 5, 15 and 60 minutes.</summary>
public sealed record SpeedFigures(int Leads, decimal? MedianMinutes, decimal? P90Minutes, decimal? Under5, decimal? Under15,
    decimal? Under60);

/// <summary>
/// The speed-to-lead figures of a set of waits, with no I/O. Percentiles are by nearest rank (the smallest wait that
/// at least p % of the waits do not exceed), so every figure is a wait that happened; minutes are rounded to one decimal.
/// </summary>
public static class SpeedToLead
{
    public static SpeedFigures Summarise(IEnumerable<double> minutes)
    {
        var sorted = minutes.Order().ToArray();
        if (sorted.Length == 0) return new SpeedFigures(0, null, null, null, null, null);
        decimal Rank(double p) => Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)]);
        decimal Share(double limit) => decimal.Round(sorted.Count(m => m <= limit) / (decimal)sorted.Length, 4);
        return new SpeedFigures(sorted.Length, Rank(0.5), Rank(0.9), Share(5), Share(15), Share(60));
    }

    private static decimal Round(double minutes) => decimal.Round((decimal)minutes, 1, MidpointRounding.AwayFromZero);
}
