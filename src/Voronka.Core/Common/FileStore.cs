using System.Security.Cryptography;

namespace Voronka.Core.Common;

/// <summary>A file as stored: its key in the store, its size and its SHA-256 (lower-case hex).</summary>
public sealed record StoredFile(string Key, long Size, string Sha256);

/// <summary>
/// Files kept by Voronka (call recordings, and later documents) in a directory (<c>Storage:Path</c>, by default
/// <c>data/files</c> beside the database). A file is written under a temporary name and renamed when complete, so a
/// process that dies mid-write leaves no half file under a key; its size and SHA-256 are counted as it is written.
/// </summary>
public sealed class FileStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Writes the stream under a new key in <paramref name="folder"/>; refuses more than <paramref name="maxBytes"/>
    /// (nothing is kept then) and, when the sender said how long it is, a stream that ended early.</summary>
    public async Task<StoredFile> SaveAsync(Stream content, string folder, string extension, long maxBytes, long? expectedLength,
        CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var key = $"{folder}/{now:yyyy}/{now:MM}/{Guid.NewGuid():N}{extension}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        try
        {
            long size = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new FileTooLargeException(maxBytes);
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
                file.Flush(true);
            }
            if (expectedLength is long expected && expected != size)
                throw new IOException($"The file ended after {size} of {expected} bytes.");
            File.Move(temp, path);
            return new StoredFile(key, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Stream Open(string key) => new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, true);

    public bool Exists(string key) => File.Exists(PathOf(key));

    public void Delete(string key)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("The key leaves the store.", nameof(key));
        return path;
    }
}

/// <summary>A file over the size a store takes.</summary>
public sealed class FileTooLargeException(long maxBytes) : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
