using Voronka.Core.Features.Activities;

namespace Voronka.Core.Features.Telephony;

/// <summary>Which phone system an integration speaks to: Voronka's own event format, or a PBX's native webhooks.</summary>
public enum PbxKind
{
    Generic,
    Zadarma,
    MegaFon,
    Mango,
}

/// <summary>How the generic webhook proves it comes from the PBX: an HMAC-SHA256 of the body in the
/// <c>X-Voronka-Signature</c> header, or the secret itself as <c>?token=</c> for systems that cannot sign.</summary>
public enum WebhookAuth
{
    Signature,
    UrlToken,
}

/// <summary>Which way a call went: from a client, to a client, or between two extensions.</summary>
public enum CallWay
{
    In,
    Out,
    Internal,
}

/// <summary>How far a call got: ringing, talking, over.</summary>
public enum CallStatus
{
    Ringing,
    Answered,
    Ended,
}

/// <summary>A connected phone system: where its events come in (<c>/api/v1/telephony/{Id}/events</c>), how they are
/// checked, and where Voronka asks it to place a call.</summary>
public class TelephonyIntegration
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public PbxKind Kind { get; set; }
    public WebhookAuth Auth { get; set; }
    /// <summary>The PBX's key where it has one besides the secret (Mango Office's API key, Zadarma's user key).</summary>
    public string? Key { get; set; }
    /// <summary>The shared secret: the HMAC key, the URL token, or the PBX's own secret (Zadarma's API secret, Mango's
    /// salt, MegaFon's CRM token).</summary>
    public string Secret { get; set; } = "";
    /// <summary>Where click-to-call asks the PBX to connect the manager and the client.</summary>
    public string? CallbackUrl { get; set; }
    /// <summary>An incoming call from a number Voronka does not know, missed by everyone, becomes a lead.</summary>
    public bool MissedToLeads { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastEventAt { get; set; }
}

/// <summary>An extension (a SIP line, an internal number) of a phone system and the person who answers it.</summary>
public class PhoneExtension
{
    public int Id { get; set; }
    public int IntegrationId { get; set; }
    public string Extension { get; set; } = "";
    public int UserId { get; set; }
}

/// <summary>An event as it came from the PBX, in the canonical form, kept after it is processed so that the calls can be
/// rebuilt from them (a replay) and a failure looked into.</summary>
public class TelephonyEvent
{
    public long Id { get; set; }
    public int IntegrationId { get; set; }
    /// <summary>The PBX's id of the event (or a hash of it where the PBX has none): the same event twice is kept once.</summary>
    public string EventId { get; set; } = "";
    public string CallId { get; set; } = "";
    public string Type { get; set; } = "";
    /// <summary>The canonical event as JSON.</summary>
    public string Body { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// One call as the PBX told it, all its events and agent legs merged whatever their order: who called whom, which
/// extensions rang, who answered, how long they talked, the recording, the client Voronka found for the number and the
/// call activity it logged when the call ended.
/// </summary>
public class Call
{
    public long Id { get; set; }
    public int IntegrationId { get; set; }
    /// <summary>The PBX's call id.</summary>
    public string ExternalId { get; set; } = "";
    public CallWay? Way { get; set; }
    public CallStatus Status { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    /// <summary>The client's number in E.164, when the other side is not an extension.</summary>
    public string? ClientPhone { get; set; }
    public List<string> Extensions { get; set; } = [];
    public string? AnsweredBy { get; set; }
    /// <summary>The people whose extensions rang: they see the client's card pop up.</summary>
    public List<int> RungUserIds { get; set; } = [];
    /// <summary>The person the call is theirs: who answered, or who dialled.</summary>
    public int? UserId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public DateTime? EndedAt { get; set; }
    /// <summary>Talk time in seconds.</summary>
    public int? DurationSeconds { get; set; }
    public string? Cause { get; set; }
    public CallResult? Result { get; set; }
    /// <summary>Where the PBX keeps the recording.</summary>
    public string? RecordingUrl { get; set; }
    public int? ContactId { get; set; }
    public int? CompanyId { get; set; }
    public int? DealId { get; set; }
    public int? LeadId { get; set; }
    public long? ActivityId { get; set; }
    /// <summary>When the people concerned were told of a missed call (once).</summary>
    public DateTime? ToldAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}
