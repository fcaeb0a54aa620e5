namespace Voronka.Core.Features.Telephony;

/// <summary>Where a recording's transcript stands: being made, waiting to be tried again, done, or given up.</summary>
public enum TranscriptState
{
    Working,
    Waiting,
    Done,
    Failed,
}

/// <summary>
/// The text of a stored recording, made in the background by the configured <see cref="ITranscriber"/> one recording at a
/// time; one per recording, deleted with it.
/// </summary>
public class Transcript
{
    public long Id { get; set; }
    public long RecordingId { get; set; }
    public TranscriptState State { get; set; }
    /// <summary>The model that made it (its file name).</summary>
    public string? Model { get; set; }
    public string? Language { get; set; }
    public string? Text { get; set; }
    /// <summary>The text in lower case, which the search compares (SQLite's LIKE folds only Latin letters).</summary>
    public string? SearchText { get; set; }
    /// <summary>The timed segments as JSON: <c>[{"start":0.0,"end":4.2,"text":"…"}]</c>.</summary>
    public string? Segments { get; set; }
    public int Attempts { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DoneAt { get; set; }
}

/// <summary>A stretch of speech: seconds from the start of the recording, and what was said.</summary>
public sealed record TranscriptSegment(double Start, double End, string Text);

/// <summary>What a speech-to-text engine made of a recording.</summary>
public sealed record TranscriptionResult(IReadOnlyList<TranscriptSegment> Segments, string? Language);

/// <summary>
/// Turns a recording into text. Voronka ships no speech model: the web host's Whisper transcriber works once the administrator
/// points <c>Transcription:ModelPath</c> at a model file; until then <see cref="Unavailable"/> says why nothing is transcribed.
/// </summary>
public interface ITranscriber
{
    /// <summary>Why recordings are not transcribed, or null when they are.</summary>
    string? Unavailable { get; }

    /// <summary>The model's name, kept beside each transcript.</summary>
    string Model { get; }

    Task<TranscriptionResult> TranscribeAsync(Stream audio, string contentType, CancellationToken ct);
}

/// <summary>The transcriber of a host that has none.</summary>
public sealed class NoTranscriber : ITranscriber
{
    public string? Unavailable => "No speech-to-text model is configured.";

    public string Model => "";

    public Task<TranscriptionResult> TranscribeAsync(Stream audio, string contentType, CancellationToken ct) =>
        throw new InvalidOperationException(Unavailable);
}
