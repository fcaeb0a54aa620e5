namespace Voronka.Core.Features.Activities;

public enum ActivityType
{
    Call,
    Meeting,
    Proposal,
    Presale,
    Email,
    Note,
}

public enum CallDirection
{
    Outgoing,
    Incoming,
}

public enum CallResult
{
    Connected,
    NoAnswer,
    Busy,
    Voicemail,
    WrongNumber,
}

/// <summary>Something a user did with a client: a call, meeting, proposal sent, presale/demo, email or note.</summary>
public class Activity
{
    public long Id { get; set; }
    public ActivityType Type { get; set; }
    public int UserId { get; set; }
    public int? DealId { get; set; }
    public Deals.Deal? Deal { get; set; }
    public int? CompanyId { get; set; }
    public int? ContactId { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? Subject { get; set; }
    public string? Notes { get; set; }
    public CallDirection? Direction { get; set; }
    /// <summary>Talk time of a call, or length of a meeting or presale, in seconds.</summary>
    public int? DurationSeconds { get; set; }
    public CallResult? CallResult { get; set; }
    public string? RecordingUrl { get; set; }
    /// <summary>The record's key in the system it came from (see <see cref="Common.ExternalIds"/>): an import finds it again by
    /// it.</summary>
    public string? ExternalId { get; set; }
    /// <summary>The import batch that created the record, if one did: its rollback removes it.</summary>
    public int? ImportBatchId { get; set; }
    public DateTime CreatedAt { get; set; }
}
