using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Import;
using Voronka.Core.Features.People;

namespace Voronka.Bench;

/// <summary>Imports a department's history of the benchmark's size through the import's own services — a ZIP of CSV
/// files with the deals, their stage paths, companies, contacts, lines and activities — and measures the dry run and
/// the commit, and the process's peak memory. The target: the commit of 100,000 deals, 350,000 stage changes and
/// 1,000,000 activities within 2 minutes, in at most 1.5 GB.</summary>
public static class ImportLoad
{
    private static readonly string[] Stages = ["Новый лид", "Квалификация", "Встреча", "КП отправлено", "Переговоры"];

    public static async Task<int> RunAsync(IDbContextFactory<VoronkaDbContext> factory, int deals, int activitiesPerDeal, string? output)
    {
        var (director, owners) = await PeopleAsync(factory);
        var watch = Stopwatch.StartNew();
        var (file, changes, activities) = Generate(deals, activitiesPerDeal, owners);
        var generated = watch.Elapsed;
        var clock = TimeProvider.System;
        var imports = new ImportService(factory, clock);
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var steps = new ImportSteps(factory, clock, logs.CreateLogger<ImportSteps>());
        var actor = new Actor(director, UserRole.Director, null);

        watch.Restart();
        var batch = await imports.UploadAsync(actor, new MemoryStream(file), "bench.zip", null, CancellationToken.None);
        while (await steps.RunNextAsync(CancellationToken.None) && (await imports.GetAsync(actor, batch.Id,
            default)).Status == ImportStatus.Checking) { }
        var checkedIn = watch.Elapsed;
        batch = await imports.GetAsync(actor, batch.Id, default);
        if (batch.ErrorCount > 0 || batch.Status != ImportStatus.Checked)
        {
            Console.WriteLine($"The dry run found {batch.ErrorCount} errors ({batch.Status}: {batch.Failure}).");
            return 1;
        }
        watch.Restart();
        await imports.CommitAsync(actor, batch.Id, CancellationToken.None);
        // A manager keeps working meanwhile: creates and moves deals through the services, each write timed.
        using var stop = new CancellationTokenSource();
        var others = OtherUserAsync(factory, stop.Token);
        await steps.RunNextAsync(CancellationToken.None);
        var committed = watch.Elapsed;
        await stop.CancelAsync();
        var (writes, failures, firstFailure) = await others;
        writes.Sort();
        double Percentile(double p) => writes.Count == 0 ? 0 : writes[Math.Min(writes.Count - 1, (int)(p * writes.Count))];
        batch = await imports.GetAsync(actor, batch.Id, default);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024d / 1024 / 1024;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Import: {deals:N0} deals, {changes:N0} stage changes, {activities:N0} activities; "
                + $"a ZIP of CSV of {file.Length / 1024d / 1024:0.0} MB, "
                + $"made in {generated.TotalSeconds:0} s ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)"),
            "",
            "| step | seconds |",
            "|---|---:|",
            string.Create(CultureInfo.InvariantCulture, $"| upload and dry run | {checkedIn.TotalSeconds:0.0} |"),
            string.Create(CultureInfo.InvariantCulture,
                $"| commit (rows, history, kept figures; one transaction) | {committed.TotalSeconds:0.0} |"),
            string.Create(CultureInfo.InvariantCulture, $"| peak memory of the process, GB | {peak:0.00} |"),
            "",
            string.Create(CultureInfo.InvariantCulture,
                $"Another user's writes during the commit (create and move, one after another): {writes.Count:N0} done, "
                + $"{failures:N0} failed{(firstFailure is null ? "" : $" ({firstFailure})")}; per write median "
                + $"{Percentile(0.5):0} ms, 99th percentile {Percentile(0.99):0} ms, longest {(writes.Count == 0 ? 0 : writes[^1]):0} ms."),
        };
        foreach (var l in lines) Console.WriteLine(l);
        if (output is not null) await File.AppendAllLinesAsync(output, lines.Append(""));
        if (batch.Status != ImportStatus.Committed)
        {
            Console.WriteLine($"The commit did not end: {batch.Status} {batch.Failure}");
            return 1;
        }
        return committed.TotalMinutes <= 2 && peak <= 1.5 ? 0 : 1;
    }

    /// <summary>A manager of the company working while the commit runs: deals created and moved one after another, each
    /// write's time kept; a write refused by the database (busy, a deadlock) is counted as failed.</summary>
    private static async Task<(List<double> Writes, int Failures, string? First)> OtherUserAsync(
        IDbContextFactory<VoronkaDbContext> factory, CancellationToken stop)
    {
        int seller, pipeline, first, second;
        await using (var db = await factory.CreateDbContextAsync())
        {
            seller = await db.Users.Where(u => u.UserName == "import-m1").Select(u => u.Id).FirstAsync();
            pipeline = await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var open = await db.Stages.Where(s => s.PipelineId == pipeline && s.Kind == Core.Features.Pipelines.StageKind.Open)
                .OrderBy(s => s.Position).Select(s => new { s.Id, s.RequiredFields }).ToListAsync();
            (first, second) = (open[0].Id, open.Skip(1).First(s => s.RequiredFields.Count == 0).Id);
        }
        var deals = new Core.Features.Deals.DealsService(factory, TimeProvider.System,
            new Core.Features.Automations.AutomationRunner(factory, TimeProvider.System));
        var actor = new Actor(seller, UserRole.Manager, null);
        var times = new List<double>();
        var (failures, firstFailure) = (0, (string?)null);
        var watch = new Stopwatch();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                watch.Restart();
                var d = await deals.CreateAsync(actor, new Core.Features.Deals.CreateDealRequest($"During the import {i}",
                    PipelineId: pipeline, StageId: first, Amount: 1000));
                times.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                await deals.MoveAsync(actor, d.Id, new Core.Features.Deals.MoveDealRequest(second));
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                failures++;
                firstFailure ??= e.GetBaseException().Message.Split('\n')[0];
            }
            await Task.Delay(20, CancellationToken.None);
        }
        return (times, failures, firstFailure);
    }

    /// <summary>The director who imports and twenty managers who own the history: those there are, or made for the run.</summary>
    private static async Task<(int Director, List<string> Owners)> PeopleAsync(IDbContextFactory<VoronkaDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var director = await db.Users.Where(u => u.Role == UserRole.Director).Select(u => (int?)u.Id).FirstOrDefaultAsync();
        if (director is null)
        {
            var d = Loader.Person("import-director", "Import Director", UserRole.Director, null, null, DateTime.UtcNow);
            db.Users.Add(d);
            await db.SaveChangesAsync();
            director = d.Id;
        }
        for (var i = 1; i <= 20; i++)
            if (!await db.Users.AnyAsync(u => u.UserName == $"import-m{i}"))
                db.Users.Add(Loader.Person($"import-m{i}", $"Import Manager {i}", UserRole.Manager, null, null, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return (director.Value, Enumerable.Range(1, 20).Select(i => $"import-m{i}").ToList());
    }

    /// <summary>The file: three years of deals walking the default pipeline, a company and a contact for every five deals,
    /// a line per deal and <paramref name="perDeal"/> calls and meetings over each deal's life.</summary>
    private static (byte[] File, long Changes, long Activities) Generate(int deals, int perDeal, List<string> owners)
    {
        var rnd = new Random(1);
        var start = DateTime.UtcNow.Date.AddYears(-3);
        long changes = 0, activities = 0;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            StreamWriter Entry(string name) => new(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false),
                1 << 16);
            var companies = Math.Max(1, deals / 5);
            using (var w = Entry("companies.csv"))
            {
                w.WriteLine("external_id;name;owner");
                for (var i = 0; i < companies; i++) w.WriteLine($"C{i};Компания {i};{owners[i % owners.Count]}");
            }
            using (var w = Entry("contacts.csv"))
            {
                w.WriteLine("external_id;company;full_name;phones;owner");
                for (var i = 0; i < companies; i++) w
                    .WriteLine($"P{i};C{i};Контакт {i};+7916{i % 10_000_000:0000000};{owners[i % owners.Count]}");
            }
            using (var w = Entry("products.csv"))
            {
                w.WriteLine("name;price");
                w.WriteLine("Лицензия;50000");
            }
            // A ZIP takes one entry at a time: the four tables written side by side go to files first.
            var parts = new[] { "deals", "stage_history", "deal_lines", "activities" }
                .ToDictionary(n => n, n => Path.Combine(Path.GetTempPath(), $"voronka-import-{n}-{Guid.NewGuid():N}.csv"));
            var writers = parts.ToDictionary(kv => kv.Key, kv => new StreamWriter(kv.Value, false, new UTF8Encoding(false), 1 << 16));
            var (d, h, l, a) = (writers["deals"], writers["stage_history"], writers["deal_lines"], writers["activities"]);
            d.WriteLine("external_id;title;stage;owner;company;contact;created_at;expected_close_date;closed_at;status;loss_reason");
            h.WriteLine("deal;stage;entered_at");
            l.WriteLine("deal;product;quantity");
            a.WriteLine("external_id;deal;type;at;owner;duration_seconds;direction;result");
            for (var i = 0; i < deals; i++)
            {
                var owner = owners[i % owners.Count];
                var company = rnd.Next(companies);
                var t = start.AddMinutes(rnd.Next(3 * 365 * 24 * 60 - 60 * 24 * 90));
                var created = t;
                var reached = rnd.Next(Stages.Length);
                h.WriteLine($"D{i};{Stages[0]};{Iso(t)}");
                for (var s = 1; s <= reached; s++)
                {
                    t = t.AddHours(rnd.Next(4, 24 * 12));
                    h.WriteLine($"D{i};{Stages[s]};{Iso(t)}");
                }
                var outcome = rnd.Next(10);
                var (stage, status, closed, reason) = outcome switch
                {
                    < 3 => ("Успешно", "won", t.AddHours(rnd.Next(4, 24 * 10)), ""),
                    < 8 => ("Проиграно", "lost", t.AddHours(rnd.Next(4, 24 * 10)), "Дорого"),
                    _ => (Stages[reached], "open", (DateTime?)null, ""),
                };
                if (closed is DateTime c) h.WriteLine($"D{i};{stage};{Iso(c)}");
                changes += reached + 1 + (closed is null ? 0 : 1);
                d.WriteLine($"D{i};Сделка {i};{stage};{owner};C{company};{(reached >= 4 ? $"P{company}" : "")};{Iso(created)};"
                    + $"{created.AddDays(60):yyyy-MM-dd};{(closed is DateTime cl ? Iso(cl) : "")};{status};{reason}");
                l.WriteLine($"D{i};Лицензия;{1 + rnd.Next(5)}");
                var end = closed ?? t;
                for (var k = 0; k < perDeal; k++)
                {
                    var at = created.AddMinutes(rnd.NextDouble() * Math.Max(1, (end - created).TotalMinutes));
                    var call = k % 5 != 4;
                    a.WriteLine($"A{i}-{k};D{i};{(call ? "call" : "meeting")};{Iso(at)};{owner};{rnd.Next(30, 900)};{(call ? "out" : "")};"
                        + (call ? "connected" : ""));
                    activities++;
                }
            }
            foreach (var (name, path) in parts)
            {
                writers[name].Dispose();
                using (var entry = zip.CreateEntry($"{name}.csv", CompressionLevel.Fastest).Open())
                using (var part = File.OpenRead(path))
                    part.CopyTo(entry);
                File.Delete(path);
            }
        }
        return (buffer.ToArray(), changes, activities);
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
