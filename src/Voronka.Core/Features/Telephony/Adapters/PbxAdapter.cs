using System.Security.Cryptography;
using System.Text;

namespace Voronka.Core.Features.Telephony.Adapters;

/// <summary>A webhook request as it came: the path after <c>/events</c> (Mango Office posts to <c>/events/call</c>, …),
/// the body's bytes (what signatures are made over), the query, the headers and, for a form post, its fields.</summary>
public sealed record PbxRequest(
    string Method,
    string Path,
    byte[] Body,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Form)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A field of the form, else of the query.</summary>
    public string? Field(string name) => Form.TryGetValue(name, out var v) ? v : Query.TryGetValue(name, out var q) ? q : null;
}

/// <summary>What a webhook request means: the call events it carries, and what the PBX expects back when it asks
/// something (an echo of a check, the client of a number).</summary>
public sealed record PbxMessage(IReadOnlyList<CallEvent> Events, string? Echo = null, string? LookupPhone = null);

/// <summary>Turns one PBX's native webhooks into canonical <see cref="CallEvent"/>s and checks that they come from it.</summary>
public interface IPbxAdapter
{
    bool Authentic(TelephonyIntegration integration, PbxRequest request);

    /// <summary>Reads the request; times without a zone are read in <paramref name="zone"/>, the organisation's.</summary>
    PbxMessage Read(PbxRequest request, TimeZoneInfo zone);

    /// <summary>The answer to a lookup of a number (<see cref="PbxMessage.LookupPhone"/>), in the PBX's form.</summary>
    object? LookupReply(string? clientName, string? ownerExtension) => null;

    /// <summary>The body of the answer to a webhook the PBX posted.</summary>
    object? Reply => null;

    /// <summary>The request that asks the PBX to ring <paramref name="extension"/> and then connect it to
    /// <paramref name="phone"/> (E.164).</summary>
    HttpRequestMessage Dial(TelephonyIntegration integration, string extension, string phone, string requestId);
}

/// <summary>Where a PBX's API lives when the integration names no address of its own (a test's fake PBX does).</summary>
public static class PbxApi
{
    public static string Base(TelephonyIntegration i, string standard) =>
        (i.CallbackUrl is { Length: > 0 } url ? url : standard).TrimEnd('/');
}

public static class PbxAdapters
{
    public static IPbxAdapter For(PbxKind kind) => kind switch
    {
        PbxKind.Zadarma => new ZadarmaAdapter(),
        PbxKind.MegaFon => new MegaFonAdapter(),
        PbxKind.Mango => new MangoAdapter(),
        _ => new GenericAdapter(),
    };

    /// <summary>Compares two strings in a time that does not depend on where they differ.</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>Reads a number of seconds since 1970 as UTC.</summary>
    public static DateTimeOffset? Unix(long? seconds) => seconds is > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : null;

    public static string HmacSha256Hex(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>An event id for a PBX that gives none: the same native event gives the same id.</summary>
    public static string EventId(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))))[..40];
}
