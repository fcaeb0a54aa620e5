using Voronka.Core.Features.Telephony;
using Whisper.net;

namespace Voronka.Web.Features.Telephony;

/// <summary>
/// Speech to text with Whisper.net on the CPU, from the model file the administrator names in <c>Transcription:ModelPath</c>
/// (a ggml Whisper model; none ships with Voronka). <c>Transcription:Language</c> is <c>auto</c> (detected per recording) or a
/// code such as <c>ru</c>; <c>Transcription:Threads</c> defaults to half the processor cores.
/// </summary>
public sealed class WhisperTranscriber(IConfiguration config) : ITranscriber, IDisposable
{
    private readonly string? _path = config["Transcription:ModelPath"] is { Length: > 0 } p ? p : null;
    private readonly string _language = config["Transcription:Language"] is { Length: > 0 } l ? l : "auto";
    private readonly int _threads = Math.Max(1, config.GetValue("Transcription:Threads", Environment.ProcessorCount / 2));
    private WhisperFactory? _factory;

    public string? Unavailable => _path is null
        ? "No speech-to-text model is configured: set Transcription:ModelPath to a Whisper model file (ggml)."
        : !File.Exists(_path) ? $"The speech-to-text model file {_path} is not found." : null;

    public string Model => _path is null ? "" : Path.GetFileName(_path);

    public async Task<TranscriptionResult> TranscribeAsync(Stream audio, string contentType, CancellationToken ct)
    {
        var samples = await Task.Run(() => SpeechAudio.ToMono16k(audio, contentType), ct);
        _factory ??= WhisperFactory.FromPath(_path ?? throw new InvalidOperationException(Unavailable));
        var builder = _factory.CreateBuilder().WithThreads(_threads);
        builder = _language == "auto" ? builder.WithLanguageDetection() : builder.WithLanguage(_language);
        await using var processor = builder.Build();
        var segments = new List<TranscriptSegment>();
        string? language = null;
        await foreach (var s in processor.ProcessAsync(samples, ct))
        {
            segments.Add(new TranscriptSegment(Math.Round(s.Start.TotalSeconds, 2), Math.Round(s.End.TotalSeconds, 2), s.Text));
            language ??= s.Language;
        }
        return new TranscriptionResult(segments, language);
    }

    public void Dispose() => _factory?.Dispose();
}
