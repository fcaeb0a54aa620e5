using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Voronka.Core.Features.Auth;

namespace Voronka.Web.Infrastructure;

/// <summary>Authenticates "Authorization: Bearer vk_…" against the stored token hashes.
/// The user's role and team are read afresh on every request, so a change applies at once.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        var address = Context.Connection.RemoteIpAddress?.ToString();
        var valid = await tokens.ValidateAsync(token, address, Context.RequestAborted);
        if (valid is null)
        {
            // Never the token itself: its first characters tell an administrator which one without making it usable.
            Logger.LogWarning("A bearer token was refused (unknown, expired or revoked): {Prefix}… from {Address}",
                token.Length > 8 ? token[..8] : "", address);
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }
        var identity = new ClaimsIdentity(ActorClaims.For(valid.User, valid.Scope), SchemeName);
        Context.Items[ActorClaims.TokenItem] = token;
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = 401,
                Title = "Unauthorized.",
                Detail = "Send a valid token: Authorization: Bearer <token> (get one from POST /api/v1/auth/token).",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = 403, Title = "Forbidden." },
        });
    }
}
