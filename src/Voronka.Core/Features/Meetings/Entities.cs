using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Meetings;

/// <summary>A team's (or, without a team, the whole department's) regular meeting: its day of the week and time, and who runs
/// it — the director, or the team's senior.</summary>
public class MeetingSeries
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? TeamId { get; set; }
    public int OwnerId { get; set; }
    public DayOfWeek Day { get; set; }
    public TimeOnly At { get; set; }
    public int Minutes { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

public enum MeetingStatus
{
    Planned,
    Started,
    Ended,
}

/// <summary>One meeting of a series. When it starts its agenda is built from the data and frozen (<see cref="Agenda"/>, JSON),
/// over the days since the last meeting (<see cref="From"/>–<see cref="To"/>).</summary>
public class Meeting
{
    public int Id { get; set; }
    public int SeriesId { get; set; }
    public DateOnly Day { get; set; }
    public MeetingStatus Status { get; set; }
    public DateTime? StartedAt { get; set; }
    public int? StartedById { get; set; }
    public DateTime? EndedAt { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? Agenda { get; set; }
    public int Version { get; set; }
}

/// <summary>The notes of one section of a meeting's agenda.</summary>
public class MeetingNote
{
    public int MeetingId { get; set; }
    public string Section { get; set; } = "";
    public string Text { get; set; } = "";
    public int UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum DecisionStatus
{
    Open,
    Done,
    Dropped,
}

/// <summary>What a meeting decided: who does it by when, on a deal or not (on a deal it is also the deal's task). Open
/// decisions move into each next meeting of the series when it starts (<see cref="DecisionCarry"/>).</summary>
public class MeetingDecision
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public string Text { get; set; } = "";
    public int OwnerId { get; set; }
    public DateOnly DueOn { get; set; }
    public int? DealId { get; set; }
    public int? TaskId { get; set; }
    public DecisionStatus Status { get; set; }
    public int CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

/// <summary>A decision carried into a meeting, once per meeting.</summary>
public class DecisionCarry
{
    public int DecisionId { get; set; }
    public int MeetingId { get; set; }
    public DateTime At { get; set; }
}

internal sealed class MeetingConfiguration :
    IEntityTypeConfiguration<MeetingSeries>, IEntityTypeConfiguration<Meeting>, IEntityTypeConfiguration<MeetingNote>,
    IEntityTypeConfiguration<MeetingDecision>, IEntityTypeConfiguration<DecisionCarry>
{
    public void Configure(EntityTypeBuilder<MeetingSeries> b)
    {
        b.ToTable("MeetingSeries");
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("Meetings");
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.SeriesId, x.Day }).IsUnique();
        b.HasOne<MeetingSeries>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.StartedById).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MeetingNote> b)
    {
        b.ToTable("MeetingNotes");
        b.HasKey(x => new { x.MeetingId, x.Section });
        b.Property(x => x.Section).HasMaxLength(40);
        b.Property(x => x.Text).HasMaxLength(Common.SafeMarkdown.MaxLength);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MeetingDecision> b)
    {
        b.ToTable("MeetingDecisions");
        b.Property(x => x.Text).HasMaxLength(1000);
        b.HasIndex(x => new { x.MeetingId, x.Status });
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<DealTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<DecisionCarry> b)
    {
        b.ToTable("DecisionCarries");
        b.HasKey(x => new { x.DecisionId, x.MeetingId });
        b.HasIndex(x => x.MeetingId);
        b.HasOne<MeetingDecision>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}
