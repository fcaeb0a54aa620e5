using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Notifications;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Notifications;

internal static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications");
        g.MapGet("/", async Task<Ok<NotificationsResponse>> (bool? unread, int? take, ClaimsPrincipal u, NotificationsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), unread ?? false, take ?? 50, ct)))
            .WithSummary("Your notifications, newest first (unread=true for the unread ones), and how many are unread");
        g.MapPost("/read", async Task<Ok<MarkedRead>> (MarkReadRequest r, ClaimsPrincipal u, NotificationsService s,
                CancellationToken ct) =>
            TypedResults.Ok(new MarkedRead(await s.MarkReadAsync(u.ToActor(), r, ct))))
            .WithSummary("Mark notifications read: { \"ids\": [...] } or { \"all\": true }");
        g.MapGet("/settings", async Task<Ok<ChannelSettings>> (ClaimsPrincipal u, NotificationPreferencesService s,
                IConfiguration config, CancellationToken ct) =>
            TypedResults.Ok(ChannelSettings.Of(await s.GetAsync(u.ToActor(), ct), config)))
            .WithSummary("How you hear of each kind of event: the bell (inApp), e-mail, both or neither");
        g.MapPut("/settings", async Task<Ok<ChannelSettings>> (NotificationSettingsRequest r, ClaimsPrincipal u,
                NotificationPreferencesService s, IConfiguration config, CancellationToken ct) =>
            TypedResults.Ok(ChannelSettings.Of(await s.SetAsync(u.ToActor(), r, ct), config)))
            .WithSummary("Choose the channels: { \"channels\": [{ \"kind\": \"TaskOverdue\", \"inApp\": true, \"email\": true }] }");
        g.MapGet("/outbox", async Task<Ok<EmailOutboxStatus>> (ClaimsPrincipal u, EmailOutbox outbox, CancellationToken ct) =>
            TypedResults.Ok(await outbox.StatusAsync(u.ToActor(), ct)))
            .WithSummary("For the director: e-mails waiting, sent and given up, and the last error");
        return api;
    }

    /// <summary>Your channels, your address, and whether this server sends e-mail at all (<c>Smtp:Host</c> set).</summary>
    internal sealed record ChannelSettings(IReadOnlyList<NotificationChannel> Channels, string? Email, bool EmailConfigured)
    {
        public static ChannelSettings Of(NotificationSettings s, IConfiguration config) =>
            new(s.Channels, s.Email, !string.IsNullOrWhiteSpace(config["Smtp:Host"]));
    }

    /// <summary>How many notifications were marked read.</summary>
    internal sealed record MarkedRead(int Marked);
}
