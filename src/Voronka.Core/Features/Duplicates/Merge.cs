using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Duplicates;

public enum MergeEntity
{
    Company,
    Contact,
}

/// <summary>
/// One merge, with everything needed to undo it: the kept record's fields before and after (<see cref="KeptBefore"/>,
/// <see cref="KeptAfter"/>), the merged record's fields it gave up (<see cref="MergedBefore"/>), and the rows moved from
/// the merged record to the kept one (<see cref="Moves"/>, ids per kind). All JSON.
/// </summary>
public class MergeRecord
{
    public int Id { get; set; }
    public MergeEntity Entity { get; set; }
    public int KeptId { get; set; }
    public int MergedId { get; set; }
    public string KeptName { get; set; } = "";
    public string MergedName { get; set; } = "";
    public string KeptBefore { get; set; } = "{}";
    public string KeptAfter { get; set; } = "{}";
    public string MergedBefore { get; set; } = "{}";
    public string Moves { get; set; } = "{}";
    public DateTime MergedAt { get; set; }
    public int MergedById { get; set; }
    public DateTime? UndoneAt { get; set; }
    public int? UndoneById { get; set; }
}

internal sealed class MergeRecordConfiguration : IEntityTypeConfiguration<MergeRecord>
{
    public void Configure(EntityTypeBuilder<MergeRecord> b)
    {
        b.Property(x => x.KeptName).HasMaxLength(300);
        b.Property(x => x.MergedName).HasMaxLength(300);
        b.HasIndex(x => new { x.Entity, x.MergedId });
        b.HasIndex(x => x.MergedAt);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.MergedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UndoneById).OnDelete(DeleteBehavior.Restrict);
    }
}
