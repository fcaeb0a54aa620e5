using Voronka.Bench;

namespace Voronka.Tests.Bench;

/// <summary>The large data set the benchmark runs on: exact sizes, histories that hold together, the same rows for the same seed.</summary>
public class BulkScenarioTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);

    private static BulkInputs Inputs() => new(Now, 12,
        [new BulkSeller(1, [2]), new BulkSeller(2, [1]), new BulkSeller(3, [])],
        [new BulkCompany(10, 100, 5), new BulkCompany(11, 101, 6)],
        [new BulkProduct(20, 1_000_00), new BulkProduct(21, 25_000_00)],
        PipelineId: 1, OpenStages: [31, 32, 33, 34, 35], WonStage: 36, LostStage: 37, LossReasons: [40, 41]);

    private static List<Batch> Make(int deals, long activities, int seed) => BulkScenario.Generate(Inputs(), deals, activities, seed, batchSize: 300).ToList();

    [Theory]
    [InlineData(1000, 10_000)]
    [InlineData(999, 12_345)]
    [InlineData(50, 7)]
    public void Makes_exactly_the_deals_and_activities_asked_for(int deals, long activities)
    {
        var batches = Make(deals, activities, 1);
        Assert.Equal(deals, batches.Sum(b => b.Deals.Count));
        Assert.Equal(activities, batches.Sum(b => (long)b.Activities.Count));
        Assert.Equal(Enumerable.Range(1, deals), batches.SelectMany(b => b.Deals).Select(d => d.Id));
        Assert.All(batches.Take(batches.Count - 1), b => Assert.Equal(300, b.Deals.Count));
    }

    [Fact]
    public void Every_history_walks_the_stages_in_order_and_ends_where_the_deal_stands()
    {
        var batches = Make(2000, 20_000, 7);
        var input = Inputs();
        var changes = batches.SelectMany(b => b.Changes).ToLookup(c => c.DealId);
        var lines = batches.SelectMany(b => b.Lines).ToLookup(l => l.DealId);
        var acts = batches.SelectMany(b => b.Activities).ToLookup(a => a.DealId);
        var outcomes = new Dictionary<int, int>();
        foreach (var d in batches.SelectMany(b => b.Deals))
        {
            var h = changes[d.Id].ToList();
            Assert.Null(h[0].FromStageId);
            Assert.Equal(input.OpenStages[0], h[0].ToStageId);
            Assert.Equal(d.CreatedAt, h[0].ChangedAt);
            for (var i = 1; i < h.Count; i++)
            {
                Assert.Equal(h[i - 1].ToStageId, h[i].FromStageId);
                Assert.True(h[i].ChangedAt >= h[i - 1].ChangedAt);
                Assert.Equal((long)(h[i].ChangedAt - h[i - 1].ChangedAt).TotalSeconds, h[i].SecondsInFromStage);
                // Forward one stage at a time, or out to lost.
                var from = input.OpenStages.ToList().IndexOf(h[i].FromStageId!.Value);
                Assert.True(h[i].ToStageId == input.LostStage || h[i].ToStageId == (from + 1 < 5 ? input.OpenStages[from + 1] : input.WonStage));
            }
            Assert.Equal(h[^1].ToStageId, d.StageId);
            Assert.Equal(h[^1].ChangedAt, d.StageEnteredAt);
            var closed = d.StageId == input.WonStage || d.StageId == input.LostStage;
            Assert.Equal(closed ? h[^1].ChangedAt : null, d.ClosedAt);
            Assert.Equal(d.StageId == input.LostStage, d.LossReasonId is not null);
            Assert.True(d.CreatedAt >= Now.AddMonths(-12) && d.StageEnteredAt <= Now);
            Assert.Equal(lines[d.Id].Sum(l => l.TotalMinor), d.AmountMinor);
            Assert.All(acts[d.Id], a => Assert.InRange(a.OccurredAt, d.CreatedAt, d.ClosedAt ?? Now));
            outcomes[d.StageId] = outcomes.GetValueOrDefault(d.StageId) + 1;
        }
        // All three outcomes occur: won, lost and still open.
        Assert.True(outcomes.GetValueOrDefault(input.WonStage) > 0 && outcomes.GetValueOrDefault(input.LostStage) > 0);
        Assert.True(outcomes.Where(o => input.OpenStages.Contains(o.Key)).Sum(o => o.Value) > 0);
        Assert.All(batches.SelectMany(b => b.Tasks), t => Assert.Null(batches.SelectMany(b => b.Deals).Single(d => d.Id == t.DealId).ClosedAt));
    }

    [Fact]
    public void The_same_seed_gives_the_same_rows_and_another_seed_others()
    {
        var a = Make(300, 3000, 5).SelectMany(b => b.Activities).ToList();
        var b = Make(300, 3000, 5).SelectMany(x => x.Activities).ToList();
        var c = Make(300, 3000, 6).SelectMany(x => x.Activities).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
