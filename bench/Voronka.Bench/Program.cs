using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Voronka.Core.Data;

namespace Voronka.Bench;

// Voronka.Bench generate|run|day|import|load --provider Sqlite|Postgres --connection "…" [options]; see docs/performance.md.
internal static class BenchProgram
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("generate" or "run" or "day" or "import" or "load"))
        {
            Console.WriteLine("""
                usage:
                  Voronka.Bench generate --provider Sqlite|Postgres --connection "…" [--deals 1000000] [--activities 10000000] [--seed 1]
                                         [--teams 10] [--managers-per-team 10] [--companies 50000] [--months 36]
                  Voronka.Bench run      --provider Sqlite|Postgres --connection "…" [--runs 5] [--out results.md] [--trace-ms 50] [--only funnel]
                  Voronka.Bench day      --provider Sqlite|Postgres --connection "…" [--deals 20000] [--out results.md]
                  Voronka.Bench import   --provider Sqlite|Postgres --connection "…" [--deals 100000] [--activities-per-deal 10]
                                         [--out results.md]
                  Voronka.Bench load     --provider Sqlite|Postgres --connection "…" [--users 50] [--seconds 600] [--warm-up 30]
                                         [--app src/Voronka.Web/bin/Release/net10.0/Voronka.Web.dll] [--port 5300] [--url http://…]
                                         [--rate 200] [--drill true] [--only "deal card"] [--seed 1] [--out results.md] [--app-log app.log]
                """);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        string Get(string key, string fallback) => options.TryGetValue(key, out var v) ? v : fallback;
        var provider = Enum.Parse<DatabaseProvider>(Get("provider", "Sqlite"), ignoreCase: true);
        var connection = Get("connection", "Data Source=data/bench.db");

        var services = new ServiceCollection();
        var trace = options.TryGetValue("trace-ms", out var t) ? int.Parse(t) : (int?)null;
        services.AddDbContextFactory<VoronkaDbContext>(o =>
        {
            DatabaseSetup.Configure(o, provider, connection);
            // --trace-ms N prints every statement of the services that took N ms or more.
            if (trace is int ms)
                o.AddInterceptors(new SlowCommands(ms));
        });
        await using var provided = services.BuildServiceProvider();
        var factory = provided.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await new DatabaseInitializer(factory, NullLogger<DatabaseInitializer>.Instance).MigrateAsync();

        if (args[0] == "generate")
        {
            await Loader.GenerateAsync(factory, provider, connection, new GenerateOptions(
                int.Parse(Get("deals", "1000000")), long.Parse(Get("activities", "10000000")), int.Parse(Get("seed", "1")),
                int.Parse(Get("teams", "10")), int.Parse(Get("managers-per-team", "10")), int.Parse(Get("companies", "50000")), int
                    .Parse(Get("months", "36"))));
            return 0;
        }

        if (args[0] == "import")
            return await ImportLoad.RunAsync(factory, int.Parse(Get("deals", "100000")), int.Parse(Get("activities-per-deal", "10")),
                options.GetValueOrDefault("out"));
        if (args[0] == "load")
            return await LoadRun.RunAsync(factory, provider, connection, new LoadOptions(int.Parse(Get("users", "50")),
                int.Parse(Get("seconds", "600")), int.Parse(Get("warm-up", "30")), options.GetValueOrDefault("url"),
                Get("app", "src/Voronka.Web/bin/Release/net10.0/Voronka.Web.dll"), int.Parse(Get("port", "5300")),
                options.GetValueOrDefault("out"), int.Parse(Get("seed", "1")), options.GetValueOrDefault("app-log"),
                options.TryGetValue("rate", out var rate) ? double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) : null,
                bool.Parse(Get("drill", "false")), options.GetValueOrDefault("only")));
        if (args[0] == "day") return await DayLoad.RunAsync(factory, int.Parse(Get("deals", "20000")), options.GetValueOrDefault("out"));

        var differences = await Runner.RunAsync(factory, provider, connection, int.Parse(Get("runs", "5")), options
            .GetValueOrDefault("out"), options.GetValueOrDefault("only"));
        return differences.Count == 0 ? 0 : 1;
    }
}
