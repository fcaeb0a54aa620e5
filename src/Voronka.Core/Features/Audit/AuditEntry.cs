namespace Voronka.Core.Features.Audit;

/// <summary>Who changed which field of a deal, company or contact, when, and from what to what.</summary>
public class AuditEntry
{
    /// <summary>The field a deal's move between stages is logged under.</summary>
    public const string StageField = "stageId";

    public long Id { get; set; }
    public string EntityType { get; set; } = "";
    public int EntityId { get; set; }
    /// <summary>The property name, or "created" / "deleted" for the whole record.</summary>
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public DateTime ChangedAt { get; set; }
    public int? ChangedById { get; set; }
}

/// <summary>Marks entities whose field changes are written to the audit log.</summary>
public interface IAudited
{
    int Id { get; }
}
