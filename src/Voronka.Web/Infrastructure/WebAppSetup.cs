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
            o.AccessDeniedPath = "/";
            o.Cookie.Name = ".Voronka.Session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = async ctx =>
            {
                // A deactivated user is signed out on the next request, whatever the cookie says.
                var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                var stamp = ctx.Principal?.FindFirstValue("voronka:stamp");
                var db = await ctx.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
                await using var _ = db;
                var ok = id is not null && await db.Users.AnyAsync(u => u.Id == int.Parse(id, CultureInfo.InvariantCulture) && u.IsActive && u.SecurityStamp == stamp);
                if (!ok)
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });

    public static RequestLocalizationOptions Localization()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture("ru")
            .AddSupportedCultures(Texts.Cultures)
            .AddSupportedUICultures(Texts.Cultures);
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
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        Features.Account.AccountEndpoints.Map(app);
        Features.Deals.DealExport.Map(app);
    }
}
