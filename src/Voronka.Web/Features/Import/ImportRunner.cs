using Voronka.Core.Features.Import;

namespace Voronka.Web.Features.Import;

/// <summary>Runs the imports' queued steps (dry run, commit, rollback) in the background, one after another; looks for
/// new ones every <c>Import:PollSeconds</c> (2 by default) when there is nothing to do. <c>Import:RunSteps=false</c> leaves
/// the steps to the other instances.</summary>
public sealed class ImportRunner(ImportSteps steps, IConfiguration config, ILogger<ImportRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Import:RunSteps", true)) return;
        var idle = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Import:PollSeconds", 2.0), 0.05, 60));
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                ran = await steps.RunNextAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may not be there yet (first run, a migration): look again in a while.
                logger.LogWarning(e, "The import queue could not be read.");
            }
            if (!ran) await Task.Delay(idle, stoppingToken);
        }
    }
}
