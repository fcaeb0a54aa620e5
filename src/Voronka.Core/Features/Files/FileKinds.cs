using System.Text;

namespace Voronka.Core.Features.Files;

/// <summary>A kind of file Voronka keeps: its content type and the name endings it may carry.</summary>
public sealed record FileKind(string ContentType, params string[] Extensions);

/// <summary>
/// What a file is, told from its first bytes and checked against its name: PDF, images, office documents, ZIP, plain text
/// and CSV, audio and MP4 video. Anything else — HTML, SVG, scripts, programs — is refused, and so is a file whose content is not
/// what its name says (a script named <c>photo.png</c>).
/// </summary>
public static class FileKinds
{
    public const int MaxName = 200;

    public const string Allowed = "must be a PDF, an image (PNG, JPEG, GIF, WebP), an office document, a ZIP archive, a text or "
        + "CSV file, an audio recording or an MP4 video.";

    private static readonly FileKind Pdf = new("application/pdf", ".pdf");
    private static readonly FileKind Png = new("image/png", ".png");
    private static readonly FileKind Jpeg = new("image/jpeg", ".jpg", ".jpeg");
    private static readonly FileKind Gif = new("image/gif", ".gif");
    private static readonly FileKind Webp = new("image/webp", ".webp");
    private static readonly FileKind Mp4Video = new("video/mp4", ".mp4", ".m4v", ".mov");
    private static readonly FileKind Text = new("text/plain", ".txt", ".csv", ".md", ".log");

    private static readonly FileKind[] Zipped =
    [
        new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
        new("application/vnd.oasis.opendocument.text", ".odt"),
        new("application/vnd.oasis.opendocument.spreadsheet", ".ods"),
        new("application/zip", ".zip"),
    ];

    private static readonly FileKind[] Compound =
    [
        new("application/msword", ".doc"), new("application/vnd.ms-excel", ".xls"), new("application/vnd.ms-powerpoint", ".ppt"),
    ];

    /// <summary>How many first bytes <see cref="Of"/> needs.</summary>
    public const int HeadLength = 4096;

    /// <summary>The kind of a file from its first bytes and its name, or the reason it is refused.</summary>
    public static (FileKind? Kind, string? Refusal) Of(ReadOnlySpan<byte> head, string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var candidates = Candidates(head);
        if (candidates.Count == 0) return (null, Allowed);
        var kind = candidates.FirstOrDefault(k => k.Extensions.Contains(ext));
        return kind is null
            ? (null, $"holds {Describe(candidates[0])}, which a name ending in '{(ext.Length > 0 ? ext : "(none)")}' does not say.")
            : (kind, null);
    }

    private static string Describe(FileKind k) => k.Extensions[0].TrimStart('.').ToUpperInvariant() + " content";

    private static List<FileKind> Candidates(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith("%PDF-"u8)) return [Pdf];
        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return [Png];
        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return [Jpeg];
        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8)) return [Gif];
        if (h.Length >= 12 && h[..4].SequenceEqual("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return [Webp];
        if (h.StartsWith("PK\u0003\u0004"u8)) return [.. Zipped];
        if (h.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) return [.. Compound];
        if (h.Length >= 8 && h[4..8].SequenceEqual("ftyp"u8)) return [Mp4Video, new FileKind("audio/mp4", ".m4a")];
        if (Telephony.AudioType.Sniff(h) is var (type, extension)) return [new FileKind(type, extension)];
        return IsPlainText(h) ? [Text] : [];
    }

    /// <summary>UTF-8 (or a single-byte Cyrillic encoding) without control bytes, and not markup a browser would run.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> h)
    {
        if (h.Length == 0) return false;
        foreach (var b in h)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D)) return false;
        var start = h.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? h[3..] : h;
        var text = Encoding.UTF8.GetString(start[..Math.Min(start.Length, 512)]).TrimStart();
        return !text.StartsWith('<') && !text.StartsWith("#!", StringComparison.Ordinal);
    }

    /// <summary>The name kept: no folders, no control characters, at most <see cref="MaxName"/> characters.</summary>
    public static string CleanName(string? name)
    {
        var clean = new string(Path.GetFileName(name ?? "").Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray())
            .Trim();
        if (clean.Length == 0) clean = "file";
        if (clean.Length <= MaxName) return clean;
        var ext = Path.GetExtension(clean);
        return clean[..(MaxName - ext.Length)] + ext;
    }
}
