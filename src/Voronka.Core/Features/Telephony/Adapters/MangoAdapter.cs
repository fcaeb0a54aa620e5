using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Voronka.Core.Features.Telephony.Adapters;

/// <summary>
/// Mango Office's VPBX API events: a form of <c>vpbx_api_key</c>, <c>sign</c> = hex(SHA-256(key + json + salt)) and
/// <c>json</c>, posted to <c>…/events/call</c> (each leg's state: Appeared, Connected, OnHold, Disconnected),
/// <c>…/events/summary</c> (the whole call once it is over), <c>…/events/recording</c> and <c>…/events/record/added</c>
/// (a recording ready), and <c>…/ping</c> (the cabinet's check). A call is its <c>entry_id</c>; times are Unix seconds.
/// The integration's key is the VPBX API key and its secret the salt.
/// </summary>
public sealed class MangoAdapter : IPbxAdapter
{
    public const string RecordingApi = "https://app.mango-office.ru/vpbx/queries/recording/post";

    public bool Authentic(TelephonyIntegration integration, PbxRequest request)
    {
        if (IsPing(request) && request.Field("json") is null) return true;
        var (key, json) = (request.Field("vpbx_api_key"), request.Field("json"));
        return PbxAdapters.Same(key, integration.Key) && json is not null
            && PbxAdapters.Same(request.Field("sign")?.ToLowerInvariant(), Sign(integration.Key!, json, integration.Secret));
    }

    public static string Sign(string key, string json, string salt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + json + salt)));

    /// <summary>Mango Office's <c>commands/callback</c>: the extension is rung, then the number; signed like the events.</summary>
    public HttpRequestMessage Dial(TelephonyIntegration integration, string extension, string phone, string requestId)
    {
        var json = JsonSerializer.Serialize(new { command_id = requestId, from = new { extension }, to_number = phone.TrimStart('+') });
        return new HttpRequestMessage(HttpMethod.Post, PbxApi.Base(integration, "https://app.mango-office.ru") + "/vpbx/commands/callback")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["vpbx_api_key"] = integration.Key ?? "", ["sign"] = Sign(integration.Key ?? "", json, integration.Secret), ["json"] = json,
            }),
        };
    }

    private static bool IsPing(PbxRequest r) => r.Path.TrimEnd('/').EndsWith("ping", StringComparison.Ordinal);

    public PbxMessage Read(PbxRequest request, TimeZoneInfo zone)
    {
        if (request.Field("json") is not string text) return new PbxMessage([]);
        JsonElement j;
        try
        {
            using var doc = JsonDocument.Parse(text);
            j = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Common.ValidationFailedException.For("json", "must be Mango Office's event in JSON.");
        }
        if (j.ValueKind != JsonValueKind.Object || Str(j, "entry_id") is not string id) return new PbxMessage([]);
        if (j.TryGetProperty("recording_id", out _)) return new PbxMessage(Recording(j, id));
        if (j.TryGetProperty("entry_result", out _) || j.TryGetProperty("call_direction", out _)) return new PbxMessage([Summary(j, id)]);
        if (j.TryGetProperty("call_state", out _)) return new PbxMessage(Leg(j, id));
        return new PbxMessage([]);
    }

    private static CallEvent[] Leg(JsonElement j, string id)
    {
        var (fromExt, toExt) = (Str(j, "from", "extension"), Str(j, "to", "extension"));
        var dir = fromExt is not null && toExt is not null ? "internal" : fromExt is not null ? "out" : "in";
        var at = PbxAdapters.Unix(Long(j, "timestamp"));
        var from = Str(j, "from", "number") ?? fromExt;
        var to = Str(j, "to", "number") ?? toExt;
        var agent = dir == "out" ? fromExt : toExt;
        string[]? exts = agent is null ? null : [agent];
        var key = $"call:{Str(j, "call_id")}:{Long(j, "seq")}:{Str(j, "call_state")}";
        return Str(j, "call_state") switch
        {
            "Appeared" => [new(key, id, "ringing", dir, from, to, exts, StartedAt: at)],
            "Connected" => [new(key, id, "answered", dir, from, to, exts, dir == "out" ? null : toExt, AnsweredAt: at)],
            _ => [],
        };
    }

    private static CallEvent Summary(JsonElement j, string id)
    {
        var dir = Long(j, "call_direction") switch { 0 => "internal", 2 => "out", _ => "in" };
        var (fromExt, toExt) = (Str(j, "from", "extension"), Str(j, "to", "extension"));
        var agent = dir == "out" ? fromExt : toExt;
        var answered = Long(j, "entry_result") == 1;
        var (created, talk, end) = (PbxAdapters.Unix(Long(j, "create_time")), PbxAdapters.Unix(Long(j, "talk_time")),
            PbxAdapters.Unix(Long(j, "end_time")));
        int? duration = answered && talk is not null && end is not null
            ? (int)Math.Clamp((end.Value - talk.Value).TotalSeconds, 0, 86_400) : 0;
        return new CallEvent($"summary:{id}", id, "ended", dir, Str(j, "from", "number") ?? fromExt, Str(j, "to", "number") ?? toExt,
            agent is null ? null : [agent], answered && dir != "out" ? toExt : null, created, answered ? talk : null, end, duration,
            answered ? "answered" : "no-answer");
    }

    private static CallEvent[] Recording(JsonElement j, string id)
    {
        var state = Str(j, "recording_state");
        if (state is not null && state != "Completed") return [];
        var rec = Str(j, "recording_id")!;
        return [new($"record:{rec}", id, "recording", RecordingUrl: RecordingApi + "?recording_id=" + Uri.EscapeDataString(rec))];
    }

    private static string? Str(JsonElement j, params string[] path)
    {
        foreach (var p in path)
            if (j.ValueKind != JsonValueKind.Object || !j.TryGetProperty(p, out j)) return null;
        return j.ValueKind switch
        {
            JsonValueKind.String when j.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => j.GetRawText(),
            _ => null,
        };
    }

    private static long? Long(JsonElement j, string name) =>
        j.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), out var m) ? m : null;
}
