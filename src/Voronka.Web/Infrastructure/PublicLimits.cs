using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Voronka.Web.Infrastructure;

/// <summary>Why a limited door refused: the detail a 429 gives for a rate-limiting policy.</summary>
internal sealed record RateLimitNote(string Policy, string Detail);

/// <summary>
/// Rate limits on the doors anyone can knock on, counted per client address (the proxy's forwarded one where
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> is set): sign-in (the page, the token, the first-run setup) at
/// <c>Security:SignInsPerMinute</c> (30), the telephony webhook at <c>Telephony:WebhookRequestsPerMinute</c> (1,200); the
/// web forms and the proposal links have policies of their own. A refusal is 429 with Retry-After and ProblemDetails.
/// </summary>
internal static class PublicLimits
{
    public const string SignIn = "sign-in";
    public const string Webhook = "telephony-webhook";

    public static IServiceCollection AddPublicLimits(this IServiceCollection services, IConfiguration config)
    {
        var signIns = Math.Clamp(config.GetValue("Security:SignInsPerMinute", 30), 1, 100_000);
        var webhook = Math.Clamp(config.GetValue("Telephony:WebhookRequestsPerMinute", 1200), 1, 1_000_000);
        services.AddSingleton(new RateLimitNote(SignIn, $"At most {signIns} sign-in attempts a minute are taken from one address."));
        services.AddSingleton(new RateLimitNote(Webhook, $"At most {webhook} webhook requests a minute are taken from one address."));
        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignIn, http => PerAddress(http, SignIn, signIns));
            o.AddPolicy(Webhook, http => PerAddress(http, Webhook, webhook));
            // The sign-in and first-run pages are form posts to the pages themselves, not endpoints of their own.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method)
                    && (http.Request.Path.StartsWithSegments("/login") || http.Request.Path.StartsWithSegments("/setup"))
                    ? PerAddress(http, SignIn, signIns)
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? SignIn;
                var note = http.RequestServices.GetServices<RateLimitNote>().FirstOrDefault(n => n.Policy == policy);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Title = "Too many requests.",
                        Detail = $"{note?.Detail ?? "Too many requests from one address."} Try again in a minute.",
                    },
                });
            };
        });
    }

    /// <summary>A fixed window of a minute per client address and policy.</summary>
    public static RateLimitPartition<string> PerAddress(HttpContext http, string policy, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter($"{policy}:{http.Connection.RemoteIpAddress}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
