using System.Globalization;
using Voronka.Core.Data;
using Voronka.Core.Features.Backups;
using Voronka.Core.Features.Reports;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// What the app does instead of serving, when started with a command: <c>migrate</c>, <c>backup &lt;file or folder&gt;</c>,
/// <c>restore &lt;file&gt; [--force]</c>, <c>verify</c>. Each prints what it did and ends with 0, or 1 when it failed or
/// found a difference.
/// </summary>
internal sealed record Command(string Name, string? Operand, bool Force)
{
    private static readonly string[] Names = ["migrate", "backup", "restore", "verify"];

    /// <summary>The command in the arguments, if any, and the arguments left for the host.</summary>
    public static (Command? Command, string[] HostArgs) Parse(string[] args)
    {
        var at = Array.FindIndex(args, a => Names.Contains(a));
        string? operand = null;
        var taken = new HashSet<int>();
        if (at >= 0)
        {
            taken.Add(at);
            if (at + 1 < args.Length && !args[at + 1].StartsWith('-'))
            {
                operand = args[at + 1];
                taken.Add(at + 1);
            }
        }
        var force = args.Contains("--force");
        var host = args.Where((a, i) => !taken.Contains(i) && a is not ("--demo" or "--force")).ToArray();
        return (at >= 0 ? new Command(args[at], operand, force) : null, host);
    }

    /// <summary>Whether the schema is brought up to date before the command: a backup takes the database as it is,
    /// and a restore does it after putting the database back.</summary>
    public bool MigratesFirst => Name is "migrate" or "verify";

    public async Task<int> RunAsync(IServiceProvider services)
    {
        try
        {
            return Name switch
            {
                "migrate" => Done("The database is up to date."),
                "backup" => await BackupAsync(services),
                "restore" => await RestoreAsync(services),
                _ => await VerifyAsync(services),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private async Task<int> BackupAsync(IServiceProvider services)
    {
        var target = Operand ?? "backups" + Path.DirectorySeparatorChar;
        var (path, manifest) = await services.GetRequiredService<BackupService>().BackupAsync(target);
        Console.WriteLine($"Backup taken: {path}");
        Print(manifest);
        return 0;
    }

    private async Task<int> RestoreAsync(IServiceProvider services)
    {
        if (Operand is null)
        {
            await Console.Error.WriteLineAsync("restore needs the backup's file: restore <file> [--force].");
            return 1;
        }
        var manifest = await services.GetRequiredService<BackupService>().RestoreAsync(Operand, Force);
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        Console.WriteLine($"Restored the backup taken at {manifest.TakenAt.ToString("u", CultureInfo.InvariantCulture)}.");
        Print(manifest);
        return 0;
    }

    private static async Task<int> VerifyAsync(IServiceProvider services)
    {
        var checks = await services.GetRequiredService<KeptFiguresCheck>().RunAsync();
        foreach (var c in checks)
        {
            Console.WriteLine(c.Same
                ? $"{c.Figure}: {c.Kept} rows, the same as recomputed"
                : $"{c.Figure}: {c.Differing} rows differ ({c.Kept} kept, {c.Recomputed} recomputed)");
            foreach (var example in c.Examples) Console.WriteLine("  " + example);
        }
        var differing = checks.Count(c => !c.Same);
        Console.WriteLine(differing == 0 ? "Every kept figure equals its recomputation." : $"{differing} kept figure(s) differ.");
        return differing == 0 ? 0 : 1;
    }

    private static void Print(BackupManifest m)
    {
        Console.WriteLine($"Database: {m.Provider}, migration {m.Migration}; files: {m.Files}");
        Console.WriteLine(string.Join(", ", m.Counts.Select(c => $"{c.Key} {c.Value}")));
    }

    private static int Done(string message)
    {
        Console.WriteLine(message);
        return 0;
    }
}
