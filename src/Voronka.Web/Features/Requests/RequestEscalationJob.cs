using Voronka.Core.Data;
using Voronka.Core.Features.Requests;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Requests;

/// <summary>Hands requests of absent assistants to their deputies and climbs the escalation ladders
/// (<see cref="RequestEscalation"/>) every <c>Requests:Seconds</c> (60 by default); off with <c>Requests:Run=false</c>.</summary>
public sealed class RequestEscalationJob(RequestEscalation escalation, JobLocks locks, IConfiguration config,
    ILogger<RequestEscalationJob> logger)
    : PeriodicJob(locks, config, logger)
{
    protected override string Section => "Requests";
    protected override string SwitchKey => "Run";
    protected override string SecondsKey => "Seconds";
    protected override double DefaultSeconds => 60;
    protected override Task<int> RunOnceAsync(CancellationToken ct) => escalation.RunAsync(ct);
}
