using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;
using Voronka.Core.Data;
using Voronka.Web.Components;

namespace Voronka.Web.Infrastructure;

/// <summary>The web app: Blazor (interactive server) with MudBlazor, cookie sign-in, Russian and English.</summary>
internal static class WebAppSetup
{
    public const string SmartScheme = "Voronka";
    public const string CultureCookie = ".Voronka.Culture";

    public static IServiceCollection AddVoronkaWebApp(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, MudTexts>();
        services.AddSingleton<Texts>();
        services.AddSingleton<IStringLocalizer>(sp => sp.GetRequiredService<Texts>());
        services.AddScoped<CurrentUser>();
        services.AddSingleton<PeopleActor>();
        return services;
    }

    public static AuthenticationBuilder AddVoronkaCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/no-access";
            o.Cookie.Name = ".Voronka.Session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // The browser counts the cookie's life on its own clock (Max-Age wins over Expires), so a browser and a
            // server whose clocks disagree still keep the session for the same fourteen days.
            o.Cookie.MaxAge = o.ExpireTimeSpan;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = async ctx =>
            {
                // A deactivated user, or one whose password changed, is signed out on the next request; a changed
                // role or name is carried into the cookie, so the menu follows the rules at once.
                var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                var stamp = ctx.Principal?.FindFirstValue("voronka:stamp");
                var db = await ctx.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
                await using var _ = db;
                var userId = id is null ? 0 : int.Parse(id, CultureInfo.InvariantCulture);
                var user = await db.Users.Where(u => u.Id == userId && u.IsActive && u.SecurityStamp == stamp).FirstOrDefaultAsync();
                if (user is null)
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    return;
                }
                var principal = ctx.Principal!;
                if (principal.FindFirstValue(ClaimTypes.Role) != user.Role.ToString() || principal.FindFirstValue(ClaimTypes.Name) != user.FullName)
                {
                    ctx.ReplacePrincipal(Features.Account.AccountEndpoints.PrincipalFor(user));
                    ctx.ShouldRenew = true;
                }
            };
        });

    public static RequestLocalizationOptions Localization()
    {
        var options = new RequestLocalizationOptions().SetDefaultCulture("ru");
        options.SupportedCultures = Texts.Cultures.Select(Texts.Culture).ToList();
        options.SupportedUICultures = options.SupportedCultures;
        // The language chosen in the app wins; until then the browser's.
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CultureCookie },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    public static void MapVoronkaWebApp(this WebApplication app)
    {
        // The app's own policy (SecurityHeaders) says frame-ancestors 'none'; Blazor's second one would only loosen nothing.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        Features.Account.AccountEndpoints.Map(app);
        Features.Deals.DealExport.Map(app);
        Features.Reports.ReportEndpoints.MapFunnelExport(app);
        Features.Import.ImportEndpoints.MapFullExport(app);
        Features.Telephony.TelephonyEndpoints.MapRecordingPlayer(app);
        Features.Files.FileEndpoints.MapFileDownloads(app);
        Features.Arsenal.ArsenalEndpoints.MapArsenalDownloads(app);
        Features.Meetings.MeetingEndpoints.MapMeetingMinutes(app);
        Features.Reports.ReportEndpoints.MapSnapshotExport(app);
    }
}
