using Voronka.Core.Features.Reports;

namespace Voronka.Tests.Features.Reports;

public class BucketMedianTests
{
    private static double Median(long[] values, long width)
    {
        var histogram = values.GroupBy(v => v / width).Select(g => (g.Key, (long)g.Count()));
        var located = BucketMedian.Locate(histogram);
        return BucketMedian.Median(located, b => values.Where(v => v / width == b));
    }

    [Fact]
    public void An_even_count_takes_the_two_middle_values_even_from_different_buckets()
    {
        // Sorted: 1 5 9 | 3600 3601 | 7200 → buckets 0:3, 1:2, 2:1; the middle ranks 2 and 3 are 9 (bucket 0, rank 2)
        // and 3600 (bucket 1, rank 0); the median is (9 + 3600) / 2 = 1804.5.
        long[] values = [3601, 5, 7200, 1, 3600, 9];
        Assert.Equal([(0L, 2L), (1L, 0L)], BucketMedian.Locate([(2, 1), (0, 3), (1, 2)]));
        Assert.Equal(1804.5, Median(values, 3600));
    }

    [Fact]
    public void An_odd_count_takes_the_middle_value()
    {
        long[] values = [10, 7300, 20, 7200, 30];
        Assert.Equal([(0L, 2L)], BucketMedian.Locate([(0, 3), (2, 2)]));
        Assert.Equal(30, Median(values, 3600));
        Assert.Empty(BucketMedian.Locate([]));
    }

    [Fact]
    public void A_bucket_counted_in_parts_is_one_bucket()
    {
        // Bucket 0 holds 1 5 9 counted as 1 + 2 (two groups of the same hour), bucket 1 holds 3600 3601 3602: six values,
        // the middle ranks 2 and 3 are 9 (bucket 0, rank 2) and 3600 (bucket 1, rank 0).
        Assert.Equal([(0L, 2L), (1L, 0L)], BucketMedian.Locate([(0, 1), (1, 3), (0, 2)]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Agrees_with_sorting_everything_for_any_bucket_width(int seed)
    {
        var rnd = new Random(seed);
        var values = Enumerable.Range(0, rnd.Next(1, 500)).Select(_ => (long)rnd.Next(0, 100_000)).ToArray();
        var sorted = values.Order().ToArray();
        var expected = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
        foreach (var width in new long[] { 1, 7, 3600, 1_000_000 })
            Assert.Equal(expected, Median(values, width));
    }
}
