using System.Text.Json;
using Voronka.Core.Common;

namespace Voronka.Core.Features.Telephony.Adapters;

/// <summary>
/// Voronka's own format: a canonical <see cref="CallEvent"/> or an array of them as JSON, signed with
/// <c>X-Voronka-Signature: sha256=&lt;hex HMAC-SHA256 of the body with the integration's secret&gt;</c>, or — for a PBX
/// that cannot sign — with the secret as <c>?token=</c>.
/// </summary>
public sealed class GenericAdapter : IPbxAdapter
{
    public const string SignatureHeader = "X-Voronka-Signature";

    /// <summary>The most events one request may carry.</summary>
    public const int MaxEvents = 500;

    /// <summary>JSON as written by hand: a number's plus stays a plus.</summary>
    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool Authentic(TelephonyIntegration integration, PbxRequest request) => integration.Auth switch
    {
        WebhookAuth.UrlToken => PbxAdapters.Same(request.Query.GetValueOrDefault("token"), integration.Secret),
        _ => PbxAdapters.Same(request.Header(SignatureHeader)?.Trim().ToLowerInvariant(),
            "sha256=" + PbxAdapters.HmacSha256Hex(integration.Secret, request.Body)),
    };

    /// <summary>A signed JSON post to the integration's click-to-call address:
    /// <c>{ requestId, extension, to }</c>, with the same signature header as the events.</summary>
    public HttpRequestMessage Dial(TelephonyIntegration integration, string extension, string phone, string requestId)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { requestId, extension, to = phone }, Plain);
        var request = new HttpRequestMessage(HttpMethod.Post, integration.CallbackUrl)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(SignatureHeader, "sha256=" + PbxAdapters.HmacSha256Hex(integration.Secret, body));
        return request;
    }

    public PbxMessage Read(PbxRequest request, TimeZoneInfo zone)
    {
        try
        {
            using var doc = JsonDocument.Parse(request.Body);
            var events = doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.Deserialize<List<CallEvent>>(TelephonyInbox.Json) ?? []
                : [doc.RootElement.Deserialize<CallEvent>(TelephonyInbox.Json)!];
            if (events.Count is 0 or > MaxEvents)
                throw ValidationFailedException.For("events", $"must hold 1 to {MaxEvents} events.");
            return new PbxMessage(events);
        }
        catch (JsonException e)
        {
            throw ValidationFailedException.For(e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body",
                "must be a call event or an array of them in JSON: " + e.Message.Split(" Path:")[0]);
        }
    }
}
