using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Voronka.Core.Common;
using Voronka.Core.Features.Telephony;
using Voronka.Core.Features.Telephony.Adapters;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Telephony;

internal static class TelephonyEndpoints
{
    /// <summary>The largest webhook request taken.</summary>
    public const int MaxWebhookBytes = 256 * 1024;

    /// <summary>The PBXs' door: no session, each request proven by the integration's signature or token.</summary>
    public static void MapTelephonyWebhook(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/telephony/{integrationId:int}").WithTags("Telephony").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(PublicLimits.Webhook);
        g.MapPost("/events", (int integrationId, HttpContext http, TelephonyWebhook w, CancellationToken ct) =>
                ReceiveAsync(integrationId, "", http, w, ct))
            .WithSummary("A phone system's events: canonical JSON (one event or many) signed with X-Voronka-Signature, or a PBX's own")
            .WithDescription("The canonical event: {eventId, callId, type: ringing|answered|ended|recording, direction: in|out|internal, " +
                "from, to, extensions[], answeredBy, startedAt, answeredAt, endedAt, durationSec, cause, recordingUrl}. The signature is " +
                "'sha256=' + the lower-case hex HMAC-SHA256 of the body with the integration's secret; an integration set to a URL " +
                "token takes ?token=<secret> instead. Each event id is kept once; the calls are built in the background.");
        g.MapPost("/events/{**rest}", (int integrationId, string rest, HttpContext http, TelephonyWebhook w, CancellationToken ct) =>
                ReceiveAsync(integrationId, rest, http, w, ct))
            .WithSummary("Mango Office's events (events/call, events/summary, events/recording, events/record/added)");
        g.MapPost("/ping", (int integrationId, HttpContext http, TelephonyWebhook w, CancellationToken ct) =>
            ReceiveAsync(integrationId, "ping", http, w, ct)).ExcludeFromDescription();
        g.MapGet("/events", (int integrationId, HttpContext http, TelephonyWebhook w, CancellationToken ct) =>
                ReceiveAsync(integrationId, "", http, w, ct))
            .WithSummary("The URL check of a PBX (Zadarma's ?zd_echo=)");
    }

    private static async Task<IResult> ReceiveAsync(int integrationId, string rest, HttpContext http, TelephonyWebhook webhook,
        CancellationToken ct)
    {
        var request = await ReadAsync(http, rest, ct);
        var reply = await webhook.ReceiveAsync(integrationId, request, ct);
        if (reply.Text is string text) return Results.Text(text, "text/plain", Encoding.UTF8);
        return Results.Json(reply.Json ?? new { accepted = reply.Accepted, duplicates = reply.Duplicates });
    }

    private static async Task<PbxRequest> ReadAsync(HttpContext http, string rest, CancellationToken ct)
    {
        var r = http.Request;
        if (r.ContentLength > MaxWebhookBytes) throw ValidationFailedException.For("body", $"must be at most {MaxWebhookBytes} bytes.");
        r.EnableBuffering(MaxWebhookBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await r.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxWebhookBytes) throw ValidationFailedException.For("body", $"must be at most {MaxWebhookBytes} bytes.");
        }
        var body = buffer.ToArray();
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.HasFormContentType)
        {
            r.Body.Position = 0;
            var fields = await r.ReadFormAsync(ct);
            foreach (var (key, value) in fields) form[key] = value.ToString();
        }
        var query = r.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var headers = r.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new PbxRequest(r.Method, rest, body, query, headers, form);
    }

    /// <summary>The player's door for the web app (cookie): <c>/recordings/{id}</c>.</summary>
    public static void MapRecordingPlayer(this WebApplication app) =>
        app.MapGet("/recordings/{id:long}", async (long id, ClaimsPrincipal user, PeopleActor people, Recordings s, CancellationToken ct) =>
                await PlayAsync(await people.ForAsync(user, ct), id, s, ct))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme })
            .ExcludeFromDescription();

    private static async Task<IResult> PlayAsync(Actor actor, long id, Recordings recordings, CancellationToken ct)
    {
        var file = await recordings.OpenAsync(actor, id, ct);
        return Results.File(file.Content, file.ContentType, enableRangeProcessing: true,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    public static RouteGroupBuilder MapTelephonyEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/telephony/integrations").WithTags("Telephony");
        g.MapGet("/", async Task<Ok<IReadOnlyList<IntegrationResponse>>> (ClaimsPrincipal u, TelephonyService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithSummary("The phone systems connected (the director's)");
        g.MapPost("/", async Task<Created<IntegrationResponse>> (IntegrationRequest r, ClaimsPrincipal u, TelephonyService s,
                CancellationToken ct) =>
            {
                var created = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/telephony/integrations/{created.Id}", created);
            })
            .WithSummary("Connect a phone system: its webhook path and secret come back");
        g.MapGet("/{id:int}", async Task<Ok<IntegrationResponse>> (int id, ClaimsPrincipal u, TelephonyService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapPut("/{id:int}", async Task<Ok<IntegrationResponse>> (int id, IntegrationRequest r, ClaimsPrincipal u, TelephonyService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        g.MapPost("/{id:int}/secret", async Task<Ok<IntegrationResponse>> (int id, ClaimsPrincipal u, TelephonyService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.NewSecretAsync(u.ToActor(), id, ct)))
            .WithSummary("A new secret: the old one stops working at once");
        g.MapGet("/{id:int}/extensions", async Task<Ok<IReadOnlyList<ExtensionResponse>>> (int id, ClaimsPrincipal u, TelephonyService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ExtensionsAsync(u.ToActor(), id, ct)));
        g.MapPut("/{id:int}/extensions", async Task<Ok<IReadOnlyList<ExtensionResponse>>> (int id, ExtensionsRequest r, ClaimsPrincipal u,
                TelephonyService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetExtensionsAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Replace the table of extensions: { \"extensions\": [{ \"extension\": \"101\", \"userId\": 3 }] }");
        g.MapGet("/{id:int}/events", async Task<Ok<IReadOnlyList<TelephonyEventResponse>>> (int id, bool? failed, int? take,
                ClaimsPrincipal u, TelephonyService s, CancellationToken ct) =>
            TypedResults.Ok(await s.EventsAsync(u.ToActor(), id, failed == true, take ?? 100, ct)))
            .WithSummary("The newest events kept, or only those that failed (failed=true)");
        g.MapPost("/{id:int}/replay", async Task<Ok<ReplayResponse>> (int id, ReplayRequest r, ClaimsPrincipal u, TelephonyService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ReplayAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Rebuild the calls from the events kept since a moment (the last day by default)");

        var recordings = api.MapGroup("/recordings").WithTags("Telephony");
        recordings.MapGet("/{id:long}", (long id, ClaimsPrincipal u, Recordings s, CancellationToken ct) =>
                PlayAsync(u.ToActor(), id, s, ct))
            .WithSummary("The recording itself (audio), with Range requests for seeking; each listening is logged")
            .Produces(200, contentType: "audio/mpeg").Produces(206);
        recordings.MapGet("/{id:long}/info", async Task<Ok<RecordingResponse>> (long id, ClaimsPrincipal u, Recordings s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)))
            .WithSummary("Where the recording stands: waiting to be copied, kept (size, SHA-256), failed or deleted by retention");
        recordings.MapGet("/{id:long}/listens", async Task<Ok<IReadOnlyList<RecordingAccessResponse>>> (long id, ClaimsPrincipal u,
                Recordings s, CancellationToken ct) =>
            TypedResults.Ok(await s.AccessLogAsync(u.ToActor(), id, ct)))
            .WithSummary("Who listened to the recording and when (the director's)");
        recordings.MapGet("/{id:long}/transcript", async Task<Ok<TranscriptResponse>> (long id, ClaimsPrincipal u, Transcripts s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.FindAsync(u.ToActor(), id, ct) ?? throw new NotFoundException("Transcript", id)))
            .WithSummary("The recording's transcript with its timed segments, once a speech model has made it");
        api.MapGet("/transcripts", async Task<Ok<IReadOnlyList<TranscriptHit>>> (string? q, int? take, ClaimsPrincipal u, Transcripts s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.SearchAsync(u.ToActor(), q, take ?? 50, ct)))
            .WithTags("Telephony").WithSummary("The recordings you may play whose transcripts have the words, newest first");
        api.MapGet("/transcription", async Task<Ok<TranscriptionStatus>> (ClaimsPrincipal u, Transcripts s, CancellationToken ct) =>
            TypedResults.Ok(await s.StatusAsync(u.ToActor(), ct)))
            .WithTags("Telephony")
            .WithSummary("Whether a speech model is configured and how many recordings are transcribed (the director's)");
        api.MapPost("/transcription/retry", async Task<NoContent> (ClaimsPrincipal u, Transcripts s, CancellationToken ct) =>
            {
                await s.RetryFailedAsync(u.ToActor(), ct);
                return TypedResults.NoContent();
            })
            .WithTags("Telephony").WithSummary("Try the given-up transcripts again (after a model change, say)");
        api.MapPost("/activities/{id:long}/recording", async Task<Created<RecordingResponse>> (long id, IFormFile? file, ClaimsPrincipal u,
                Recordings s, CancellationToken ct) =>
            {
                if (file is null) throw ValidationFailedException.For("file", "is required: the recording as multipart/form-data.");
                await using var content = file.OpenReadStream();
                var kept = await s.UploadAsync(u.ToActor(), id, content, ct);
                return TypedResults.Created($"/api/v1/recordings/{kept.Id}", kept);
            })
            .DisableAntiforgery().WithTags("Telephony")
            .WithSummary("Upload the recording of a call made from a personal phone (MP3, WAV, OGG, M4A or WebM, at most 200 MB)");

        var calls = api.MapGroup("/calls").WithTags("Telephony");
        calls.MapGet("/", async Task<Ok<Page<CallResponse>>> ([AsParameters] CallQuery q, ClaimsPrincipal u, CallsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("The calls you see, newest first: the director all, a senior the team's, a manager own and those that rang them");
        calls.MapPost("/dial", async Task<Accepted<DialResponse>> (DialRequest r, ClaimsPrincipal u, Dialer d, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await d.DialAsync(u.ToActor(), r, ct)))
            .WithSummary("Click-to-call: the phone system rings your extension, then connects you to the number")
            .ProducesProblem(502);
        calls.MapGet("/live", async Task<Ok<IReadOnlyList<CallCard>>> (ClaimsPrincipal u, CallsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.LiveAsync(u.ToActor(), ct)))
            .WithSummary("The calls ringing on your extensions now, with the client's card");
        calls.MapGet("/{id:long}", async Task<Ok<CallResponse>> (long id, ClaimsPrincipal u, CallsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        calls.MapPost("/{id:long}/lead", async Task<Ok<CallResponse>> (long id, ClaimsPrincipal u, CallsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.MakeLeadAsync(u.ToActor(), id, ct)))
            .WithSummary("Make the number of a call a lead (matched and routed like any lead); once per call");
        return api;
    }
}
