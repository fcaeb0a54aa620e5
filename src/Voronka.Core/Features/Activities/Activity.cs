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
    public DateTime CreatedAt { get; set; }
}
