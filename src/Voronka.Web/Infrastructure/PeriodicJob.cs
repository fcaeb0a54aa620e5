using Voronka.Core.Data;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// A background job that runs a round every few seconds (<c>{Section}:{SecondsKey}</c>) on every instance that has it
/// switched on (<c>{Section}:{SwitchKey}</c>, on by default); a round that fails (the database away for a moment, a
/// mail server down) is logged and the next round tries again. With several instances on one database a round runs on
/// one of them at a time (<see cref="JobLocks"/>); each round still claims its work with a conditional update.
/// </summary>
public abstract class PeriodicJob(JobLocks locks, IConfiguration config, ILogger logger) : BackgroundService
{
    protected abstract string Section { get; }
    protected abstract string SwitchKey { get; }
    protected abstract string SecondsKey { get; }
    protected abstract double DefaultSeconds { get; }

    /// <summary>One round; returns how many things it did, for the log.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue($"{Section}:{SwitchKey}", true)) return;
        var every = TimeSpan.FromSeconds(Math.Clamp(config.GetValue($"{Section}:{SecondsKey}", DefaultSeconds), 0.1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = await RunLockedAsync(stoppingToken);
                if (done > 0) logger.LogInformation("{Job}: {Count} done", GetType().Name, done);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Job} could not run; it tries again in {Seconds} s.", GetType().Name, every.TotalSeconds);
            }
            await WaitAsync(every, stoppingToken);
        }
    }

    /// <summary>A round, when no other instance is in one of this job now; else nothing, until the next round.</summary>
    internal async Task<int> RunLockedAsync(CancellationToken ct)
    {
        await using var held = await locks.TryTakeAsync(GetType().Name, ct);
        return held is null ? 0 : await RunOnceAsync(ct);
    }

    /// <summary>The pause between rounds; a job woken by new work may end it early.</summary>
    protected virtual Task WaitAsync(TimeSpan every, CancellationToken ct) => Task.Delay(every, ct);
}
