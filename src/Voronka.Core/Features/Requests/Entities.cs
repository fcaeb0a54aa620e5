using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Requests;

public enum RequestFieldType
{
    Text,
    Number,
    Date,
    YesNo,
}

/// <summary>A field of a request type's form.</summary>
public sealed record RequestField(string Key, string Name, RequestFieldType Type = RequestFieldType.Text, bool Required = false);

/// <summary>Who an escalation step tells.</summary>
public enum EscalationTarget
{
    Assignee,
    Deputy,
    Senior,
    Director,
}

/// <summary>A step of the escalation ladder: once a request is <see cref="AfterHours"/> working hours past its due time,
/// <see cref="Target"/> is told (each step once).</summary>
public sealed record EscalationStep(int AfterHours, EscalationTarget Target);

/// <summary>A kind of back-office work the director sets up: its form, who does it and how fast.</summary>
public class RequestType
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>The form, as JSON (<see cref="RequestField"/>s).</summary>
    public string FieldsJson { get; set; } = "[]";
    /// <summary>Working hours from the request (or its resubmission) to its due time.</summary>
    public int SlaHours { get; set; }
    /// <summary>What one request would cost a manager, in minutes: the hours the assistant saves them.</summary>
    public int StandardMinutes { get; set; }
    public int AssigneeId { get; set; }
    /// <summary>Takes the requests while the assignee is away.</summary>
    public int? DeputyId { get; set; }
    /// <summary>The ladder, as JSON (<see cref="EscalationStep"/>s).</summary>
    public string LadderJson { get; set; } = "[]";
    /// <summary>Stages a deal enters only once a request of this type is done for it.</summary>
    public List<int> RequiredForStageIds { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public int Position { get; set; }
    public int Version { get; set; }
}

public enum RequestState
{
    /// <summary>Waiting for the assistant.</summary>
    Open,
    /// <summary>The assistant took it.</summary>
    InWork,
    /// <summary>Sent back to the requester with a reason; resubmitted, it is open again.</summary>
    Returned,
    Done,
    Cancelled,
}

/// <summary>A request to the back office about a deal.</summary>
public class AssistantRequest
{
    public int Id { get; set; }
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public int TypeId { get; set; }
    public RequestState State { get; set; }
    /// <summary>The form's values, as JSON (key → text).</summary>
    public string ValuesJson { get; set; } = "{}";
    public string? Comment { get; set; }
    public int RequestedById { get; set; }
    public int AssigneeId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the current round (the request, or its last resubmission) began: the SLA counts from it.</summary>
    public DateTime SubmittedAt { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? TakenAt { get; set; }
    public DateTime? DoneAt { get; set; }
    public int? DoneById { get; set; }
    public string? Result { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public string? ReturnReason { get; set; }
    /// <summary>How many times it was sent back for rework.</summary>
    public int Returns { get; set; }
    /// <summary>How many steps of the ladder have been told.</summary>
    public int Escalations { get; set; }
    /// <summary>The automation run that made it, if one did.</summary>
    public long? AutomationRunId { get; set; }
    public int Version { get; set; }
}

internal sealed class RequestTypeConfiguration : IEntityTypeConfiguration<RequestType>
{
    public void Configure(EntityTypeBuilder<RequestType> b)
    {
        b.ToTable("RequestTypes");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.FieldsJson).HasMaxLength(8000);
        b.Property(x => x.LadderJson).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.DeputyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class AssistantRequestConfiguration : IEntityTypeConfiguration<AssistantRequest>
{
    public void Configure(EntityTypeBuilder<AssistantRequest> b)
    {
        b.ToTable("AssistantRequests");
        b.Property(x => x.ValuesJson).HasMaxLength(16000);
        b.Property(x => x.Comment).HasMaxLength(2000);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.ReturnReason).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Deal).WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RequestType>().WithMany().HasForeignKey(x => x.TypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RequestedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.DoneById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.State, x.DueAt });
        b.HasIndex(x => new { x.AssigneeId, x.State, x.DueAt });
        b.HasIndex(x => new { x.DealId, x.TypeId, x.State });
    }
}
