using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Core.Features.Import;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Import;

/// <summary>A company whose own host runs no import step: the steps are left to the processes a test starts.</summary>
public class NoStepsApp : VoronkaApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Import:RunSteps", "false");
    }
}

/// <summary>
/// An instance killed with SIGKILL in the middle of an import's commit leaves nothing of it written; the next instance
/// to start marks the batch failed once its heartbeat is stale, and the data reads as before.
/// </summary>
public class ImportKillTests(NoStepsApp app) : IClassFixture<NoStepsApp>
{
    private const int Deals = 6_000;

    [Fact]
    public async Task A_commit_killed_midway_leaves_nothing_half_written_and_the_restart_shows_it_failed()
    {
        var before = await CountsAsync();
        int id;
        await using (var first = await StartAsync(app.ConnectionString))
        {
            var c = await first.SignInAsync("director");
            id = (await ImportApiTests.Upload(c, History())).Id;
            var batch = await first.UntilAsync(c, id, ImportStatus.Checked);
            Assert.Equal(0, batch.ErrorCount);
            await c.PostAsync($"/api/v1/imports/{id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
            await first.UntilWritingAsync(id);
            first.Kill();
        }
        // Below the application, straight after the kill: not a row of the batch is there.
        Assert.Equal(before, await CountsAsync());

        await using (var second = await StartAsync(app.ConnectionString))
        {
            var c = await second.SignInAsync("director");
            var batch = await second.UntilAsync(c, id, ImportStatus.Failed);
            Assert.Equal("The commit stopped before it ended; nothing of it was written.", batch.Failure);
            Assert.Equal(0, (await c.GetAsync("/api/v1/deals?externalId=K-1").Expect<Core.Features.Deals.DealListResponse>()).Total);
        }
        Assert.Equal(before, await CountsAsync());
    }

    private async Task<string> CountsAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        var counts = new[]
        {
            await db.Deals.IgnoreQueryFilters().CountAsync(), await db.DealStageChanges.CountAsync(), await db.Activities.CountAsync(),
            await db.Companies.IgnoreQueryFilters().CountAsync(), await db.ImportRecords.CountAsync(), await db.SalesDays.CountAsync(),
        };
        return string.Join(",", counts);
    }

    /// <summary>Two years of a department's deals, each with its path and a dozen calls: enough for a commit of seconds.</summary>
    private static byte[] History()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            StreamWriter Entry(string name) => new(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            var start = new DateTime(2023, 1, 9, 10, 0, 0);
            var owners = new[] { "manager1", "manager2", "manager3" };
            using (var w = Entry("deals.csv"))
            {
                w.WriteLine("external_id;title;stage;owner;created_at;closed_at;status;amount");
                for (var i = 1; i <= Deals; i++)
                {
                    var created = start.AddHours(i * 2);
                    var end = i % 3 == 0 ? $"Успешно;{owners[i % 3]};{created:yyyy-MM-dd HH:mm};{created.AddDays(20):yyyy-MM-dd HH:mm};won"
                        : $"Встреча;{owners[i % 3]};{created:yyyy-MM-dd HH:mm};;open";
                    w.WriteLine($"K-{i};Сделка {i};{end};{i * 100}");
                }
            }
            using (var w = Entry("stage_history.csv"))
            {
                w.WriteLine("deal;stage;entered_at");
                for (var i = 1; i <= Deals; i++)
                {
                    var created = start.AddHours(i * 2);
                    w.WriteLine($"K-{i};Новый лид;{created:yyyy-MM-dd HH:mm}");
                    w.WriteLine($"K-{i};Квалификация;{created.AddDays(3):yyyy-MM-dd HH:mm}");
                    w.WriteLine($"K-{i};Встреча;{created.AddDays(7):yyyy-MM-dd HH:mm}");
                    if (i % 3 == 0) w.WriteLine($"K-{i};Успешно;{created.AddDays(20):yyyy-MM-dd HH:mm}");
                }
            }
            using (var w = Entry("activities.csv"))
            {
                w.WriteLine("external_id;deal;type;at;owner;duration_seconds;direction");
                for (var i = 1; i <= Deals; i++)
                    for (var k = 0; k < 12; k++)
                        w.WriteLine($"KA-{i}-{k};K-{i};call;{start.AddHours(i * 2 + k * 9):yyyy-MM-dd HH:mm};{owners[i % 3]};120;out");
            }
        }
        return buffer.ToArray();
    }

    private static Task<AppProcess> StartAsync(string connectionString) => AppProcess.StartAsync(TestDatabase.Provider,
        connectionString, new Dictionary<string, string> { ["Import__PollSeconds"] = "0.1", ["Import__StaleSeconds"] = "1" });
}

internal static class AppProcessImports
{
    public static async Task<ImportBatchResponse> UntilAsync(this AppProcess instance, HttpClient c, int id, ImportStatus status)
    {
        for (var i = 0; i < 1200; i++)
        {
            var batch = await c.GetAsync($"/api/v1/imports/{id}").Expect<ImportBatchResponse>();
            if (batch.Status == status) return batch;
            Assert.False(batch.Status is ImportStatus.Committed or ImportStatus.Refused || (batch.Status is ImportStatus.Failed
                && status != ImportStatus.Failed), $"The import {id} became {batch.Status}: {batch.Failure}");
            Assert.False(instance.HasExited, "Voronka stopped:\n" + instance.Log);
            await Task.Delay(100);
        }
        throw new TimeoutException($"The import {id} did not become {status} in two minutes:\n{instance.Log}");
    }

    /// <summary>Until the commit has written its deals and not yet its activities, as its log says.</summary>
    public static async Task UntilWritingAsync(this AppProcess instance, int id)
    {
        for (var i = 0; i < 600; i++)
        {
            if (instance.Log.Contains($"Import {id}: 50 % written", StringComparison.Ordinal)) return;
            Assert.False(instance.HasExited, "Voronka stopped:\n" + instance.Log);
            await Task.Delay(50);
        }
        throw new TimeoutException($"The commit of {id} did not write its deals in half a minute:\n{instance.Log}");
    }
}
