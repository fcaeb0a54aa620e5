using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Features.Backups;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Features.Files;
using Voronka.Tests.Features.Instances;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Backups;

/// <summary>
/// The demo company backed up while it runs, restored by the command into an empty database and file store: the copy
/// starts with the same reports and files, its kept figures equal their recomputation, and a kept figure broken on
/// purpose is found by the check, which changes nothing.
/// </summary>
public class BackupTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task A_backup_restored_into_an_empty_database_starts_with_the_same_reports_and_files()
    {
        var folder = Directory.CreateTempSubdirectory("voronka-backup-test-").FullName;
        var target = TestDatabase.Create($"voronka_restored_{Guid.NewGuid():N}");
        try
        {
            var director = await app.Demo("director");
            var reports = Reports(app.Today);
            var before = new List<string>();
            foreach (var url in reports) before.Add(await director.GetStringAsync(url));
            var deal = await app.Db(db => db.Deals.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
            var file = await director.PostAsync("/api/v1/files",
                    FileApiTests.Form("Deal", deal, new ByteArrayContent(FileApiTests.Pdf), "Договор.pdf"))
                .Expect<Core.Features.Files.FileResponse>(System.Net.HttpStatusCode.Created);

            var (path, manifest) = await app.Services.GetRequiredService<BackupService>().BackupAsync(folder + Path.DirectorySeparatorChar);
            Assert.True(File.Exists(path));
            Assert.False(File.Exists(path + ".partial"));
            Assert.True(manifest.Counts["deals"] > 1000);
            Assert.True(manifest.Files > 0);

            var restoredFiles = Path.Combine(folder, "files");
            string[] settings = [$"--Database:Provider={TestDatabase.Provider}", $"--ConnectionStrings:Voronka={target}",
                $"--Storage:Path={restoredFiles}"];
            var restore = await AppProcess.RunCommandAsync(["restore", path, .. settings]);
            Assert.True(restore.ExitCode == 0, restore.Output);
            Assert.Contains($"deals {manifest.Counts["deals"]}", restore.Output);
            var again = await AppProcess.RunCommandAsync(["restore", path, .. settings]);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("Restoring over a database that already has people in it needs --force.", again.Output);

            await using var restored = new OtherInstance(TestDatabase.Provider, target, app.Clock, filesPath: restoredFiles);
            var copy = restored.CreateClient();
            var token = await copy.PostJson("/api/v1/auth/token", new { login = "director", password = DemoApp.DemoPassword })
                .Expect<Core.Features.Auth.TokenResponse>();
            copy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            for (var i = 0; i < reports.Length; i++) Assert.Equal(before[i], await copy.GetStringAsync(reports[i]));
            Assert.Equal(FileApiTests.Pdf, await copy.GetByteArrayAsync($"/api/v1/files/{file.Id}"));

            var verify = await AppProcess.RunCommandAsync(["verify", .. settings]);
            Assert.True(verify.ExitCode == 0, verify.Output);
            Assert.Contains("Every kept figure equals its recomputation.", verify.Output);
            var check = restored.Services.GetRequiredService<KeptFiguresCheck>();
            var checks = await check.RunAsync();
            Assert.All(checks, c => Assert.True(c.Same, $"{c.Figure}: {string.Join("; ", c.Examples)}"));
            Assert.Contains(checks, c => c.Figure == "ActivityDays" && c.Kept > 100);

            // A kept cell off by one: the check names it on both sides, and leaves it as it found it.
            await using (var db = await restored.Services.GetRequiredService<IDbContextFactory<Core.Data.VoronkaDbContext>>()
                .CreateDbContextAsync())
            {
                var cell = await db.ActivityDays.OrderBy(a => a.Day).ThenBy(a => a.UserId).ThenBy(a => a.Type).FirstAsync();
                await db.ActivityDays.Where(a => a.Day == cell.Day && a.UserId == cell.UserId && a.Type == cell.Type)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Count, a => a.Count + 1));
            }
            for (var round = 0; round < 2; round++)
            {
                var found = await check.RunAsync();
                var days = Assert.Single(found, c => !c.Same);
                Assert.Equal("ActivityDays", days.Figure);
                Assert.Equal(2, days.Differing);
                Assert.Equal(2, days.Examples.Count);
            }
        }
        finally
        {
            TestDatabase.Drop(target);
            Directory.Delete(folder, true);
        }
    }

    private static string[] Reports(DateOnly today)
    {
        var range = $"from={today.AddMonths(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        return
        [
            $"/api/v1/reports/funnel?{range}",
            $"/api/v1/reports/funnel?view=flow&{range}",
            $"/api/v1/reports/activity?{range}&by=week",
            $"/api/v1/reports/bottlenecks?{range}",
            "/api/v1/reports/dashboard",
        ];
    }
}
