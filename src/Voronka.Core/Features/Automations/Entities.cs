using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Automations;

/// <summary>When an automation acts.</summary>
public enum AutomationTrigger
{
    /// <summary>A deal enters the stage, by any path but an import of history.</summary>
    Enter,
    /// <summary>A deal has stood in the stage <see cref="StageAutomation.IdleDays"/> days with no activity (once per stay).</summary>
    Idle,
}

/// <summary>What an automation does.</summary>
public enum AutomationAction
{
    /// <summary>Sets a task on the deal for <see cref="StageAutomation.Target"/>, due in working time.</summary>
    CreateTask,
    /// <summary>Tells <see cref="StageAutomation.Target"/> about the deal.</summary>
    Notify,
    /// <summary>Sets the deal's source or a custom field.</summary>
    SetField,
    /// <summary>Moves the deal to another stage of its pipeline, whose own automations then run.</summary>
    MoveStage,
    /// <summary>Puts a request of <see cref="StageAutomation.RequestTypeId"/> into the assistant's queue for the deal's owner.
    /// </summary>
    CreateRequest,
}

/// <summary>Who a task or a notice is for.</summary>
public enum AutomationTarget
{
    /// <summary>The deal's owner.</summary>
    Owner,
    /// <summary>The leader of the owner's team; the director when the owner leads it or has no team.</summary>
    Senior,
    /// <summary>A chosen person (an assistant, say).</summary>
    Person,
}

public enum DueUnit
{
    WorkingHours,
    WorkingDays,
}

/// <summary>A rule the director sets on a stage: on entering it (or after days in it without an activity) do one thing.</summary>
public class StageAutomation
{
    public int Id { get; set; }
    public int StageId { get; set; }
    public string Name { get; set; } = "";
    public AutomationTrigger Trigger { get; set; }
    public int? IdleDays { get; set; }
    public AutomationAction Action { get; set; }
    public AutomationTarget? Target { get; set; }
    public int? PersonId { get; set; }
    public TaskKind? TaskKind { get; set; }
    /// <summary>The task's title or the notice's text.</summary>
    public string? Text { get; set; }
    public int? DueIn { get; set; }
    public DueUnit? DueUnit { get; set; }
    /// <summary>The field set: <c>source</c> or <c>custom.{key}</c>.</summary>
    public string? Field { get; set; }
    /// <summary>The value set, as JSON (checked against the field when saved and again when set).</summary>
    public string? Value { get; set; }
    public int? MoveToStageId { get; set; }
    public int? RequestTypeId { get; set; }
    public bool IsActive { get; set; } = true;
    public int Position { get; set; }
    /// <summary>Who set it up: the author of the tasks it sets and of the changes it makes.</summary>
    public int CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}

public enum AutomationRunState
{
    Pending,
    Done,
    Failed,
    /// <summary>Nothing to do: the deal was deleted, or (idle) it left the stage before the run.</summary>
    Skipped,
}

/// <summary>One firing of an automation for one stay of a deal in a stage: written in the transaction of the move, so
/// a move is never lost and never fires the same automation twice (one run per automation and stage change).</summary>
public class AutomationRun
{
    public long Id { get; set; }
    public int AutomationId { get; set; }
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public long StageChangeId { get; set; }
    public DealStageChange? StageChange { get; set; }
    /// <summary>How many automations' moves led to this one (0 for a person's move); a chain stops at
    /// <see cref="AutomationRunner.MaxDepth"/>.</summary>
    public int Depth { get; set; }
    public AutomationRunState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RanAt { get; set; }
    public int? TaskId { get; set; }
    /// <summary>Whom the task or the notice went to.</summary>
    public int? UserId { get; set; }
    public int? StageId { get; set; }
    public int? RequestId { get; set; }
    public string? Error { get; set; }
}

internal sealed class StageAutomationConfiguration : IEntityTypeConfiguration<StageAutomation>
{
    public void Configure(EntityTypeBuilder<StageAutomation> b)
    {
        b.ToTable("StageAutomations");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(300);
        b.Property(x => x.Field).HasMaxLength(100);
        b.Property(x => x.Value).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.MoveToStageId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Requests.RequestType>().WithMany().HasForeignKey(x => x.RequestTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StageId, x.Trigger, x.IsActive });
    }
}

internal sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> b)
    {
        b.ToTable("AutomationRuns");
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasOne<StageAutomation>().WithMany().HasForeignKey(x => x.AutomationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Deal).WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.StageChange).WithMany().HasForeignKey(x => x.StageChangeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DealTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Requests.AssistantRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.AutomationId, x.StageChangeId }).IsUnique();
        b.HasIndex(x => new { x.State, x.CreatedAt });
        b.HasIndex(x => new { x.DealId, x.CreatedAt });
    }
}
