namespace Voronka.Core.Features.Reports;

/// <summary>
/// An exact median in two passes over the rows, both in the database: a histogram of counts per bucket, then only the
/// values of the one or two buckets the middle falls in. No database function is needed (SQLite has no median) and
/// each pass reads the rows once, however many groups are asked for.
/// </summary>
public static class BucketMedian
{
    /// <summary>The 0-based ranks of the middle of n sorted values: one when n is odd, the two around it when even.</summary>
    public static long[] MiddleRanks(long n) => n <= 0 ? [] : n % 2 == 1 ? [n / 2] : [n / 2 - 1, n / 2];

    /// <summary>For each middle rank, the bucket it falls in and its rank among that bucket's values.</summary>
    /// <param name="histogram">Buckets with their counts, in any order; a bucket may come in several parts (counted
    /// in several groups), which are added up.</param>
    public static IReadOnlyList<(long Bucket, long Rank)> Locate(IEnumerable<(long Bucket, long Count)> histogram)
    {
        var sorted = histogram.GroupBy(h => h.Bucket).Select(g => (Bucket: g.Key, Count: g.Sum(h => h.Count)))
            .Where(h => h.Count > 0).OrderBy(h => h.Bucket).ToList();
        var result = new List<(long, long)>();
        foreach (var rank in MiddleRanks(sorted.Sum(h => h.Count)))
        {
            long below = 0;
            foreach (var (bucket, count) in sorted)
            {
                if (rank < below + count) { result.Add((bucket, rank - below)); break; }
                below += count;
            }
        }
        return result;
    }

    /// <summary>The median from the located ranks and the values of their buckets (in any order).</summary>
    public static double Median(IReadOnlyList<(long Bucket, long Rank)> located, Func<long, IEnumerable<long>> valuesOf) =>
        located.Count == 0 ? double.NaN : located.Average(l => (double)valuesOf(l.Bucket).Order().ElementAt((int)l.Rank));
}
