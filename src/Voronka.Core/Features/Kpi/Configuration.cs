using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Kpi;

internal sealed class KpiSettingConfiguration : IEntityTypeConfiguration<KpiSetting>
{
    public void Configure(EntityTypeBuilder<KpiSetting> b) => b.HasIndex(x => new { x.Code, x.StageId }).IsUnique();
}

internal sealed class KpiPlanConfiguration : IEntityTypeConfiguration<KpiPlan>
{
    public void Configure(EntityTypeBuilder<KpiPlan> b)
    {
        b.Property(x => x.Value).HasPrecision(18, 2);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.UserId, x.Code, x.StageId, x.PeriodStart, x.PeriodEnd }).IsUnique();
    }
}

internal sealed class BonusSchemeConfiguration : IEntityTypeConfiguration<BonusScheme>
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public void Configure(EntityTypeBuilder<BonusScheme> b)
    {
        b.HasIndex(x => x.Role).IsUnique();
        b.Property(x => x.RatePercent).HasPrecision(7, 3);
        b.Property(x => x.ThresholdPercent).HasPrecision(7, 2);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.Multipliers).HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => string.IsNullOrEmpty(v) ? new List<BonusMultiplier>() : JsonSerializer.Deserialize<List<BonusMultiplier>>(v, Json) ?? new List<BonusMultiplier>(),
                new ValueComparer<List<BonusMultiplier>>((a, c) => a != null && c != null && a.SequenceEqual(c), v => v.Count, v => v.ToList()))
            .HasMaxLength(4000);
    }
}
