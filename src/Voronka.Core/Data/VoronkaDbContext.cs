using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Products;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Data;

public class VoronkaDbContext(DbContextOptions<VoronkaDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<OrganisationSettings> Organisation => Set<OrganisationSettings>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<LossReason> LossReasons => Set<LossReason>();
    public DbSet<CustomFieldDefinition> CustomFields => Set<CustomFieldDefinition>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealLine> DealLines => Set<DealLine>();
    public DbSet<DealStageChange> DealStageChanges => Set<DealStageChange>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<DealTask> Tasks => Set<DealTask>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Features.Import.ImportBatch> ImportBatches => Set<Features.Import.ImportBatch>();
    public DbSet<Features.Import.ImportFileContent> ImportFiles => Set<Features.Import.ImportFileContent>();
    public DbSet<Features.Import.ImportProblem> ImportProblems => Set<Features.Import.ImportProblem>();
    public DbSet<Features.Import.ImportPreset> ImportPresets => Set<Features.Import.ImportPreset>();
    public DbSet<Features.Import.ImportRecord> ImportRecords => Set<Features.Import.ImportRecord>();
    public DbSet<Features.Notifications.Notification> Notifications => Set<Features.Notifications.Notification>();
    public DbSet<Features.Leads.Lead> Leads => Set<Features.Leads.Lead>();
    public DbSet<Features.Leads.LeadForm> LeadForms => Set<Features.Leads.LeadForm>();
    public DbSet<Features.Leads.RoutingRule> RoutingRules => Set<Features.Leads.RoutingRule>();
    public DbSet<Features.Leads.LeadCapacity> LeadCapacities => Set<Features.Leads.LeadCapacity>();
    public DbSet<Features.Leads.RoutingDecision> RoutingDecisions => Set<Features.Leads.RoutingDecision>();
    public DbSet<Features.Leads.RoutingShare> RoutingShares => Set<Features.Leads.RoutingShare>();
    public DbSet<Goal> Goals => Set<Goal>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<Absence> Absences => Set<Absence>();
    public DbSet<KpiSetting> KpiSettings => Set<KpiSetting>();
    public DbSet<KpiPlan> KpiPlans => Set<KpiPlan>();
    public DbSet<BonusScheme> BonusSchemes => Set<BonusScheme>();
    public DbSet<Features.Reports.FunnelSnapshot> FunnelSnapshots => Set<Features.Reports.FunnelSnapshot>();
    public DbSet<Features.Reports.FunnelSnapshotRow> FunnelSnapshotRows => Set<Features.Reports.FunnelSnapshotRow>();
    public DbSet<Features.Reports.ActivityDay> ActivityDays => Set<Features.Reports.ActivityDay>();
    public DbSet<Features.Reports.SalesDay> SalesDays => Set<Features.Reports.SalesDay>();
    public DbSet<Features.Reports.DealActivityFacts> DealActivityFacts => Set<Features.Reports.DealActivityFacts>();
    public DbSet<Features.Reports.FlowDay> FlowDays => Set<Features.Reports.FlowDay>();
    public DbSet<Features.Reports.StayDay> StayDays => Set<Features.Reports.StayDay>();
    public DbSet<Features.Reports.CohortDay> CohortDays => Set<Features.Reports.CohortDay>();

    /// <summary>The keys that sign and encrypt cookies and antiforgery tokens, shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The user whose changes are being saved; written into the audit log.</summary>
    public int? AuditUserId { get; set; }

    /// <summary>Set by bulk loaders that write their own audit rows with the historical dates.</summary>
    internal bool AuditDisabled { get; set; }

    /// <summary>Set by bulk loaders that rebuild the daily figures once at the end instead of cell by cell.</summary>
    internal bool FiguresDeferred { get; set; }

    /// <summary>The clock used to stamp audit entries.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>People given a notification by this context's writes, to signal once they are committed.</summary>
    public HashSet<int> Notified { get; } = [];

    /// <summary>This context with no one's per-use state left from an earlier use of it (contexts are pooled).</summary>
    internal VoronkaDbContext Fresh()
    {
        AuditUserId = null;
        AuditDisabled = false;
        FiguresDeferred = false;
        Clock = TimeProvider.System;
        Notified.Clear();
        return this;
    }

    /// <summary>Names who makes the changes about to be saved, and the clock that dates them.</summary>
    public void StampAudit(int userId, TimeProvider clock)
    {
        AuditUserId = userId;
        Clock = clock;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        if (Database.IsSqlite())
        {
            // SQLite has no time zone type: everything is stored in UTC and read back as UTC.
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(VoronkaDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        var pending = AuditDisabled ? [] : CollectAudit();
        var touched = FiguresDeferred ? null : Features.Reports.KeptFigures.Collect(ChangeTracker);
        if (pending.Count == 0 && touched is not { Any: true }) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // The audit rows of new records need their generated ids, and the daily figures are counted from the rows as
        // saved, so both are written in further rounds inside the same transaction as the change itself.
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (touched is { Any: true }) await Features.Reports.KeptFigures.PrepareAsync(this, touched, cancellationToken);
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (pending.Count > 0)
            {
                foreach (var p in pending) AuditEntries.Add(p.Build());
                count += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (touched is { Any: true })
                await Features.Reports.KeptFigures.ApplyAsync(this, touched, () => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified) continue;
            var version = entry.Metadata.FindProperty("Version");
            if (version is null || version.ClrType != typeof(int)) continue;
            var prop = entry.Property("Version");
            if (!prop.IsModified) prop.CurrentValue = (int)prop.OriginalValue! + 1;
        }
    }

    private static readonly HashSet<string> NotAudited = ["Version", "UpdatedAt", "StageEnteredAt", "ClosedAt"];

    private List<PendingAudit> CollectAudit()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var list = new List<PendingAudit>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is not (Deal or Company or Contact)) continue;
            var type = entry.Metadata.ClrType.Name;
            switch (entry.State)
            {
                case EntityState.Added:
                    list.Add(new PendingAudit(entry, type, "created", null, null, now, AuditUserId));
                    break;
                case EntityState.Deleted:
                    list.Add(new PendingAudit(entry, type, "deleted", null, null, now, AuditUserId));
                    break;
                case EntityState.Modified:
                    foreach (var p in entry.Properties)
                    {
                        if (!p.IsModified || NotAudited.Contains(p.Metadata.Name)) continue;
                        var name = p.Metadata.Name;
                        var minor = name.EndsWith("Minor", StringComparison.Ordinal) && p.Metadata.ClrType == typeof(long);
                        // Money is logged as the API shows it: "amount": "1500.50", not "amountMinor": "150050".
                        var oldValue = minor ? Format(Common.Money.FromMinor((long)p.OriginalValue!)) : Format(p.OriginalValue);
                        var newValue = minor ? Format(Common.Money.FromMinor((long)p.CurrentValue!)) : Format(p.CurrentValue);
                        if (oldValue == newValue) continue;
                        if (minor) name = name[..^"Minor".Length];
                        list.Add(new PendingAudit(entry, type, char.ToLowerInvariant(name[0]) + name[1..], oldValue, newValue, now, AuditUserId));
                    }
                    break;
            }
        }
        return list;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O"),
        DateOnly d => d.ToString("yyyy-MM-dd"),
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable e => JsonSerializer.Serialize(e),
        _ => value.ToString(),
    };

    private sealed record PendingAudit(EntityEntry Entry, string Type, string Field, string? Old, string? New, DateTime At, int? By)
    {
        public AuditEntry Build() => new()
        {
            EntityType = Type,
            EntityId = (int)Entry.Property("Id").CurrentValue!,
            Field = Field,
            OldValue = Old,
            NewValue = New,
            ChangedAt = At,
            ChangedById = By,
        };
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Stores a string dictionary (custom field values) as a JSON text column.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new();

    public static ValueConverter<Dictionary<string, string>, string> DictionaryConverter { get; } = new(
        v => JsonSerializer.Serialize(v, Options),
        v => string.IsNullOrEmpty(v) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(v, Options) ?? new Dictionary<string, string>());

    public static ValueComparer<Dictionary<string, string>> DictionaryComparer { get; } = new(
        (a, b) => a != null && b != null && a.Count == b.Count && !a.Except(b).Any(),
        v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
        v => new Dictionary<string, string>(v));
}
