using Voronka.Core.Data;
using Voronka.Core.Features.Telephony;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Telephony;

/// <summary>Transcribes the stored recordings one at a time (<see cref="Transcripts"/>), looking for the next every
/// <c>Transcription:Seconds</c> (15 by default) once the last is done; switched off on an instance with
/// <c>Transcription:Run=false</c>, and idle while no model is configured.</summary>
public sealed class TranscriptRunner(Transcripts transcripts, JobLocks locks, IConfiguration config, ILogger<TranscriptRunner> logger)
    : PeriodicJob(locks, config, logger)
{
    protected override string Section => "Transcription";
    protected override string SwitchKey => "Run";
    protected override string SecondsKey => "Seconds";
    protected override double DefaultSeconds => 15;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var done = 0;
        while (!ct.IsCancellationRequested && await transcripts.RunNextAsync(ct)) done++;
        return done;
    }
}
