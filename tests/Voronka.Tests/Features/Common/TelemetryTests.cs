using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>A company whose instance has the Prometheus scrape endpoint on.</summary>
public class MeteredApp : VoronkaApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telemetry:Prometheus", "true");
    }
}

public class TelemetryTests(MeteredApp app) : IClassFixture<MeteredApp>
{
    [Fact]
    public async Task The_scrape_endpoint_shows_the_requests_and_the_database_work_they_did()
    {
        var m = await app.As("manager1");
        for (var i = 0; i < 3; i++) (await m.GetAsync("/api/v1/deals")).EnsureSuccessStatusCode();
        string metrics = "";
        // The exporter collects on a scrape; the first one may come before the meters have reported.
        for (var i = 0; i < 20 && !metrics.Contains("http_route=\"/api/v1/deals/\"", StringComparison.Ordinal); i++)
        {
            metrics = await app.CreateClient().GetStringAsync("/metrics");
            await Task.Delay(200);
        }
        Assert.Contains("http_server_request_duration_seconds", metrics);
        Assert.Contains("http_route=\"/api/v1/deals/\"", metrics);
        Assert.Contains("microsoft_entityframeworkcore", metrics);
        if (TestDatabase.IsPostgres) Assert.Contains("db_client_operation_duration", metrics);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_scrape_endpoint()
    {
        IAsyncLifetime plain = new VoronkaApp();
        await plain.InitializeAsync();
        try
        {
            var response = await ((VoronkaApp)plain).CreateClient().GetAsync("/metrics");
            Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await plain.DisposeAsync();
        }
    }
}
