using System.Security.Cryptography;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// The headers every answer carries: a Content Security Policy that lets in the app's own scripts and the import map
/// of this page (by a nonce made per request), no framing by other sites, no guessing of content types, no referrer to
/// other sites, no camera, microphone or location, and no caching of the API's answers. The API reference page
/// (<c>/scalar</c>) runs its own inline scripts and is served without the policy's script rule.
/// </summary>
internal static class SecurityHeaders
{
    private const string NonceKey = "voronka:csp-nonce";

    /// <summary>The nonce of this request's page, for the one inline script it has (the import map).</summary>
    public static string Nonce(HttpContext http) => http.Items[NonceKey] as string ?? "";

    /// <summary>The antiforgery's own X-Frame-Options would be a second one beside ours.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.SuppressXFrameOptionsHeader = true);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Hex: nothing in it that HTML would encode in the attribute.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        var headers = http.Response.Headers;
        var scripts = http.Request.Path.StartsWithSegments("/scalar") ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
        headers.ContentSecurityPolicy = $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // The API's answers are about people and money: no proxy or browser cache keeps them.
        if (http.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
        return next();
    });
}
