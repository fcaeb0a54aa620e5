using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Voronka.Tests.Features.Common;

public class MigrateCommandTests
{
    [Fact]
    public async Task The_migrate_command_brings_an_empty_database_up_to_date_and_exits()
    {
        var file = Path.Combine(Path.GetTempPath(), $"voronka-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "migrate"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
            };
            start.Environment["Database__Provider"] = "Sqlite";
            start.Environment["ConnectionStrings__Voronka"] = $"Data Source={file}";
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
            Assert.Contains("up to date", output);

            await using var db = new SqliteConnection($"Data Source={file};Pooling=False");
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM \"__EFMigrationsHistory\"; ";
            Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 1);
            cmd.CommandText = "SELECT count(*) FROM \"Stages\"";
            Assert.True((long)(await cmd.ExecuteScalarAsync())! > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
