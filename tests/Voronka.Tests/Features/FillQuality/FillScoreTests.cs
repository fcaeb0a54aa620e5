using Voronka.Core.Features.FillQuality;

namespace Voronka.Tests.Features.FillQuality;

public class FillScoreTests
{
    [Fact]
    public void The_score_is_the_mean_of_the_four_shares_in_whole_percent()
    {
        // 8 open deals: 2 lack a required field, 3 have no next step, 1 rots, 4 have no reachable contact.
        var c = new FillCounts(8, 2, 3, 1, 4);
        Assert.Equal(new FillShares(75, 63, 88, 50), FillScore.Shares(c));
        // (6 + 5 + 7 + 4) / 32 = 68.75 %.
        Assert.Equal(69, FillScore.Of(c));
        Assert.Null(FillScore.Of(FillCounts.None));
        Assert.Equal(new FillShares(null, null, null, null), FillScore.Shares(FillCounts.None));
        Assert.Equal(100, FillScore.Of(new FillCounts(3, 0, 0, 0, 0)));
        Assert.Equal(new FillCounts(11, 2, 3, 2, 4), c.Plus(new FillCounts(3, 0, 0, 1, 0)));
    }

    [Fact]
    public void A_fill_is_a_field_turned_from_empty_to_filled()
    {
        Assert.Equal(["amount"], LateFills.Filled("amount", "0", "1500.50"));
        Assert.Equal(["amount"], LateFills.Filled("amount", "0.00", "10"));
        Assert.Empty(LateFills.Filled("amount", "10", "20"));
        Assert.Empty(LateFills.Filled("amount", "10", "0"));
        Assert.Equal(["expectedCloseDate"], LateFills.Filled("expectedCloseDate", null, "2026-12-31"));
        Assert.Empty(LateFills.Filled("source", "Сайт", "Звонок"));
        Assert.Equal(["custom.budget", "custom.inn"],
            LateFills.Filled("customFields", """{"note":"x","budget":" "}""", """{"note":"y","budget":"500","inn":"7707083893"}"""));
        Assert.Empty(LateFills.Filled("customFields", """{"budget":"500"}""", "{}"));
        // As the audit keeps a dictionary: a list of pairs.
        Assert.Equal(["custom.budget"], LateFills.Filled("customFields", "[]", """[{"Key":"budget","Value":"500"}]"""));
    }

    [Fact]
    public void Weeks_start_on_monday()
    {
        Assert.Equal(new DateOnly(2026, 12, 7), FillQualityService.WeekStart(new DateOnly(2026, 12, 7)));
        Assert.Equal(new DateOnly(2026, 12, 7), FillQualityService.WeekStart(new DateOnly(2026, 12, 13)));
        Assert.Equal(new DateOnly(2026, 11, 30), FillQualityService.WeekStart(new DateOnly(2026, 12, 6)));
        Assert.Equal((new DateOnly(2026, 10, 19), new DateOnly(2026, 12, 9)), FillQualityService.Period(null, null, new DateOnly(2026,
            12, 9)));
    }
}
