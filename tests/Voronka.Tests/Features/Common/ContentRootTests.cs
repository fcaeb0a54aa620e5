using System.Diagnostics;
using Voronka.Core.Data;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Common;

public class ContentRootTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void The_app_s_own_folder_is_the_content_root_unless_the_command_line_or_the_environment_names_one()
    {
        Func<string, string?> none = NoEnvironment.GetValueOrDefault;
        Assert.Equal("/opt/voronka/", AppContentRoot.Pick(["--urls", "http://localhost:5080"], none, "/opt/voronka/"));
        Assert.Null(AppContentRoot.Pick(["--contentRoot", "/srv/x"], NoEnvironment.GetValueOrDefault, "/opt/voronka/"));
        Assert.Null(AppContentRoot.Pick(["--contentroot=/srv/x"], NoEnvironment.GetValueOrDefault, "/opt/voronka/"));
        Dictionary<string, string> aspnet = new() { ["ASPNETCORE_CONTENTROOT"] = "/srv/x" };
        Assert.Null(AppContentRoot.Pick([], aspnet.GetValueOrDefault, "/opt/voronka/"));
        Dictionary<string, string> dotnet = new() { ["DOTNET_CONTENTROOT"] = "/srv/x" };
        Assert.Null(AppContentRoot.Pick([], dotnet.GetValueOrDefault, "/opt/voronka/"));
    }

    [Fact]
    public void A_relative_SQLite_file_lives_in_the_content_root_and_other_data_sources_are_left_alone()
    {
        Assert.Equal("Data Source=/opt/voronka/data/voronka.db", DatabaseSetup.SqliteFileIn("/opt/voronka", null));
        Assert.Equal("Data Source=/opt/voronka/db/x.db;Cache=Shared",
            DatabaseSetup.SqliteFileIn("/opt/voronka", "Data Source=db/x.db;Cache=Shared"));
        Assert.Equal("Data Source=/var/x.db", DatabaseSetup.SqliteFileIn("/opt/voronka", "Data Source=/var/x.db"));
        Assert.Equal("Data Source=:memory:", DatabaseSetup.SqliteFileIn("/opt/voronka", "Data Source=:memory:"));
        Assert.Equal("Data Source=x;Mode=Memory", DatabaseSetup.SqliteFileIn("/opt/voronka", "Data Source=x;Mode=Memory"));
    }

    [Fact]
    public async Task Started_from_another_folder_the_app_reads_its_own_settings_and_keeps_its_database_beside_itself()
    {
        var appFolder = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        var name = $"voronka-root-{Guid.NewGuid():N}.db";
        var elsewhere = Directory.CreateTempSubdirectory("voronka-cwd-").FullName;
        var expected = Path.Combine(appFolder, "data", name);
        try
        {
            var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "migrate"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = elsewhere,
            };
            start.Environment["Database__Provider"] = "Sqlite";
            start.Environment["ConnectionStrings__Voronka"] = $"Data Source=data/{name}";
            start.Environment.Remove("ASPNETCORE_CONTENTROOT");
            start.Environment.Remove("DOTNET_CONTENTROOT");
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());

            Assert.True(File.Exists(expected), $"no database at {expected}");
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")));
            // appsettings.json keeps Entity Framework at Warning; without it every SQL command is logged.
            Assert.DoesNotContain("Executed DbCommand", output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { expected, expected + "-wal", expected + "-shm" }) File.Delete(f);
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
