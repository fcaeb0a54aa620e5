using Voronka.Core.Features.Leads;

namespace Voronka.Tests.Features.Leads;

/// <summary>Speed-to-lead figures with a worked example.</summary>
public class SpeedToLeadTests
{
    [Fact]
    public void Ten_waits_give_their_median_90th_percentile_and_shares()
    {
        // Sorted: 1, 2, 4, 5, 7, 12, 15, 30, 61, 240. Median by nearest rank: the 5th, 7; the 90th percentile: the 9th, 61.
        var figures = SpeedToLead.Summarise([12, 1, 240, 5, 2, 30, 4, 61, 7, 15]);
        Assert.Equal(new SpeedFigures(10, 7m, 61m, 0.4m, 0.7m, 0.8m), figures);
    }

    [Fact]
    public void No_waits_give_no_figures_and_minutes_are_rounded_to_a_tenth()
    {
        Assert.Equal(new SpeedFigures(0, null, null, null, null, null), SpeedToLead.Summarise([]));
        Assert.Equal(2.3m, SpeedToLead.Summarise([2.25]).MedianMinutes);
    }
}
