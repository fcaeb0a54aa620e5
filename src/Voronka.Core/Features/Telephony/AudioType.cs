namespace Voronka.Core.Features.Telephony;

/// <summary>What a recording is, read from its first bytes rather than from its name or the sender's word: MP3, WAV,
/// OGG, M4A (MP4 audio) or WebM.</summary>
public static class AudioType
{
    /// <summary>How many first bytes <see cref="Sniff"/> needs.</summary>
    public const int HeaderBytes = 12;

    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') return ("audio/mpeg", ".mp3");
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) return ("audio/mpeg", ".mp3");
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8)) return ("audio/wav", ".wav");
        if (head.Length >= 4 && head[..4].SequenceEqual("OggS"u8)) return ("audio/ogg", ".ogg");
        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8)) return ("audio/mp4", ".m4a");
        if (head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3) return ("audio/webm", ".webm");
        return null;
    }

    /// <summary>Reads the first bytes of <paramref name="content"/> and gives them back in front of the rest.</summary>
    public static async Task<(byte[] Head, Stream Whole)> PeekAsync(Stream content, CancellationToken ct, int length = HeaderBytes)
    {
        var head = new byte[length];
        var read = 0;
        while (read < head.Length)
        {
            var n = await content.ReadAsync(head.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        Array.Resize(ref head, read);
        return (head, new PrefixedStream(head, content));
    }

    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _at;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_at < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _at);
                prefix.AsMemory(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }
            return await rest.ReadAsync(buffer, ct);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
