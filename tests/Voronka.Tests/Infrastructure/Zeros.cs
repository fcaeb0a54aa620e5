using System.Net;

namespace Voronka.Tests.Infrastructure;

/// <summary>A request body of zero bytes of a given length, written a megabyte at a time (never held whole in memory).</summary>
public sealed class Zeros(long length, byte[]? head = null) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[1024 * 1024];
        head?.CopyTo(chunk, 0);
        for (long sent = 0; sent < length; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
            if (sent == 0 && head is not null) Array.Clear(chunk);
        }
    }

    protected override bool TryComputeLength(out long size)
    {
        size = length;
        return true;
    }
}
