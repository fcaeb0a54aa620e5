using System.Globalization;

namespace Voronka.Core.Features.Telephony.Adapters;

/// <summary>
/// MegaFon's virtual PBX (and the PBXs built on the same platform) — its CRM API: a form with <c>cmd</c> = <c>event</c>
/// (INCOMING, OUTGOING, ACCEPTED, COMPLETED, CANCELLED as they happen), <c>history</c> (once the call is over, with
/// <c>start</c> in UTC, the duration, the status and the recording's <c>link</c>) or <c>contact</c> (who is this number:
/// answered with the client's name and the login of the person to put the call through to), authenticated by the
/// <c>crm_token</c> field. A person's extension here is their PBX login (<c>user</c>).
/// </summary>
public sealed class MegaFonAdapter : IPbxAdapter
{
    public bool Authentic(TelephonyIntegration integration, PbxRequest request) =>
        PbxAdapters.Same(request.Field("crm_token"), integration.Secret);

    public object? Reply => new { status = "ok" };

    public object? LookupReply(string? clientName, string? ownerExtension) =>
        clientName is null ? new { } : ownerExtension is null ? new { contact_name = clientName }
            : new { contact_name = clientName, responsible = ownerExtension };

    /// <summary>The PBX's <c>makeCall</c> command posted to its CRM API address (the integration's click-to-call address),
    /// with the PBX's API key as <c>token</c>; the person is named by their PBX login.</summary>
    public HttpRequestMessage Dial(TelephonyIntegration integration, string extension, string phone, string requestId) =>
        new(HttpMethod.Post, integration.CallbackUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["cmd"] = "makeCall", ["phone"] = phone.TrimStart('+'), ["user"] = extension, ["token"] = integration.Key ?? "",
            }),
        };

    public PbxMessage Read(PbxRequest request, TimeZoneInfo zone)
    {
        var f = request.Field;
        var id = f("callid");
        var user = f("user");
        string[]? users = string.IsNullOrWhiteSpace(user) ? null : [user];
        switch (f("cmd"))
        {
            case "contact":
                return new PbxMessage([], LookupPhone: f("phone"));
            case "event" when id is not null:
                var dir = f("direction") == "out" ? "out" : "in";
                var (from, to) = dir == "out" ? (user, f("phone")) : (f("phone"), f("diversion"));
                var key = $"event:{id}:{f("type")}:{user}";
                CallEvent? e = f("type") switch
                {
                    "INCOMING" or "OUTGOING" => new(key, id, "ringing", dir, from, to, users),
                    "ACCEPTED" => new(key, id, "answered", dir, from, to, users, dir == "in" ? user : null),
                    "COMPLETED" => new(key, id, "ended", dir, from, to, users, dir == "in" ? user : null, Cause: "answered"),
                    _ => null,
                };
                return new PbxMessage(e is null ? [] : [e]);
            case "history" when id is not null:
                return new PbxMessage(History(f, id, users));
            default:
                return new PbxMessage([]);
        }
    }

    private static List<CallEvent> History(Func<string, string?> f, string id, string[]? users)
    {
        var dir = f("type") == "out" ? "out" : "in";
        var (from, to) = dir == "out" ? (f("user"), f("phone")) : (f("phone"), f("diversion"));
        DateTimeOffset? start = DateTime.TryParseExact(f("start"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s) ? new DateTimeOffset(s, TimeSpan.Zero) : null;
        int? duration = int.TryParse(f("duration"), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            ? Math.Min(d, 86_400) : null;
        var status = f("status")?.ToLowerInvariant();
        var cause = status switch
        {
            "success" => "answered",
            "missed" => "no-answer",
            "cancel" => "cancelled",
            "busy" => "busy",
            null => null,
            _ => "failed",
        };
        var talked = cause == "answered";
        var events = new List<CallEvent>
        {
            new($"history:{id}:{f("user")}", id, "ended", dir, from, to, users, talked && dir == "in" ? f("user") : null, start,
                EndedAt: start is not null && duration is not null ? start.Value.AddSeconds(duration.Value) : null,
                DurationSec: talked ? duration : 0, Cause: cause),
        };
        if (f("link") is { Length: > 0 } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            events.Add(new($"record:{id}:{PbxAdapters.EventId(link)}", id, "recording", RecordingUrl: link));
        return events;
    }
}
