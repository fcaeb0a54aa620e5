using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Bench;

/// <summary>What the load run is told: how many users, for how long, against which app.</summary>
public sealed record LoadOptions(int Users, int Seconds, int WarmUpSeconds, string? Url, string App, int Port, string? Output, int Seed,
    string? AppLog = null, double? Rate = null, bool Drill = false, string? Only = null);

/// <summary>
/// Managers working at once through the API over loopback: they open their deal list, deal cards, board columns and
/// the dashboard, move deals, log calls and set and complete tasks, without pauses or at a given rate. Every answer is timed and checked;
/// the app's memory is read every ten seconds. The app is started as its own process unless a URL is given.
/// </summary>
public static class LoadRun
{
    internal sealed record Seller(int Id, string Token, int[] Deals, Dictionary<int, int> StageOf);

    internal sealed record Setup(int[] OpenStages, int[] MoveStages, List<Seller> Sellers);

    public static async Task<int> RunAsync(IDbContextFactory<VoronkaDbContext> factory, DatabaseProvider provider, string connection,
        LoadOptions options)
    {
        if (options.Only is string only && !LoadUser.Reads.Concat(LoadUser.Writes).Contains(only))
            throw new ArgumentException($"--only takes one of: {string.Join(", ", LoadUser.Reads.Concat(LoadUser.Writes))}.");
        var setup = await PrepareAsync(factory, options.Users);
        await VacuumAsync(factory, provider);
        var deadlocksBefore = await DeadlocksAsync(factory, provider);
        using var app = options.Url is null ? AppUnderLoad.Start(options.App, provider, connection, options.Port) : null;
        var baseUrl = options.Url ?? $"http://127.0.0.1:{options.Port}";
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Users * 2, UseCookies = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60),
        };
        try
        {
            await AppUnderLoad.WaitReadyAsync(http, app);
        }
        catch (TimeoutException)
        {
            Console.WriteLine(app?.Log());
            throw;
        }
        Console.WriteLine($"{setup.Sellers.Count} managers, {setup.Sellers.Sum(s => s.Deals.Length):N0} open deals of theirs; "
            + $"warm-up {options.WarmUpSeconds} s, then {options.Seconds} s");

        var memory = new List<(double Seconds, long Rss, long? Heap)>();
        var samples = new Samples();
        await RunPhaseAsync(http, setup, options, TimeSpan.FromSeconds(options.WarmUpSeconds), new Samples(), null);
        var watch = Stopwatch.StartNew();
        await RunPhaseAsync(http, setup, options, TimeSpan.FromSeconds(options.Seconds), samples, async () =>
        {
            var rss = app?.Rss();
            if (rss is long r) memory.Add((watch.Elapsed.TotalSeconds, r, await AppUnderLoad.HeapAsync(http)));
        });
        var elapsed = watch.Elapsed.TotalSeconds;
        var deadlocks = await DeadlocksAsync(factory, provider) - deadlocksBefore;
        var report = LoadReport.Write(samples, elapsed, memory, deadlocks, options, app?.Log());
        if (app is not null && options.AppLog is not null) await File.WriteAllTextAsync(options.AppLog, app.Log());
        Console.WriteLine(string.Join('\n', report.Lines));
        if (options.Output is not null) await File.AppendAllLinesAsync(options.Output, report.Lines);
        return report.Met ? 0 : 1;
    }

    private static async Task RunPhaseAsync(HttpClient http, Setup setup, LoadOptions options, TimeSpan length, Samples samples,
        Func<Task>? sample)
    {
        using var stop = new CancellationTokenSource(length);
        var users = setup.Sellers.Select((s, i) =>
            Task.Run(() => new LoadUser(http, setup, s, samples, options.Seed + i, options.Rate / options.Users, options.Only)
                .RunAsync(stop.Token)));
        var sampler = sample is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await sample();
                try { await Task.Delay(TimeSpan.FromSeconds(10), stop.Token); }
                catch (OperationCanceledException) { }
            }
            await sample();
        });
        await Task.WhenAll(users.Append(sampler));
    }

    /// <summary>The first managers of the company (team by team) with a token each and their open deals.</summary>
    private static async Task<Setup> PrepareAsync(IDbContextFactory<VoronkaDbContext> factory, int users)
    {
        await using var db = await factory.CreateDbContextAsync();
        var pipeline = await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var open = await db.Stages.Where(s => s.PipelineId == pipeline && s.Kind == StageKind.Open).OrderBy(s => s.Position)
            .Select(s => new { s.Id, s.RequiredFields }).ToListAsync();
        var managers = await db.Users.Where(u => u.Role == UserRole.Manager && u.IsActive).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.TeamId }).ToListAsync();
        await using var none = new ServiceCollection().BuildServiceProvider();
        var tokens = new TokenService(factory, none.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            new SignIns(factory, TimeProvider.System));
        var sellers = new List<Seller>();
        foreach (var m in managers)
        {
            if (sellers.Count == users) break;
            var deals = await db.Deals.Where(d => d.OwnerId == m.Id && d.PipelineId == pipeline && d.ClosedAt == null)
                .Select(d => new { d.Id, d.StageId }).ToListAsync();
            if (deals.Count == 0) continue;
            var token = await tokens.CreatePersonalAsync(new Actor(m.Id, UserRole.Manager, m.TeamId),
                new PersonalTokenRequest($"load {DateTime.UtcNow:yyyy-MM-dd HH:mm}", ExpiresInDays: 1));
            sellers.Add(new Seller(m.Id, token.Token, deals.Select(d => d.Id).ToArray(), deals.ToDictionary(d => d.Id, d => d.StageId)));
        }
        if (sellers.Count < users)
            throw new InvalidOperationException($"The database has {sellers.Count} active managers with open deals, not {users}.");
        // Moves go between the open stages that require nothing but the expected close date the move sends.
        var moveStages = open.Where(s => s.RequiredFields.All(f => f == "expectedCloseDate")).Select(s => s.Id).ToArray();
        return new Setup(open.Select(s => s.Id).ToArray(), moveStages, sellers);
    }

    /// <summary>Each run starts as a working day does after autovacuum's night: the dead rows of the runs before it
    /// cleared and the open deals' pages marked all-visible again, so its figures do not depend on how many ran before.</summary>
    private static async Task VacuumAsync(IDbContextFactory<VoronkaDbContext> factory, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Postgres) return;
        await using var db = await factory.CreateDbContextAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)");
    }

    private static async Task<long> DeadlocksAsync(IDbContextFactory<VoronkaDbContext> factory, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Postgres) return 0;
        // A drill may have restarted the server since the pool's connections were made.
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<long>(
            "SELECT deadlocks + conflicts AS \"Value\" FROM pg_stat_database WHERE datname = current_database()").SingleAsync();
    }
}

/// <summary>The answers of one run: the time of each by kind, and the ones that were not a success.</summary>
internal sealed class Samples
{
    private readonly Lock _gate = new();
    public Dictionary<string, List<double>> Times { get; } = [];
    public Dictionary<string, int> Failures { get; } = [];
    public List<string> FailureExamples { get; } = [];

    // failed: the status of an answer that was not a success; 0 when no answer came.
    public void Add(string kind, double ms, HttpStatusCode? failed, string? body)
    {
        lock (_gate)
        {
            if (!Times.TryGetValue(kind, out var list)) Times[kind] = list = [];
            list.Add(ms);
            if (failed is not HttpStatusCode code) return;
            var key = $"{kind} {(int)code}";
            Failures[key] = Failures.GetValueOrDefault(key) + 1;
            if (FailureExamples.Count < 10) FailureExamples.Add($"{key}: {body?[..Math.Min(body.Length, 300)]}");
        }
    }
}

/// <summary>One manager's loop: five reads to a write, each picked at random with fixed weights.</summary>
internal sealed class LoadUser(HttpClient http, LoadRun.Setup setup, LoadRun.Seller seller, Samples samples, int seed, double? rate,
    string? only)
{
    public static readonly string[] Reads = ["deal list", "deal card", "board column", "dashboard"];
    public static readonly string[] Writes = ["move", "call logged", "task set", "task completed"];
    private readonly Random _random = new(seed);
    private readonly Queue<(int Id, int Version)> _tasks = new();
    private TimeSpan _late;

    public async Task RunAsync(CancellationToken stop)
    {
        // With a rate, each request has its moment (a user's share of the rate, from a random start) and a late one is
        // timed from its moment, not from when it could be sent: a slow answer shows in the times of the ones after it.
        var every = rate is double r ? TimeSpan.FromSeconds(1 / r) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var due = every * _random.NextDouble();
        while (!stop.IsCancellationRequested)
        {
            if (rate is not null)
            {
                if (due > clock.Elapsed)
                {
                    try { await Task.Delay(due - clock.Elapsed, stop); }
                    catch (OperationCanceledException) { break; }
                }
                _late = clock.Elapsed - due;
                due += every;
            }
            var deal = seller.Deals[_random.Next(seller.Deals.Length)];
            var step = (only ?? KindOf(_random.Next(60))) switch
            {
                "deal list" => Read("deal list", $"/api/v1/deals?status=open&page={1 + _random.Next(5)}&pageSize=25"),
                "deal card" => Read("deal card", $"/api/v1/deals/{deal}"),
                "board column" => Read("board column",
                    $"/api/v1/board/stages/{setup.OpenStages[_random.Next(setup.OpenStages.Length)]}/cards?take=20"),
                "dashboard" => Read("dashboard", "/api/v1/reports/dashboard"),
                "move" => MoveAsync(deal),
                "call logged" => Write("call logged", HttpMethod.Post, "/api/v1/activities", new
                {
                    type = "Call", dealId = deal, direction = "Outgoing", durationSeconds = 30 + _random.Next(600),
                    callResult = _random.Next(3) == 0 ? "NoAnswer" : "Connected", subject = "Звонок",
                }),
                _ => TaskAsync(deal),
            };
            try { await step; }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }
    }

    /// <summary>The kind of request a roll out of sixty picks: reads fifty (the deal list 12, a deal card 18, a board
    /// column 15, the dashboard 5), writes ten (moves 4, calls logged 4, tasks set or completed 2).</summary>
    private static string KindOf(int roll) => roll switch
    {
        < 12 => "deal list", < 30 => "deal card", < 45 => "board column", < 50 => "dashboard", < 54 => "move",
        < 58 => "call logged", _ => "tasks",
    };

    private Task Read(string kind, string url) => Send(kind, new HttpRequestMessage(HttpMethod.Get, url));

    private Task<JsonElement?> Write(string kind, HttpMethod method, string url, object body) =>
        Send(kind, new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });

    private async Task MoveAsync(int deal)
    {
        var to = setup.MoveStages.Where(s => s != seller.StageOf[deal]).ToArray();
        var stage = to[_random.Next(to.Length)];
        var close = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30 + _random.Next(60)))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = new { stageId = stage, expectedCloseDate = close };
        if (await Write("move", HttpMethod.Post, $"/api/v1/deals/{deal}/move", body) is not null)
            seller.StageOf[deal] = stage;
    }

    // Half the task writes set a task for tomorrow, half complete one set earlier.
    private async Task TaskAsync(int deal)
    {
        if (_tasks.Count > 0 && _random.Next(2) == 0)
        {
            var (id, version) = _tasks.Dequeue();
            await Write("task completed", HttpMethod.Post, $"/api/v1/tasks/{id}/complete",
                new { result = "Перезвонил", version });
            return;
        }
        var due = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var task = await Write("task set", HttpMethod.Post, "/api/v1/tasks",
            new { dealId = deal, kind = "Call", dueAt = due, title = "Перезвонить" });
        if (task is JsonElement t) _tasks.Enqueue((t.GetProperty("id").GetInt32(), t.GetProperty("version").GetInt32()));
    }

    private async Task<JsonElement?> Send(string kind, HttpRequestMessage request)
    {
        request.Headers.Authorization = new("Bearer", seller.Token);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request);
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            samples.Add(kind, (watch.Elapsed + _late).TotalMilliseconds, 0, e.Message);
            return null;
        }
        using var answered = response;
        var ms = (watch.Elapsed + _late).TotalMilliseconds;
        var ok = response.IsSuccessStatusCode;
        samples.Add(kind, ms, ok ? null : response.StatusCode, ok ? null : body);
        return ok && body.Length > 0 && Writes.Contains(kind) ? JsonDocument.Parse(body).RootElement.Clone() : null;
    }
}
