using System.Diagnostics;
using System.Globalization;
using System.Text;
using Voronka.Core.Data;

namespace Voronka.Bench;

/// <summary>The app as its own process, as it runs in production (Release, server GC, warnings only in its log), with its
/// Prometheus endpoint on so the run can read the managed heap next to the process's resident memory.</summary>
internal sealed class AppUnderLoad : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _home;

    private AppUnderLoad(Process process, string home)
    {
        _process = process;
        _home = home;
    }

    public static AppUnderLoad Start(string app, DatabaseProvider provider, string connection, int port)
    {
        app = Path.GetFullPath(app);
        if (!File.Exists(app)) throw new FileNotFoundException($"Build the app first (dotnet build src/Voronka.Web -c Release): {app}");
        var home = Directory.CreateTempSubdirectory("voronka-load-").FullName;
        var start = new ProcessStartInfo("dotnet", [app, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = provider.ToString();
        start.Environment["ConnectionStrings__Voronka"] = connection;
        start.Environment["Storage__Path"] = Path.Combine(home, "files");
        start.Environment["Telemetry__Prometheus"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var run = new AppUnderLoad(process, home);
        process.OutputDataReceived += (_, e) => run.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => run.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public string Log()
    {
        lock (_log) return _log.ToString();
    }

    public static async Task WaitReadyAsync(HttpClient http, AppUnderLoad? app)
    {
        for (var i = 0; i < 240; i++)
        {
            if (app?._process.HasExited == true) throw new TimeoutException("The app stopped.");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("The app did not become ready in two minutes.");
    }

    /// <summary>Resident memory of the process, bytes.</summary>
    public long? Rss()
    {
        if (_process.HasExited) return null;
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The managed heap after the last collection, summed over generations, from the app's /metrics.</summary>
    public static async Task<long?> HeapAsync(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync("/metrics");
            long sum = 0;
            var found = false;
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal)) continue;
                sum += (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                found = true;
            }
            return found ? sum : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        try { Directory.Delete(_home, recursive: true); }
        catch (IOException) { }
    }
}
