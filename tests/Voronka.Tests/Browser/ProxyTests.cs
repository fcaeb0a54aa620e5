using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Browser;

/// <summary>
/// Two instances behind nginx with the repository's configuration (<c>deploy/nginx/voronka.conf</c>) on one
/// PostgreSQL, each with a home folder of its own as two machines would have: a person signed in through the proxy goes
/// on working when the instance that served them is killed, then when the other one is.
/// </summary>
public sealed partial class ProxyTests : IAsyncLifetime
{
    private const string Password = "proxy-pass-1";
    private readonly string _database = TestDatabase.OnPostgres($"voronka_proxy_{Guid.NewGuid():N}");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"voronka-proxy-{Guid.NewGuid():N}");
    private readonly int[] _ports = [AppProcess.FreePort(), AppProcess.FreePort()];
    private readonly AppProcess?[] _instances = new AppProcess?[2];
    private readonly int _proxyPort = AppProcess.FreePort();
    private Process? _nginx;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _instances[0] = await StartAsync(0);
        var setup = await _instances[0]!.Http.PostAsJsonAsync("/api/v1/setup",
            new { login = "director", fullName = "Андрей Соколов", password = Password });
        setup.EnsureSuccessStatusCode();
        _instances[1] = await StartAsync(1);
        await StartNginxAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(BrowserApp.Launch);
    }

    [Fact]
    public async Task A_session_through_the_proxy_survives_a_kill_of_either_instance()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ru-RU", BaseURL = $"http://127.0.0.1:{_proxyPort}", ViewportSize = new ViewportSize { Width = 1600, Height = 1200 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var board = await new LoginPage(page).SignInAsync("director", Password);
        await board.NewDealAsync("До сбоя");

        for (var round = 1; round <= 2; round++)
        {
            var served = ServedBy();
            Assert.InRange(served, 0, 1);
            await page.EvaluateAsync("() => window.voronkaBeforeKill = true");
            _instances[served]!.Kill();
            // The circuit is gone with its instance: Blazor reconnects through the proxy, the other instance does not
            // know the circuit, and the page loads again from it, still signed in.
            try
            {
                await page.WaitForFunctionAsync("() => window.voronkaBeforeKill === undefined && window.Blazor !== undefined",
                    null, new() { Timeout = 60_000 });
            }
            catch (TimeoutException)
            {
                // What the proxy saw, for whoever reads the failure.
                Console.Error.WriteLine(await File.ReadAllTextAsync(Path.Combine(_folder, "error.log")));
                throw;
            }
            Assert.Equal(1 - served, ServedBy());
            Assert.DoesNotContain("/login", page.Url);
            await page.GotoAsync("/");
            await board.WaitAsync();
            var deal = await board.NewDealAsync($"После сбоя {round}");
            Assert.True(deal.Id > 0);
            if (round == 1) _instances[served] = await StartAsync(served);
        }
        var titles = await (await _instances.First(i => i is { HasExited: false })!.SignInAsync("director", Password))
            .GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/deals");
        var names = titles.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("title").GetString()).ToList();
        Assert.Equal(["До сбоя", "После сбоя 1", "После сбоя 2"], names.Order());
    }

    /// <summary>Which instance holds the page's circuit: the one that answered its last negotiation, as the proxy's log
    /// says (the last address of the line is the one that answered).</summary>
    private int ServedBy()
    {
        var line = File.ReadAllLines(Path.Combine(_folder, "access.log"))
            .Last(l => l.Contains("\"POST /_blazor/negotiate", StringComparison.Ordinal) && l.EndsWith(" 200", StringComparison.Ordinal));
        var answered = line[..line.IndexOf('"', StringComparison.Ordinal)].Split(',')[^1].Trim();
        var port = int.Parse(answered.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        return Array.IndexOf(_ports, port);
    }

    private Task<AppProcess> StartAsync(int index)
    {
        var home = Path.Combine(_folder, $"home-{index}");
        Directory.CreateDirectory(home);
        return AppProcess.StartAsync("Postgres", _database, new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["Storage__Path"] = Path.Combine(_folder, "files"),
        }, _ports[index]);
    }

    private async Task StartNginxAsync()
    {
        var site = (await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx", "voronka.conf")))
            .Replace("127.0.0.1:5001", $"127.0.0.1:{_ports[0]}")
            .Replace("127\\.0\\.0\\.1:5001", $"127\\.0\\.0\\.1:{_ports[0]}")
            .Replace("127.0.0.1:5002", $"127.0.0.1:{_ports[1]}")
            .Replace("127\\.0\\.0\\.1:5002", $"127\\.0\\.0\\.1:{_ports[1]}");
        site = ListenPattern().Replace(site, $"listen 127.0.0.1:{_proxyPort};");
        Assert.Contains($"listen 127.0.0.1:{_proxyPort};", site);
        await File.WriteAllTextAsync(Path.Combine(_folder, "voronka.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(_folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{_folder}}/nginx.pid;
            error_log {{_folder}}/error.log;
            events { worker_connections 256; }
            http {
                log_format voronka '$upstream_addr "$request" $status';
                access_log {{_folder}}/access.log voronka;
                client_body_temp_path {{_folder}}/body;
                proxy_temp_path {{_folder}}/proxy;
                fastcgi_temp_path {{_folder}}/fastcgi;
                uwsgi_temp_path {{_folder}}/uwsgi;
                scgi_temp_path {{_folder}}/scgi;
                include {{_folder}}/voronka.conf;
            }
            """);
        // Workers of a master started by root run as nobody and write their temporary files here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder, (UnixFileMode)0b111_111_111);
        _nginx = Process.Start(new ProcessStartInfo("nginx", ["-p", _folder, "-c", Path.Combine(_folder, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_proxyPort}") };
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(_nginx.HasExited, "nginx stopped: " + await _nginx.StandardError.ReadToEndAsync());
            await Task.Delay(100);
        }
        throw new TimeoutException("nginx did not answer in ten seconds.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "deploy", "nginx", "voronka.conf"))) return dir.FullName;
        throw new DirectoryNotFoundException("deploy/nginx/voronka.conf is not above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        foreach (var instance in _instances) if (instance is not null) await instance.DisposeAsync();
        TestDatabase.DropPostgres(_database);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }

    [GeneratedRegex(@"listen\s+\d+;")]
    private static partial Regex ListenPattern();
}
