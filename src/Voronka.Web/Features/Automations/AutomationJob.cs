using Voronka.Core.Data;
using Voronka.Core.Features.Automations;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Automations;

/// <summary>Runs stage automations left behind and the idle rules (<see cref="AutomationRunner.RunRoundAsync"/>) every
/// <c>Automations:Seconds</c> (60 by default); switched off on an instance with <c>Automations:Run=false</c>.</summary>
public sealed class AutomationJob(AutomationRunner runner, JobLocks locks, IConfiguration config, ILogger<AutomationJob> logger)
    : PeriodicJob(locks, config, logger)
{
    protected override string Section => "Automations";
    protected override string SwitchKey => "Run";
    protected override string SecondsKey => "Seconds";
    protected override double DefaultSeconds => 60;
    protected override Task<int> RunOnceAsync(CancellationToken ct) => runner.RunRoundAsync(ct);
}
