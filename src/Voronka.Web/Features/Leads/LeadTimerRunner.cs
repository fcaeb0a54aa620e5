using Voronka.Core.Features.Leads;

namespace Voronka.Web.Features.Leads;

/// <summary>Runs the accept timer (<see cref="LeadTimers"/>) every <c>Leads:TimerSeconds</c> (30 by default); switched
/// off on an instance with <c>Leads:RunTimers=false</c>.</summary>
public sealed class LeadTimerRunner(LeadTimers timers, IConfiguration config, ILogger<LeadTimerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Leads:RunTimers", true)) return;
        var every = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Leads:TimerSeconds", 30.0), 0.1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var moved = await timers.RunAsync(stoppingToken);
                if (moved > 0) logger.LogInformation("Leads not answered in time moved on: {Count}", moved);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a moment (a restart, a migration): the next round tries again.
                logger.LogWarning(e, "The accept timer could not run; it tries again in {Seconds} s.", every.TotalSeconds);
            }
            await Task.Delay(every, stoppingToken);
        }
    }
}
