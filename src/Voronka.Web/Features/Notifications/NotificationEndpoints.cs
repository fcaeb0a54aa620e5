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
        return api;
    }

    /// <summary>How many notifications were marked read.</summary>
    internal sealed record MarkedRead(int Marked);
}
