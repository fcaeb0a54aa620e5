using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Bench;

/// <summary>Creates and moves many deals on one organisation day through <see cref="DealsService"/>, as a busy day or an
/// integration would, and compares the time of the first and the last thousand writes of each kind: the kept figures
/// must cost the same however full the day already is.</summary>
public static class DayLoad
{
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;

        // A millisecond a call: 40,000 writes stay inside one day.
        public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond));
    }

    public static async Task<int> RunAsync(IDbContextFactory<VoronkaDbContext> factory, int deals, string? output)
    {
        var seller = await SellerAsync(factory);
        int pipeline, first, second;
        await using (var db = await factory.CreateDbContextAsync())
        {
            pipeline = await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var open = await db.Stages.Where(s => s.PipelineId == pipeline && s.Kind == StageKind.Open).OrderBy(s => s.Position)
                .Select(s => new { s.Id, s.RequiredFields }).ToListAsync();
            (first, second) = (open[0].Id, open.Skip(1).First(s => s.RequiredFields.Count == 0).Id);
        }
        // A day that starts after everything already in the database.
        var day = DateTime.UtcNow.Date.AddDays(1).AddHours(6);
        var clock = new SteppingClock(new DateTimeOffset(day, TimeSpan.Zero));
        var service = new DealsService(factory, clock, new Core.Features.Automations.AutomationRunner(factory, clock));
        var actor = new Actor(seller, UserRole.Manager, null);
        var ids = new List<int>(deals);
        var creates = new List<double>(deals);
        var moves = new List<double>(deals);
        var watch = new Stopwatch();
        // Warmed up first, so that the first thousand measure the writes and not the start.
        for (var i = 0; i < 200; i++)
        {
            var d = await service.CreateAsync(actor,
                new CreateDealRequest($"Warm-up {i + 1}", PipelineId: pipeline, StageId: first, Amount: 1000));
            await service.MoveAsync(actor, d.Id, new MoveDealRequest(second));
        }
        for (var i = 0; i < deals; i++)
        {
            watch.Restart();
            var d = await service.CreateAsync(actor,
                new CreateDealRequest($"Day load {i + 1}", PipelineId: pipeline, StageId: first, Amount: 1000 + i % 97));
            creates.Add(watch.Elapsed.TotalMilliseconds);
            ids.Add(d.Id);
        }
        foreach (var id in ids)
        {
            watch.Restart();
            await service.MoveAsync(actor, id, new MoveDealRequest(second));
            moves.Add(watch.Elapsed.TotalMilliseconds);
        }
        var lines = new List<string>
        {
            $"Day load: {deals:N0} deals created and {deals:N0} moved on one day, after 200 of each to warm up "
                + $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)",
            "",
            "| writes | first 1,000, ms each (mean) | last 1,000, ms each (mean) | last ÷ first |",
            "|---|---:|---:|---:|",
            Row("create", creates),
            Row("move", moves),
        };
        foreach (var l in lines) Console.WriteLine(l);
        if (output is not null) await File.AppendAllLinesAsync(output, lines.Append(""));
        var worst = Math.Max(Ratio(creates), Ratio(moves));
        return worst <= 1.25 ? 0 : 1;
    }

    private static double Mean(IEnumerable<double> xs) => xs.Average();

    private static double Ratio(List<double> xs) => Mean(xs.TakeLast(1000)) / Mean(xs.Take(1000));

    private static string Row(string name, List<double> xs) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Mean(xs.Take(1000)):0.00} | {Mean(xs.TakeLast(1000)):0.00} | {Ratio(xs):0.00} |");

    /// <summary>A manager to own the deals: the first one there is, or one made for the run in an empty database.</summary>
    private static async Task<int> SellerAsync(IDbContextFactory<VoronkaDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var id = await db.Users.Where(u => u.Role == UserRole.Manager && u.IsActive).OrderBy(u => u.Id)
            .Select(u => (int?)u.Id).FirstOrDefaultAsync();
        if (id is int found) return found;
        var person = Loader.Person("dayload", "Day load", UserRole.Manager, null, null, DateTime.UtcNow);
        db.Users.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    }
}
