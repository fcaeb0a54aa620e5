using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Data;

/// <summary>Brings the database schema up to date and puts in the few rows an organisation cannot work without.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<VoronkaDbContext> dbFactory, ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Names}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }
        await EnsureDefaultsAsync(db, ct);
        var version = await db.Organisation.Select(o => (int?)o.FiguresVersion).FirstOrDefaultAsync(ct);
        if (version < Features.Reports.KeptFigures.Version)
        {
            logger.LogInformation("Rebuilding the daily figures");
            await Features.Reports.KeptFigures.RebuildAsync(db, ct, version.Value);
            await db.Organisation.ExecuteUpdateAsync(s => s.SetProperty(o => o.FiguresVersion, Features.Reports.KeptFigures.Version), ct);
        }
    }

    /// <summary>An empty organisation gets its settings row, a sales pipeline and a list of loss reasons, ready to edit.</summary>
    private static async Task EnsureDefaultsAsync(VoronkaDbContext db, CancellationToken ct)
    {
        if (!await db.Organisation.AnyAsync(ct)) db.Organisation.Add(new OrganisationSettings());
        if (!await db.Pipelines.AnyAsync(ct))
        {
            db.Pipelines.Add(new Pipeline
            {
                Name = "Продажи",
                IsDefault = true,
                Stages =
                [
                    new Stage { Name = "Новый лид", Position = 0, Kind = StageKind.Open, Probability = 10, RottingDays = 7 },
                    new Stage { Name = "Квалификация", Position = 1, Kind = StageKind.Open, Probability = 20, RottingDays = 14 },
                    new Stage { Name = "Встреча", Position = 2, Kind = StageKind.Open, Probability = 40, RottingDays = 14 },
                    new Stage { Name = "КП отправлено", Position = 3, Kind = StageKind.Open, Probability = 60, RottingDays = 21, RequiredFields = ["amount", "expectedCloseDate"] },
                    new Stage { Name = "Переговоры", Position = 4, Kind = StageKind.Open, Probability = 80, RottingDays = 21, RequiredFields = ["amount", "expectedCloseDate", "contactId"] },
                    new Stage { Name = "Успешно", Position = 5, Kind = StageKind.Won, Probability = 100 },
                    new Stage { Name = "Проиграно", Position = 6, Kind = StageKind.Lost, Probability = 0 },
                ],
            });
        }
        if (!await db.LossReasons.AnyAsync(ct))
        {
            string[] reasons = ["Дорого", "Выбрали конкурента", "Нет бюджета", "Нет потребности", "Пропал контакт", "Не устроили сроки"];
            db.LossReasons.AddRange(reasons.Select((r, i) => new LossReason { Name = r, Position = i }));
        }
        await db.SaveChangesAsync(ct);
    }
}
