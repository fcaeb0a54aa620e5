using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NAudio.Wave;
using Voronka.Core.Features.Telephony;
using Voronka.Tests.Infrastructure;
using Voronka.Web.Features.Telephony;

namespace Voronka.Tests.Features.Telephony;

/// <summary>A speech model stand-in: what it "hears" in a recording is set by the recording's length.</summary>
public sealed class FakeTranscriber : ITranscriber
{
    private int _failures;

    /// <summary>The segments said in recordings of each length, in bytes.</summary>
    public Dictionary<long, TranscriptSegment[]> Scripts { get; } = [];

    public string? Unavailable => null;

    public string Model => "fake-model.bin";

    /// <summary>How many of the next recordings fail.</summary>
    public void FailNext(int times) => _failures = times;

    public async Task<TranscriptionResult> TranscribeAsync(Stream audio, string contentType, CancellationToken ct)
    {
        var bytes = new MemoryStream();
        await audio.CopyToAsync(bytes, ct);
        if (_failures > 0)
        {
            _failures--;
            throw new InvalidDataException("The model could not read the audio.");
        }
        return new TranscriptionResult(Scripts.GetValueOrDefault(bytes.Length) ?? [new TranscriptSegment(0, 1, "…")], "ru");
    }
}

/// <summary>A company whose recordings a fake model transcribes when the tests say so (the background round is off).</summary>
public class TranscriptApp : RecordingApp
{
    public FakeTranscriber Transcriber { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Transcription:Run", "false");
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ITranscriber>(Transcriber)));
    }

    public async Task<int> TranscribeAllAsync()
    {
        var transcripts = Services.GetRequiredService<Transcripts>();
        var done = 0;
        while (await transcripts.RunNextAsync(CancellationToken.None)) done++;
        return done;
    }
}

public class TranscriptTests(TranscriptApp app) : IClassFixture<TranscriptApp>
{
    [Fact]
    public async Task A_recording_is_transcribed_shown_to_those_who_may_play_it_and_found_by_its_words_in_any_case()
    {
        var (deal, call) = await app.LoggedCallAsync("Поставка стеллажей");
        var m1 = await app.As("manager1");
        var audio = RecordingApp.Mp3(7_001, 11);
        app.Transcriber.Scripts[audio.Length] =
        [
            new TranscriptSegment(0, 3.5, " Добрый день, это Павел из «Стеллажей»."),
            new TranscriptSegment(3.5, 9, "Давайте обсудим ДОГОВОР поставки и сроки."),
        ];
        var kept = await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(audio, "call.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);
        await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Problem(HttpStatusCode.NotFound);

        Assert.True(await app.TranscribeAllAsync() >= 1);
        var t = await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Expect<TranscriptResponse>();
        Assert.Equal((TranscriptState.Done, "fake-model.bin", "ru"), (t.State, t.Model, t.Language));
        Assert.Equal("Добрый день, это Павел из «Стеллажей». Давайте обсудим "
            + "ДОГОВОР поставки и сроки.", t.Text);
        Assert.Equal([0, 3.5], t.Segments.Select(s => s.Start));
        Assert.Equal("Добрый день, это Павел из «Стеллажей».", t.Segments[0].Text);

        var hits = await m1.GetAsync(
            "/api/v1/transcripts?q=" + Uri.EscapeDataString("договор поставки")).Expect<TranscriptHit[]>();
        var hit = Assert.Single(hits);
        Assert.Equal((kept.Id, (long?)call.Id, (int?)deal.Id, "MANAGER1"), (hit.RecordingId, hit.ActivityId, hit.DealId, hit.UserName));
        Assert.Contains("ДОГОВОР поставки", hit.Snippet);
        Assert.Empty(await m1.GetAsync("/api/v1/transcripts?q=" + Uri.EscapeDataString("скидка")).Expect<TranscriptHit[]>());
        Assert.Single(await (await app.As("director")).GetAsync("/api/v1/transcripts?q=СТЕЛЛАЖ").Expect<TranscriptHit[]>());

        var stranger = await app.As("manager3");
        Assert.Empty(await stranger.GetAsync("/api/v1/transcripts?q=" + Uri.EscapeDataString("договор")).Expect<TranscriptHit[]>());
        await stranger.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Problem(HttpStatusCode.NotFound);
        Assert.Equal(["q"], (await m1.GetAsync("/api/v1/transcripts?q=%D0%B4").Problem(HttpStatusCode.BadRequest)).ErrorFields());

        // A recording uploaded again is transcribed again.
        var second = RecordingApp.Mp3(7_002, 12);
        app.Transcriber.Scripts[second.Length] = [new TranscriptSegment(0, 2, "Перезвоню завтра.")];
        await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(second, "call.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);
        await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Problem(HttpStatusCode.NotFound);
        await app.TranscribeAllAsync();
        var again = await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Expect<TranscriptResponse>();
        Assert.Equal("Перезвоню завтра.", again.Text);
    }

    [Fact]
    public async Task A_recording_the_model_cannot_read_is_tried_three_times_then_shown_as_failed_until_the_director_retries()
    {
        var (_, call) = await app.LoggedCallAsync("Плохая запись");
        var m1 = await app.As("manager1");
        await app.TranscribeAllAsync();
        var kept = await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(RecordingApp.Mp3(6_543, 13), "c.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);
        var director = await app.As("director");
        var before = await director.GetAsync("/api/v1/transcription").Expect<TranscriptionStatus>();
        Assert.Null(before.Unavailable);
        Assert.Equal(1, before.Untouched);

        app.Transcriber.FailNext(3);
        Assert.Equal(1, await app.TranscribeAllAsync());
        var first = await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Expect<TranscriptResponse>();
        Assert.Equal((TranscriptState.Waiting, 1, "The model could not read the audio."), (first.State, first.Attempts, first.LastError));
        Assert.Equal(0, await app.TranscribeAllAsync());
        for (var i = 0; i < 2; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(31));
            await app.TranscribeAllAsync();
        }
        var given = await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Expect<TranscriptResponse>();
        Assert.Equal((TranscriptState.Failed, 3), (given.State, given.Attempts));
        var status = await director.GetAsync("/api/v1/transcription").Expect<TranscriptionStatus>();
        Assert.Equal((0, 0), (status.Untouched, status.Waiting));
        Assert.True(status.Failed >= 1);

        await m1.PostAsync("/api/v1/transcription/retry", null).Problem(HttpStatusCode.Forbidden);
        (await director.PostAsync("/api/v1/transcription/retry", null)).EnsureSuccessStatusCode();
        Assert.True(await app.TranscribeAllAsync() >= 1);
        Assert.Equal(TranscriptState.Done,
            (await m1.GetAsync($"/api/v1/recordings/{kept.Id}/transcript").Expect<TranscriptResponse>()).State);
        Assert.Equal(0, await app.Db(db => db.Set<Transcript>().CountAsync(x => x.State != TranscriptState.Done)));
    }
}

public class SpeechAudioTests
{
    [Fact]
    public void A_stereo_8_kHz_wav_becomes_one_channel_at_16_kHz_of_the_same_length_and_loudness()
    {
        var wav = new MemoryStream();
        var format = new WaveFormat(8000, 16, 2);
        using (var writer = new WaveFileWriter(new IgnoreDispose(wav), format))
            for (var i = 0; i < 8000 * 2; i++)
            {
                var left = (short)(Math.Sin(2 * Math.PI * 440 * i / 8000.0) * 16000);
                writer.WriteSample(left / 32768f);
                writer.WriteSample(0f);
            }
        wav.Position = 0;

        var samples = SpeechAudio.ToMono16k(wav, "audio/wav");

        Assert.InRange(samples.Length, 31_500, 32_500);
        var peak = samples.Skip(1000).Take(16_000).Max(Math.Abs);
        Assert.InRange(peak, 0.2f, 0.3f); // the left channel at ~0.49, mixed half and half with silence
    }

    [Fact]
    public void A_format_without_a_managed_decoder_is_refused_with_the_reason()
    {
        var e = Assert.Throws<NotSupportedException>(() => SpeechAudio.ToMono16k(new MemoryStream([1, 2, 3]), "audio/ogg"));
        Assert.Contains("MP3 and WAV", e.Message);
    }

    [Fact]
    public void Without_a_model_file_the_transcriber_says_what_to_configure()
    {
        var none = new WhisperTranscriber(new ConfigurationBuilder().Build());
        Assert.Contains("Transcription:ModelPath", none.Unavailable);
        var missing = new WhisperTranscriber(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Transcription:ModelPath"] = "/nowhere/ggml-base.bin" }).Build());
        Assert.Equal(("The speech-to-text model file /nowhere/ggml-base.bin is not found.", "ggml-base.bin"),
            (missing.Unavailable, missing.Model));
    }

    [Fact]
    public async Task A_file_that_is_not_a_whisper_model_fails_the_job_with_the_model_s_error_not_the_process()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, new byte[4096]);
        try
        {
            var whisper = new WhisperTranscriber(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Transcription:ModelPath"] = path }).Build());
            Assert.Null(whisper.Unavailable);
            var wav = new MemoryStream();
            using (var writer = new WaveFileWriter(new IgnoreDispose(wav), new WaveFormat(16000, 16, 1)))
                for (var i = 0; i < 16000; i++) writer.WriteSample(0f);
            wav.Position = 0;
            await Assert.ThrowsAsync<Whisper.net.WhisperModelLoadException>(() => whisper.TranscribeAsync(wav, "audio/wav", default));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class IgnoreDispose(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
