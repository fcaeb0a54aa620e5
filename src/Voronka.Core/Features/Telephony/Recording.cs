namespace Voronka.Core.Features.Telephony;

/// <summary>Where a recording stands: waiting to be copied from the PBX, kept in Voronka's store, given up after the
/// retries, or deleted when the organisation's retention ran out.</summary>
public enum RecordingState
{
    Waiting,
    Stored,
    Failed,
    Deleted,
}

/// <summary>
/// A call's recording, copied from the PBX (which deletes its own within days) into Voronka's <see cref="Common.FileStore"/>
/// with retries, or uploaded by hand for a call made from a personal phone; served to those who see the call.
/// </summary>
public class Recording
{
    public long Id { get; set; }
    public long? CallId { get; set; }
    public long? ActivityId { get; set; }
    /// <summary>Where the PBX keeps it (for Zadarma and Mango Office, their API's request for it).</summary>
    public string? SourceUrl { get; set; }
    public RecordingState State { get; set; }
    public string? StorageKey { get; set; }
    public string? ContentType { get; set; }
    public long? Size { get; set; }
    public string? Sha256 { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public string? LastError { get; set; }
    public int? UploadedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StoredAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}

/// <summary>Who listened to (or downloaded) a recording, and when.</summary>
public class RecordingAccess
{
    public long Id { get; set; }
    public long RecordingId { get; set; }
    public int UserId { get; set; }
    public DateTime At { get; set; }
}
