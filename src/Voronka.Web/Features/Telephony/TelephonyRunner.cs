using Voronka.Core.Data;
using Voronka.Core.Features.Telephony;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Telephony;

/// <summary>Turns the kept telephony events into calls (<see cref="TelephonyInbox"/>): at once when this instance keeps
/// new ones, else every <c>Telephony:ProcessSeconds</c> (5 by default) for those kept by another instance or waiting for
/// a retry; switched off on an instance with <c>Telephony:ProcessEvents=false</c>.</summary>
public sealed class TelephonyRunner : PeriodicJob, IDisposable
{
    private readonly TelephonyInbox _inbox;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public TelephonyRunner(TelephonyInbox inbox, JobLocks locks, IConfiguration config, ILogger<TelephonyRunner> logger)
        : base(locks, config, logger)
    {
        _inbox = inbox;
        TelephonyWebhook.Arrived += Wake;
    }

    protected override string Section => "Telephony";
    protected override string SwitchKey => "ProcessEvents";
    protected override string SecondsKey => "ProcessSeconds";
    protected override double DefaultSeconds => 5;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        int done;
        do
        {
            done = await _inbox.ProcessAsync(ct);
            total += done;
        }
        while (done > 0 && !ct.IsCancellationRequested);
        return total;
    }

    protected override async Task WaitAsync(TimeSpan every, CancellationToken ct) => await _wake.WaitAsync(every, ct);

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the next round takes these events too.
        }
    }

    public override void Dispose()
    {
        TelephonyWebhook.Arrived -= Wake;
        _wake.Dispose();
        base.Dispose();
    }
}
