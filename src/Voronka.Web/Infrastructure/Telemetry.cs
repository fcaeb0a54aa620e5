using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// OpenTelemetry metrics and traces of ASP.NET Core, EF Core and Npgsql (and the runtime's metrics), sent where the
/// configuration says: <c>Telemetry:Otlp:Endpoint</c> (an OpenTelemetry collector, for example
/// http://collector:4317) and <c>Telemetry:Prometheus=true</c> (a scrape endpoint at <c>/metrics</c>, to be kept from
/// the outside by the proxy). With neither, nothing is collected.
/// </summary>
internal static class Telemetry
{
    public const string PrometheusPath = "/metrics";

    public static IServiceCollection AddVoronkaTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var otlp = config["Telemetry:Otlp:Endpoint"];
        var prometheus = config.GetValue("Telemetry:Prometheus", false);
        if (string.IsNullOrWhiteSpace(otlp) && !prometheus) return services;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["Telemetry:ServiceName"] ?? "voronka",
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation()
                    .AddMeter("Microsoft.EntityFrameworkCore");
                if (prometheus) m.AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlp)) m.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
            });
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(t => t
                // The health probes come every few seconds and tell nothing worth a trace.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }
        return services;
    }

    /// <summary>The scrape endpoint, when switched on.</summary>
    public static void MapTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Prometheus", false))
            app.MapPrometheusScrapingEndpoint(PrometheusPath).AllowAnonymous().DisableRateLimiting();
    }
}
