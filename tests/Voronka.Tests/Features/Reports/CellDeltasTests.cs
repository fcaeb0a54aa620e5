using Microsoft.EntityFrameworkCore;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Reports;

/// <summary>The kept cells' differences are sent together, in as few round trips as the parameters allow; more cells
/// than one round trip takes are all added, and cells that come to nothing go.</summary>
public class CellDeltasTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task More_cells_than_one_round_trip_takes_are_all_added_and_emptied_cells_go()
    {
        // A pipeline no real deal is in, so the fixture's own cells stay as they are.
        const int pipeline = 987_654;
        var first = new DateOnly(2026, 1, 1);
        // Seven values a cell (five of the key, the count and the sum): 3,000 cells are more than one round trip's 20,000.
        var cells = Enumerable.Range(0, 3_000)
            .Select(i => ((Pipeline: pipeline, View: FunnelView.Flow, Day: first.AddDays(i / 30), Stage: i % 30, Length: i % 7),
                Count: 1 + i % 3, Sum: 100L * i))
            .ToList();
        await app.Db(async db =>
        {
            await new CellDeltas(db)
                .Add(typeof(StayDay), cells, k => [k.Pipeline, k.View, k.Day, k.Stage, k.Length], nameof(StayDay.Seconds))
                .SendAsync(CancellationToken.None);
            return 0;
        });
        var kept = await app.Db(db => db.Set<StayDay>().Where(s => s.PipelineId == pipeline)
            .GroupBy(_ => 1).Select(g => new { Rows = g.Count(), Count = g.Sum(s => s.Count), Seconds = g.Sum(s => s.Seconds) })
            .SingleAsync());
        Assert.Equal(3_000, kept.Rows);
        Assert.Equal(cells.Sum(c => c.Count), kept.Count);
        Assert.Equal(cells.Sum(c => c.Sum), kept.Seconds);

        // Every cell but the first taken back to nothing: they go; the first is added to once more.
        var back = cells.Skip(1).Select(c => (c.Item1, -c.Count, -c.Sum)).Prepend((cells[0].Item1, 2, 5L)).ToList();
        await app.Db(async db =>
        {
            await new CellDeltas(db)
                .Add(typeof(StayDay), back, k => [k.Pipeline, k.View, k.Day, k.Stage, k.Length], nameof(StayDay.Seconds))
                .SendAsync(CancellationToken.None);
            return 0;
        });
        var left = await app.Db(db => db.Set<StayDay>().Where(s => s.PipelineId == pipeline).ToListAsync());
        var only = Assert.Single(left);
        Assert.Equal((first, 0, 0, cells[0].Count + 2, 5L), (only.Day, only.StageId, only.Length, only.Count, only.Seconds));
        await app.Db(db => db.Set<StayDay>().Where(s => s.PipelineId == pipeline).ExecuteDeleteAsync());
    }
}
