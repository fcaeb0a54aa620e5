using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Backups;

/// <summary>What a backup holds, written into it as <c>manifest.json</c>.</summary>
/// <param name="Format">The layout of the archive (1).</param>
/// <param name="Provider">The database it was taken from: Sqlite or Postgres; it is restored into the same kind.</param>
/// <param name="Migration">The last migration of the schema it holds.</param>
/// <param name="TakenAt">When it was taken (UTC).</param>
/// <param name="Counts">Rows of the main tables, to compare with after a restore.</param>
/// <param name="Files">Files of the file store it holds.</param>
public sealed record BackupManifest(int Format, string Provider, string Migration, DateTime TakenAt,
    IReadOnlyDictionary<string, long> Counts, int Files);

/// <summary>
/// A backup is one ZIP archive: the database (SQLite's online backup, or PostgreSQL's <c>pg_dump</c> in its custom
/// format), the file store's files and a manifest. It is written beside its name and renamed when whole, so a backup
/// that stopped midway is never taken for one. A restore puts the database back in one step (SQLite's backup into the
/// file, or <c>pg_restore</c> in a single transaction) and the files into the store; it refuses an archive of the
/// other database and, unless forced, a database that already has people in it.
/// </summary>
public sealed class BackupService(IDbContextFactory<VoronkaDbContext> dbFactory, FileStore files, TimeProvider clock,
    ILogger<BackupService> logger)
{
    private const int Format = 1;
    private const string ManifestEntry = "manifest.json";
    private const string SqliteEntry = "database.sqlite";
    private const string PostgresEntry = "database.pgdump";
    private const string FilesFolder = "files/";

    /// <summary>Takes a backup into <paramref name="target"/>: a .zip file, or a folder to name one in.</summary>
    /// <returns>The archive's path and its manifest.</returns>
    public async Task<(string Path, BackupManifest Manifest)> BackupAsync(string target, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var path = Directory.Exists(target) || target.EndsWith(Path.DirectorySeparatorChar)
            ? Path.Combine(target, $"voronka-{now:yyyy-MM-dd-HHmmss}.zip")
            : target;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var work = Directory.CreateTempSubdirectory("voronka-backup-");
        var partial = path + ".partial";
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var postgres = db.Database.IsNpgsql();
            var dump = Path.Combine(work.FullName, postgres ? PostgresEntry : SqliteEntry);
            if (postgres) await PgDumpAsync(db.Database.GetConnectionString()!, dump, ct);
            else SqliteCopy(db.Database.GetConnectionString()!, $"Data Source={dump}");
            var manifest = new BackupManifest(Format, postgres ? "Postgres" : "Sqlite",
                (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault() ?? "", now, await CountsAsync(db, ct), 0);
            var stored = 0;
            await using (var zip = await ZipFile.OpenAsync(partial, ZipArchiveMode.Create, ct))
            {
                await zip.CreateEntryFromFileAsync(dump, Path.GetFileName(dump), CompressionLevel.Fastest, ct);
                if (Directory.Exists(files.Root))
                {
                    foreach (var file in Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories))
                    {
                        if (file.EndsWith(".part", StringComparison.Ordinal)) continue;
                        var name = FilesFolder + Path.GetRelativePath(files.Root, file).Replace('\\', '/');
                        await zip.CreateEntryFromFileAsync(file, name, CompressionLevel.NoCompression, ct);
                        stored++;
                    }
                }
                manifest = manifest with { Files = stored };
                var entry = zip.CreateEntry(ManifestEntry);
                await using var w = await entry.OpenAsync(ct);
                await JsonSerializer.SerializeAsync(w, manifest, JsonSerializerOptions.Web, ct);
            }
            File.Move(partial, path, overwrite: true);
            logger.LogInformation("Backup taken: {Path}", path);
            return (path, manifest);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
            work.Delete(true);
        }
    }

    /// <summary>Restores the archive into this instance's database and file store.</summary>
    /// <param name="source">The archive.</param>
    /// <param name="force">Restore over a database that already has people in it.</param>
    /// <param name="ct">Stops the restore; a database restored in one step is then as it was.</param>
    public async Task<BackupManifest> RestoreAsync(string source, bool force, CancellationToken ct = default)
    {
        if (!File.Exists(source)) throw new FileNotFoundException($"There is no backup at {source}.", source);
        var work = Directory.CreateTempSubdirectory("voronka-restore-");
        try
        {
            await using var zip = await ZipFile.OpenReadAsync(source, ct);
            var manifestEntry = zip.GetEntry(ManifestEntry)
                ?? throw new InvalidDataException($"{source} is not a Voronka backup: it has no {ManifestEntry}.");
            BackupManifest manifest;
            await using (var r = await manifestEntry.OpenAsync(ct))
                manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(r, JsonSerializerOptions.Web, ct)
                    ?? throw new InvalidDataException($"{source} has an empty manifest.");
            if (manifest.Format != Format)
                throw new InvalidDataException($"{source} is a backup of format {manifest.Format}; this version reads format {Format}.");

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var postgres = db.Database.IsNpgsql();
            if (manifest.Provider != (postgres ? "Postgres" : "Sqlite"))
                throw new InvalidOperationException($"{source} is a backup of {manifest.Provider}; this instance is configured for "
                    + $"{(postgres ? "Postgres" : "Sqlite")} (Database:Provider).");
            var connectionString = db.Database.GetConnectionString()!;
            if (postgres) await EnsurePostgresDatabaseAsync(connectionString, ct);
            if (!force && await HasPeopleAsync(db, ct))
                throw new InvalidOperationException("Restoring over a database that already has people in it needs --force.");

            var dump = Path.Combine(work.FullName, postgres ? PostgresEntry : SqliteEntry);
            var dumpEntry = zip.GetEntry(Path.GetFileName(dump))
                ?? throw new InvalidDataException($"{source} holds no {Path.GetFileName(dump)}.");
            await dumpEntry.ExtractToFileAsync(dump, overwrite: true, ct);
            if (postgres) await PgRestoreAsync(connectionString, dump, ct);
            else
            {
                SqliteConnection.ClearAllPools();
                SqliteCopy($"Data Source={dump}", connectionString);
            }
            await RestoreFilesAsync(zip, ct);
            logger.LogInformation("Backup of {TakenAt:u} restored from {Path}", manifest.TakenAt, source);
            return manifest;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(true);
        }
    }

    /// <summary>The main tables' rows, for the manifest and for a check after a restore.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountsAsync(VoronkaDbContext db, CancellationToken ct) =>
        new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["users"] = await db.Users.LongCountAsync(ct),
            ["companies"] = await db.Companies.IgnoreQueryFilters().LongCountAsync(ct),
            ["contacts"] = await db.Contacts.IgnoreQueryFilters().LongCountAsync(ct),
            ["deals"] = await db.Deals.IgnoreQueryFilters().LongCountAsync(ct),
            ["stageChanges"] = await db.DealStageChanges.LongCountAsync(ct),
            ["activities"] = await db.Activities.LongCountAsync(ct),
            ["tasks"] = await db.Tasks.LongCountAsync(ct),
            ["leads"] = await db.Leads.LongCountAsync(ct),
            ["audit"] = await db.AuditEntries.LongCountAsync(ct),
        };

    private static async Task<bool> HasPeopleAsync(VoronkaDbContext db, CancellationToken ct)
    {
        try
        {
            return await db.Users.AnyAsync(ct);
        }
        catch (Exception e) when (e is SqliteException or PostgresException)
        {
            // No schema yet: an empty database.
            return false;
        }
    }

    private async Task RestoreFilesAsync(ZipArchive zip, CancellationToken ct)
    {
        var root = Path.GetFullPath(files.Root);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(FilesFolder, StringComparison.Ordinal) && e.Name.Length > 0))
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.FullName[FilesFolder.Length..]));
            // An entry that climbs out of the store ("../") is not a file of it.
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await entry.ExtractToFileAsync(path, overwrite: true, ct);
        }
    }

    /// <summary>SQLite's online backup: a consistent copy while others read and write; into a live file it is one step.</summary>
    private static void SqliteCopy(string from, string to)
    {
        using var source = new SqliteConnection(from);
        using var target = new SqliteConnection(to);
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }

    private static Task PgDumpAsync(string connectionString, string file, CancellationToken ct) =>
        RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--file={file}"], connectionString, ct);

    private static Task PgRestoreAsync(string connectionString, string file, CancellationToken ct) =>
        RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
            "--exit-on-error", $"--dbname={new NpgsqlConnectionStringBuilder(connectionString).Database}", file], connectionString, ct);

    private static async Task EnsurePostgresDatabaseAsync(string connectionString, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var name = cs.Database ?? throw new InvalidOperationException("ConnectionStrings:Voronka names no database.");
        cs.Database = "postgres";
        cs.Pooling = false;
        await using var admin = new NpgsqlConnection(cs.ConnectionString);
        await admin.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs a PostgreSQL client with the connection in its environment (the password never on a command line).</summary>
    private static async Task RunAsync(string program, string[] args, string connectionString, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        start.Environment["PGPASSWORD"] = cs.Password;
        start.Environment["PGDATABASE"] = cs.Database;
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started ({e.Message}): install PostgreSQL's client programs "
                + "(apt-get install postgresql-client) of the server's version or newer.", e);
        }
        using var process = started ?? throw new InvalidOperationException($"{program} could not be started.");
        var errors = process.StandardError.ReadToEndAsync(ct);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}");
    }
}
