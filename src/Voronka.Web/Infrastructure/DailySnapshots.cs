using Voronka.Core.Common;
using Voronka.Core.Data;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Features.FillQuality;
using Voronka.Core.Features.Reports;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// Takes the daily funnel snapshot every morning at <c>Reports:DailySnapshotHour</c> (6 by default) in the
/// organisation's time zone, and at start when the morning has passed without one (the app was down); with it the fill
/// counts of the day, and on the week's first such morning the fill-quality digest. With several instances one takes
/// them (<see cref="JobLocks"/>); the others look again in a minute and find them taken. Switched off with
/// <c>Reports:DailySnapshots=false</c>.
/// </summary>
public sealed class DailySnapshots(SnapshotsService snapshots, FillQualityService fill, FillDigest digest,
    IDbContextFactory<VoronkaDbContext> dbFactory, JobLocks locks, IConfiguration config, TimeProvider clock,
        ILogger<DailySnapshots> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Reports:DailySnapshots", true)) return;
        var hour = Math.Clamp(config.GetValue("Reports:DailySnapshotHour", 6), 0, 23);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                TimeZoneInfo zone;
                await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken)) zone = await OrgTime.ZoneAsync(db,
                    stoppingToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
                if (local.Hour >= hour)
                {
                    await using var held = await locks.TryTakeAsync(nameof(DailySnapshots), stoppingToken);
                    if (held is null)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
                        continue;
                    }
                    await snapshots.TakeAsync(stoppingToken);
                    await fill.TakeSnapshotAsync(stoppingToken);
                    await digest.SendAsync(stoppingToken);
                }
                var next = OrgTime.StartOfDayUtc(DateOnly.FromDateTime(local).AddDays(local.Hour >= hour ? 1 : 0), zone).AddHours(hour);
                wait = next - now;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may not be there yet (first run, a migration): try again in a while.
                logger.LogWarning(e, "The daily funnel snapshot could not be taken; retrying in 5 minutes.");
                wait = TimeSpan.FromMinutes(5);
            }
            await Task.Delay(wait < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait, clock, stoppingToken);
        }
    }
}
