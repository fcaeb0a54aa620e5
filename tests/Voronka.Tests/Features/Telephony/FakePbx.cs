using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Voronka.Tests.Features.Telephony;

/// <summary>A phone system's web side on loopback: serves recordings and takes click-to-call requests, remembering each
/// request; a recording can be set to fail a number of times first.</summary>
public sealed class FakePbx : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (byte[] Body, int FailFirst)> _files = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();

    public ConcurrentQueue<(string Path, string Body, string? Authorization)> Requests { get; } = new();

    public string BaseUrl { get; }

    private FakePbx(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public static async Task<FakePbx> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = app.Services.GetRequiredService<IServer>();
        FakePbx? pbx = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value ?? "";
            pbx!.Requests.Enqueue((path + http.Request.QueryString, body, http.Request.Headers.Authorization.ToString()));
            var hits = pbx._hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (path.StartsWith("/fail", StringComparison.Ordinal))
            {
                http.Response.StatusCode = 500;
                return;
            }
            if (pbx._files.TryGetValue(path, out var file))
            {
                if (hits <= file.FailFirst)
                {
                    http.Response.StatusCode = 503;
                    return;
                }
                http.Response.ContentType = "audio/mpeg";
                http.Response.ContentLength = file.Body.Length;
                await http.Response.Body.WriteAsync(file.Body);
                return;
            }
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("{\"status\":\"success\"}");
        });
        await app.StartAsync();
        var url = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        pbx = new FakePbx(app, url);
        return pbx;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>, after answering 503 <paramref name="failFirst"/>
    /// times.</summary>
    public string Serve(string path, byte[] body, int failFirst = 0)
    {
        _files[path] = (body, failFirst);
        return BaseUrl + path;
    }

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
