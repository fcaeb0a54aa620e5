using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Demo;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Tests.Features.Demo;

public class DemoSnapshotsTests
{
    private static readonly Stage Lead = new() { Id = 1, PipelineId = 1, Name = "Лид", Position = 0, Kind = StageKind.Open,
        Probability = 10 };
    private static readonly Stage Offer = new() { Id = 2, PipelineId = 1, Name = "КП", Position = 1, Kind = StageKind.Open,
        Probability = 60 };
    private static readonly Stage Won = new() { Id = 3, PipelineId = 1, Name = "Успешно", Position = 2, Kind = StageKind.Won,
        Probability = 100 };

    private static Deal DealOf(int owner, long amount, params (Stage Stage, int Day)[] moves)
    {
        var deal = new Deal { OwnerId = owner, AmountMinor = amount, CreatedAt = new DateTime(2026, 11, moves[0].Day, 9, 0, 0,
            DateTimeKind.Utc) };
        foreach (var (stage, day) in moves) deal.EnterStage(stage, owner, new DateTime(2026, 11, day, 9, 0, 0, DateTimeKind.Utc));
        return deal;
    }

    [Fact]
    public void A_morning_counts_each_deal_in_the_open_stage_it_stood_in_then()
    {
        // A: lead on the 2nd, offer on the 4th, won on the 6th. B: lead on the 3rd. C: created on the 5th.
        var deals = new[]
        {
            DealOf(7, 100_00, (Lead, 2), (Offer, 4), (Won, 6)),
            DealOf(7, 50_00, (Lead, 3)),
            DealOf(8, 30_00, (Lead, 5)),
        };
        var mornings = new[] { 3, 5, 7 }.Select(d => (new DateOnly(2026, 11, d), new DateTime(2026, 11, d, 3, 0, 0, DateTimeKind.Utc)));
        var days = DemoSnapshots.Backfill(deals, [Lead, Offer, Won], mornings);

        Assert.Equal(3, days.Count);
        // The 3rd at 03:00: only A, in the lead stage (B comes at 09:00).
        var third = Assert.Single(days[0].Rows);
        Assert.Equal((7, 1, 1, 100_00L, 10_00L), (third.OwnerId, third.StageId, third.Deals, third.AmountMinor, third.WeightedMinor));
        // The 5th: A at the offer (60 % of 100), B in the lead stage; C not created yet.
        Assert.Equal([(7, 1, 1, 50_00L), (7, 2, 1, 100_00L)],
            days[1].Rows.OrderBy(r => r.StageId).Select(r => (r.OwnerId, r.StageId, r.Deals, r.AmountMinor)));
        Assert.Equal(60_00L, days[1].Rows.Single(r => r.StageId == 2).WeightedMinor);
        // The 7th: A is won and gone; B and C in the lead stage, each under its owner.
        Assert.Equal([(7, 1), (8, 1)], days[2].Rows.OrderBy(r => r.OwnerId).Select(r => (r.OwnerId, r.Deals)));
    }
}
