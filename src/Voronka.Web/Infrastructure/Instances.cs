using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Voronka.Core.Data;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// What lets several instances serve one department from one database: the data-protection keys (cookies, antiforgery
/// tokens) kept in the database, and the health endpoints a proxy or an orchestrator asks.
/// </summary>
internal static class Instances
{
    private const string Ready = "ready";

    public static IServiceCollection AddVoronkaInstances(this IServiceCollection services)
    {
        // One application name: the keys protect for "Voronka" wherever the app is installed from.
        services.AddDataProtection().SetApplicationName("Voronka").PersistKeysToDbContext<VoronkaDbContext>();
        services.AddHealthChecks().AddDbContextCheck<VoronkaDbContext>("database", tags: [Ready],
            customTestQuery: async (db, ct) => !(await db.Database.GetPendingMigrationsAsync(ct)).Any());
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (restart it when not). <c>/health/ready</c>: the database answers and its
    /// schema is this version's (send no users to it when not; 503). <c>/health</c> is the same as ready.
    /// </summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableRateLimiting();
        foreach (var path in new[] { "/health/ready", "/health" })
            app.MapHealthChecks(path, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
                .AllowAnonymous().DisableRateLimiting();
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
