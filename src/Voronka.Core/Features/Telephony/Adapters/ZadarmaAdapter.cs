using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Voronka.Core.Features.Telephony.Adapters;

/// <summary>
/// Zadarma's (and Novofon's) call notifications: a form with <c>event</c> = NOTIFY_START, NOTIFY_INTERNAL, NOTIFY_ANSWER,
/// NOTIFY_END, NOTIFY_OUT_START, NOTIFY_OUT_END or NOTIFY_RECORD, signed in the <c>Signature</c> header with
/// base64(hex(HMAC-SHA1(API secret, the event's fields))). The URL check (<c>GET ?zd_echo=</c>) is echoed. Times
/// (<c>call_start</c>) are the account's local time, read in the organisation's time zone. The recording is fetched
/// later through the API (<c>/v1/pbx/record/request/</c>) with the integration's key.
/// </summary>
public sealed class ZadarmaAdapter : IPbxAdapter
{
    public const string RecordApi = "https://api.zadarma.com/v1/pbx/record/request/";

    public bool Authentic(TelephonyIntegration integration, PbxRequest request)
    {
        if (request.Query.ContainsKey("zd_echo") && request.Form.Count == 0) return true;
        var f = request.Field;
        var signed = f("event") switch
        {
            "NOTIFY_ANSWER" => f("caller_id") + f("destination") + f("call_start"),
            "NOTIFY_OUT_START" or "NOTIFY_OUT_END" => f("internal") + f("destination") + f("call_start"),
            "NOTIFY_RECORD" => f("pbx_call_id") + f("call_id_with_rec"),
            _ => f("caller_id") + f("called_did") + f("call_start"),
        };
        return PbxAdapters.Same(request.Header("Signature"), Sign(integration.Secret, signed));
    }

    /// <summary>Zadarma's signature: base64 of the lower-case hex of HMAC-SHA1.</summary>
    public static string Sign(string secret, string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)))));

    public PbxMessage Read(PbxRequest request, TimeZoneInfo zone)
    {
        if (request.Query.TryGetValue("zd_echo", out var echo) && request.Form.Count == 0) return new PbxMessage([], echo);
        var f = request.Field;
        var kind = f("event");
        var id = f("pbx_call_id");
        if (id is null || kind is null) return new PbxMessage([]);
        var start = Local(f("call_start"), zone);
        var ext = f("internal");
        string[]? exts = string.IsNullOrWhiteSpace(ext) ? null : [ext];
        var key = $"{kind}:{id}:{f("call_start")}:{ext}";
        CallEvent? e = kind switch
        {
            "NOTIFY_START" => new(key, id, "ringing", "in", f("caller_id"), f("called_did"), StartedAt: start),
            "NOTIFY_INTERNAL" => new(key, id, "ringing", "in", f("caller_id"), f("called_did"), exts, StartedAt: start),
            "NOTIFY_ANSWER" => new(key, id, "answered", "in", f("caller_id"), f("destination"), exts, ext, StartedAt: start),
            "NOTIFY_END" => new(key, id, "ended", "in", f("caller_id"), f("called_did"), exts, f("disposition") == "answered" ? ext : null,
                start, DurationSec: Seconds(f("duration")), Cause: Cause(f("disposition"))),
            "NOTIFY_OUT_START" => new(key, id, "ringing", "out", ext, f("destination"), exts, StartedAt: start),
            "NOTIFY_OUT_END" => new(key, id, "ended", "out", ext, f("destination"), exts, StartedAt: start,
                DurationSec: Seconds(f("duration")), Cause: Cause(f("disposition"))),
            "NOTIFY_RECORD" when f("call_id_with_rec") is { Length: > 0 } rec =>
                new(key, id, "recording", RecordingUrl: RecordApi + "?call_id=" + Uri.EscapeDataString(rec)),
            _ => null,
        };
        return new PbxMessage(e is null ? [] : [e]);
    }

    /// <summary>A request to Zadarma's API: the parameters (with <c>format=json</c>) sorted and encoded as PHP's
    /// <c>http_build_query</c> does, and <c>Authorization: key:base64(hex(HMAC-SHA1(secret, method + query + md5(query))))</c>.
    /// </summary>
    public static (string Url, string Authorization) ApiRequest(string key, string secret, string method,
        IReadOnlyDictionary<string, string> parameters, string api = "https://api.zadarma.com")
    {
        var query = string.Join("&", parameters.Append(new("format", "json")).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{System.Net.WebUtility.UrlEncode(p.Key)}={System.Net.WebUtility.UrlEncode(p.Value)}"));
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(query)));
        return ($"{api}{method}?{query}", $"{key}:{Sign(secret, method + query + md5)}");
    }

    /// <summary>Zadarma's callback: <c>GET /v1/request/callback/?from=extension&amp;to=number</c>, signed.</summary>
    public HttpRequestMessage Dial(TelephonyIntegration integration, string extension, string phone, string requestId)
    {
        var (url, authorization) = ApiRequest(integration.Key ?? "", integration.Secret, "/v1/request/callback/",
            new Dictionary<string, string> { ["from"] = extension, ["to"] = phone }, PbxApi.Base(integration, "https://api.zadarma.com"));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        // Zadarma's "key:signature" is not a scheme and value, so the header is added as it is.
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private static DateTimeOffset? Local(string? text, TimeZoneInfo zone)
    {
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static int? Seconds(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
        ? Math.Min(s, 86_400) : null;

    private static string? Cause(string? disposition) => disposition switch
    {
        null or "" => null,
        "answered" => "answered",
        "busy" => "busy",
        "cancel" => "cancelled",
        "no answer" => "no-answer",
        "failed" or "unallocated number" => "failed",
        _ => disposition,
    };
}
