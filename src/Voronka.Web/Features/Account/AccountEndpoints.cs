using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.People;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Account;

/// <summary>Sign-in, sign-out and the language switch for the web app (cookie based; the API uses bearer tokens).</summary>
internal static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription();

        app.MapGet("/culture", async (string c, string? returnUrl, HttpContext http, IDbContextFactory<VoronkaDbContext> dbFactory) =>
        {
            if (!Texts.Cultures.Contains(c)) return Results.BadRequest();
            SetCultureCookie(http, c);
            // The choice follows the user to other devices.
            if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && int.TryParse(id, out var userId))
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, c));
            }
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).ExcludeFromDescription();
    }

    public static void SetCultureCookie(HttpContext http, string culture) =>
        http.Response.Cookies.Append(WebAppSetup.CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = false, SameSite = SameSiteMode.Lax });

    public static ClaimsPrincipal PrincipalFor(AppUser user)
    {
        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.FullName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new("voronka:stamp", user.SecurityStamp ?? ""),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static async Task SignInAsync(HttpContext http, AppUser user)
    {
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(user), new AuthenticationProperties { IsPersistent = true });
        if (user.Culture is { } culture) SetCultureCookie(http, culture);
    }

    /// <summary>Only paths inside the app: a sign-in link cannot send anyone elsewhere.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
