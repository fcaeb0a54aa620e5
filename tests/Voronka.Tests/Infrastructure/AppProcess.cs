using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Voronka.Core.Features.Auth;

namespace Voronka.Tests.Infrastructure;

/// <summary>Voronka as its own process on a test's database, on a loopback port, killed or stopped at the end.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>A client of this instance alone.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the app and waits until it is ready (the database answers, the schema is this version's).</summary>
    /// <param name="provider">Sqlite or Postgres.</param>
    /// <param name="connectionString">The database.</param>
    /// <param name="settings">More settings, as environment variables (<c>Section__Key</c>).</param>
    /// <param name="port">The port, a free one when not given.</param>
    public static async Task<AppProcess> StartAsync(string provider, string connectionString,
        IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var p = port ?? FreePort();
        var start = StartInfo(["--urls", $"http://127.0.0.1:{p}"]);
        start.Environment["Database__Provider"] = provider;
        start.Environment["ConnectionStrings__Voronka"] = connectionString;
        start.Environment["Reports__DailySnapshots"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var instance = new AppProcess(Process.Start(start)!, p);
        for (var i = 0; i < 600; i++)
        {
            if (instance._process.HasExited) break;
            try
            {
                if ((await instance.Http.GetAsync("/health/ready")).IsSuccessStatusCode) return instance;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        await instance.DisposeAsync();
        throw new InvalidOperationException("Voronka did not start:\n" + instance.Log);
    }

    /// <summary>Runs the app with a command (migrate, backup, restore, verify) to its end.</summary>
    /// <returns>Its exit code and what it printed.</returns>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IEnumerable<string> args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The built app with these arguments, in the test environment, its output read by the caller.</summary>
    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        return start;
    }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public async Task<HttpClient> SignInAsync(string login, string password = VoronkaApp.Password)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/auth/token", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no disposal, no transaction ended.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        Http.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
