namespace Voronka.Core.Features.Tasks;

public enum TaskKind
{
    Call,
    FollowUp,
    SendMaterials,
    Presentation,
    Meeting,
    Paperwork,
}

public enum DealTaskStatus
{
    Open,
    Done,
    Cancelled,
}

public class DealTask
{
    public int Id { get; set; }
    public int DealId { get; set; }
    public Deals.Deal? Deal { get; set; }
    public TaskKind Kind { get; set; }
    public string Title { get; set; } = "";
    public int AssigneeId { get; set; }
    public int AuthorId { get; set; }
    public DateTime DueAt { get; set; }
    public DealTaskStatus Status { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? Result { get; set; }
    /// <summary>The record's key in the system it came from (see <see cref="Common.ExternalIds"/>): an import finds it again by
    /// it.</summary>
    public string? ExternalId { get; set; }
    /// <summary>The import batch that created the record, if one did: its rollback removes it.</summary>
    public int? ImportBatchId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the assignee was told the task is overdue; a new due time clears it.</summary>
    public DateTime? OverdueToldAt { get; set; }
    public int Version { get; set; }
}
