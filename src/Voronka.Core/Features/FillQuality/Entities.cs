using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.FillQuality;

/// <summary>One owner's open deals and their gaps on one morning, kept by the daily round: the weekly trend of the fill
/// score reads these, since what a deal lacked on a past day cannot be told from today's rows.</summary>
public class FillSnapshot
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
    public DateTime TakenAt { get; set; }
    public int OwnerId { get; set; }
    public int Open { get; set; }
    public int Incomplete { get; set; }
    public int NoNextStep { get; set; }
    public int Rotting { get; set; }
    public int Unreachable { get; set; }
}

/// <summary>A weekly letter that went out (<see cref="Kind"/>, the Monday of its week): written in the transaction
/// that adds the letters, so two instances never send one week twice.</summary>
public class WeeklyDigest
{
    public string Kind { get; set; } = "";
    public DateOnly WeekStart { get; set; }
    public DateTime SentAt { get; set; }
}

internal sealed class FillSnapshotConfiguration : IEntityTypeConfiguration<FillSnapshot>
{
    public void Configure(EntityTypeBuilder<FillSnapshot> b)
    {
        b.HasIndex(x => new { x.Day, x.OwnerId }).IsUnique();
        b.HasIndex(x => new { x.OwnerId, x.Day });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeeklyDigestConfiguration : IEntityTypeConfiguration<WeeklyDigest>
{
    public void Configure(EntityTypeBuilder<WeeklyDigest> b)
    {
        b.HasKey(x => new { x.Kind, x.WeekStart });
        b.Property(x => x.Kind).HasMaxLength(32);
    }
}
