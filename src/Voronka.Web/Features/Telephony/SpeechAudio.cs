using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using NLayer;

namespace Voronka.Web.Features.Telephony;

/// <summary>
/// Turns a recording into what speech models take: one channel of 16 kHz samples. WAV is read with NAudio, MP3 decoded with
/// NLayer (both managed, so no codec has to be installed), two channels mixed, and the rate changed with NAudio's resampler.
/// </summary>
public static class SpeechAudio
{
    public const int Rate = 16_000;

    /// <summary>The longest recording transcribed: three hours.</summary>
    public const int MaxSeconds = 3 * 60 * 60;

    public static float[] ToMono16k(Stream audio, string contentType)
    {
        using var source = Open(audio, contentType);
        ISampleProvider samples = source.Provider;
        samples = samples.WaveFormat.Channels switch
        {
            1 => samples,
            2 => samples.ToMono(0.5f, 0.5f),
            var n => throw new NotSupportedException($"A recording with {n} channels is not transcribed."),
        };
        if (samples.WaveFormat.SampleRate != Rate) samples = new WdlResamplingSampleProvider(samples, Rate);
        var all = new List<float>(Rate * 60);
        var buffer = new float[Rate];
        int read;
        while ((read = samples.Read(buffer)) > 0)
        {
            if (all.Count + read > Rate * MaxSeconds)
                throw new NotSupportedException($"A recording longer than {MaxSeconds / 3600} hours is not transcribed.");
            all.AddRange(buffer.AsSpan(0, read));
        }
        return [.. all];
    }

    private static Source Open(Stream audio, string contentType) => contentType switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" => Source.Wave(new WaveFileReader(audio)),
        "audio/mpeg" or "audio/mp3" => Source.Mpeg(new MpegFile(audio)),
        _ => throw new NotSupportedException($"Recordings of type {contentType} are not transcribed; MP3 and WAV are."),
    };

    private sealed class Source(ISampleProvider provider, IDisposable owner) : IDisposable
    {
        public ISampleProvider Provider => provider;

        public static Source Wave(WaveFileReader reader) => new(reader.ToSampleProvider(), reader);

        public static Source Mpeg(MpegFile file)
        {
            var provider = new MpegSamples(file);
            return new Source(provider, file);
        }

        public void Dispose() => owner.Dispose();
    }

    /// <summary>NLayer's decoded MP3 as NAudio's sample provider.</summary>
    private sealed class MpegSamples(MpegFile file) : ISampleProvider
    {
        private float[] _buffer = [];

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(file.SampleRate, file.Channels);

        public int Read(Span<float> into)
        {
            if (_buffer.Length < into.Length) _buffer = new float[into.Length];
            var read = file.ReadSamples(_buffer, 0, into.Length);
            _buffer.AsSpan(0, read).CopyTo(into);
            return read;
        }
    }
}
