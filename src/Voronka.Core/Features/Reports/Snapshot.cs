using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reports;

/// <summary>The funnel as it stood on the morning of one day: open deals per manager and stage.</summary>
public class FunnelSnapshot
{
    public int Id { get; set; }
    /// <summary>The organisation's calendar day the snapshot belongs to.</summary>
    public DateOnly Day { get; set; }
    public DateTime TakenAt { get; set; }
    public List<FunnelSnapshotRow> Rows { get; set; } = [];
}

public class FunnelSnapshotRow
{
    public long Id { get; set; }
    public int SnapshotId { get; set; }
    public int OwnerId { get; set; }
    public int StageId { get; set; }
    public int Deals { get; set; }
    public long AmountMinor { get; set; }
    /// <summary>The amount × the stage's probability at the time.</summary>
    public long WeightedMinor { get; set; }
}

internal sealed class FunnelSnapshotConfiguration : IEntityTypeConfiguration<FunnelSnapshot>
{
    public void Configure(EntityTypeBuilder<FunnelSnapshot> b)
    {
        b.HasIndex(x => x.Day).IsUnique();
        b.HasMany(x => x.Rows).WithOne().HasForeignKey(x => x.SnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FunnelSnapshotRowConfiguration : IEntityTypeConfiguration<FunnelSnapshotRow>
{
    public void Configure(EntityTypeBuilder<FunnelSnapshotRow> b)
    {
        b.HasIndex(x => new { x.SnapshotId, x.OwnerId, x.StageId }).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
    }
}
