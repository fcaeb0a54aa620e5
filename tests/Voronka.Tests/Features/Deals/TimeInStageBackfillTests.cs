using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

/// <summary>The migration that started keeping time in stage fills it in for the history already there.</summary>
public class TimeInStageBackfillTests : IAsyncLifetime
{
    private readonly string _connection = TestDatabase.Create($"voronka_backfill_{Guid.NewGuid():N}");
    private readonly DatabaseProvider _provider = TestDatabase.Kind;
    private ServiceProvider? _services;

    public Task InitializeAsync()
    {
        _services = TestDatabase.Services(_connection);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        TestDatabase.Drop(_connection);
    }

    [Fact]
    public async Task Stage_history_written_before_the_migration_gets_the_time_between_its_moves()
    {
        var factory = _services!.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var migrations = db.Database.GetMigrations().ToList();
        var timeInStage = migrations.FindIndex(m => m.EndsWith("_TimeInStage", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[timeInStage - 1]);

        var t0 = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await ExecAsync(connection, """
            INSERT INTO "AspNetUsers" ("Id", "FullName", "Role", "IsActive", "CreatedAt", "UserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES (1, 'Менеджер', 'Manager', @yes, @t, 'm', @no, @no, @no, @no, 0)
            """, ("yes", true), ("no", false), ("t", t0));
        await ExecAsync(connection, """INSERT INTO "Pipelines" ("Id", "Name", "Position", "IsDefault") VALUES (1, 'Продажи', 0, @yes)""", ("yes", true));
        for (var s = 1; s <= 3; s++)
            await ExecAsync(connection, """
                INSERT INTO "Stages" ("Id", "PipelineId", "Name", "Position", "Kind", "Probability", "RequiredFields") VALUES (@id, 1, @name, @id, 'Open', 10, @required)
                """, ("id", s), ("name", $"Этап {s}"), ("required", _provider == DatabaseProvider.Postgres ? Array.Empty<string>() : "[]"));
        for (var d = 1; d <= 2; d++)
            await ExecAsync(connection, """
                INSERT INTO "Deals" ("Id", "Title", "PipelineId", "StageId", "OwnerId", "Currency", "AmountMinor", "AmountIsManual", "CreatedAt", "CreatedById", "UpdatedAt", "StageEnteredAt", "CustomFields", "Version")
                VALUES (@id, 'Сделка', 1, 3, 1, 'RUB', 0, @no, @t, 1, @t, @t, '{}', 1)
                """, ("id", d), ("no", false), ("t", t0));
        // Deal 1: created, moved after 2 days 1 hour, then after 30 seconds. Deal 2, interleaved: two moves in the same
        // instant (ordered by id), then one 5 days later.
        (int Id, int Deal, int? From, int To, DateTime At)[] history =
        [
            (1, 1, null, 1, t0),
            (2, 2, null, 1, t0.AddHours(1)),
            (3, 1, 1, 2, t0.AddDays(2).AddHours(1)),
            (4, 2, 1, 2, t0.AddHours(1)),
            (5, 1, 2, 3, t0.AddDays(2).AddHours(1).AddSeconds(30)),
            (6, 2, 2, 3, t0.AddDays(5).AddHours(1)),
        ];
        foreach (var h in history)
            await ExecAsync(connection, """
                INSERT INTO "DealStageChanges" ("Id", "DealId", "FromStageId", "ToStageId", "ChangedAt", "ChangedById") VALUES (@id, @deal, @from, @to, @at, 1)
                """, ("id", (long)h.Id), ("deal", h.Deal), ("from", h.From), ("to", h.To), ("at", h.At));
        await connection.CloseAsync();

        await migrator.MigrateAsync();

        var seconds = await db.DealStageChanges.OrderBy(c => c.Id).Select(c => c.SecondsInFromStage).ToListAsync();
        Assert.Equal([null, null, 2 * 86400 + 3600, 0, 30, 5 * 86400], seconds);
    }

    private static async Task ExecAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        await cmd.ExecuteNonQueryAsync();
    }
}
