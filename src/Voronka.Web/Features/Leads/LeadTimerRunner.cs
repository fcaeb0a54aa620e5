using Voronka.Core.Data;
using Voronka.Core.Features.Leads;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Leads;

/// <summary>Runs the accept timer (<see cref="LeadTimers"/>) every <c>Leads:TimerSeconds</c> (30 by default); switched
/// off on an instance with <c>Leads:RunTimers=false</c>.</summary>
public sealed class LeadTimerRunner(LeadTimers timers, JobLocks locks, IConfiguration config, ILogger<LeadTimerRunner> logger)
    : PeriodicJob(locks, config, logger)
{
    protected override string Section => "Leads";
    protected override string SwitchKey => "RunTimers";
    protected override string SecondsKey => "TimerSeconds";
    protected override double DefaultSeconds => 30;
    protected override Task<int> RunOnceAsync(CancellationToken ct) => timers.RunAsync(ct);
}
