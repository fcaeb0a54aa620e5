using Voronka.Core.Common;

namespace Voronka.Core.Features.Leads;

/// <summary>A lead as an integration sends it (<c>POST /api/v1/leads</c>) or a form carries it. A phone or an e-mail
/// is required; the phone is read in any common way («8 916 …», «+7 (916) …», «916…»).</summary>
public sealed record LeadRequest(
    string? Name = null,
    string? Phone = null,
    string? Email = null,
    string? CompanyName = null,
    string? Inn = null,
    string? Message = null,
    string? Source = null,
    string? UtmSource = null,
    string? UtmMedium = null,
    string? UtmCampaign = null,
    string? UtmContent = null,
    string? UtmTerm = null,
    string? Page = null,
    string? Referrer = null,
    int? RegionId = null,
    int? ProductId = null);

/// <summary>A lead as the API and the inbox show it, with where it went and what it was found to be. <c>DueAt</c> is when
/// it goes on if its assignee does not answer; <c>Level</c> 0 with the sellers, 1 with the senior, 2 with the director.</summary>
public sealed record LeadResponse(
    int Id, LeadChannel Channel, LeadStatus Status, string? Source, int? FormId, string? Name, string? CompanyName, string? Phone,
    string? PhoneE164, string? Email, string? Inn, string? Message, string? UtmSource, string? UtmMedium, string? UtmCampaign,
    string? UtmContent, string? UtmTerm, string? Page, int? RegionId, int? ProductId, int? AssigneeId, string? AssigneeName,
    int? CoveringForId, string? CoveringForName, int? ContactId, int? CompanyId, int? DealId, int? DuplicateOfId, int? MergedIntoId,
    LeadRejectReason? RejectReason, string? RejectComment, int? RuleId, int Passes, DateTime ReceivedAt, DateTime? AssignedAt,
    DateTime? AcceptedAt, DateTime? FirstTouchAt, DateTime? DueAt, int Level, DateTime? ClosedAt, int Version);

/// <summary>The inbox's filters. <see cref="Mine"/> keeps the caller's own leads.</summary>
public sealed record LeadQuery : PageRequest
{
    public LeadStatus? Status { get; init; }
    public LeadChannel? Channel { get; init; }
    public int? AssigneeId { get; init; }
    public bool? Mine { get; init; }
    /// <summary>Only the leads nobody has taken yet (new or given, not accepted).</summary>
    public bool? Waiting { get; init; }
    public string? Q { get; init; }
}

/// <summary>Takes a lead into work: into a new deal in the first stage of the pipeline (the default one when left
/// out), or onto the client's open deal (<see cref="DealId"/>). The contact found at intake, or a new one made from the
/// lead's name, phone and e-mail, goes on the deal.</summary>
public sealed record AcceptLeadRequest(int? Version = null, int? DealId = null, int? PipelineId = null, string? Title = null);

/// <summary>What an import of leads did: how many were taken, how many went to someone at once, and their ids in the
/// file's order.</summary>
public sealed record LeadImportResponse(int Imported, int Assigned, IReadOnlyList<int> LeadIds);

/// <summary>Merges a waiting lead into another one of the same client (<see cref="IntoId"/>): the other keeps what this
/// one adds (a phone, an e-mail, the message), and this one closes as merged.</summary>
public sealed record MergeLeadRequest(int? IntoId, int? Version = null);

/// <summary>Rejects a lead with a reason (spam, duplicate, not our client, other).</summary>
public sealed record RejectLeadRequest(LeadRejectReason? Reason, string? Comment = null, int? Version = null);

/// <summary>Gives a lead to a person by hand.</summary>
public sealed record AssignLeadRequest(int? UserId, int? Version = null);

/// <summary>A lead's facts for the rules' preview: what the rules match on.</summary>
public sealed record RoutingPreviewRequest(LeadChannel? Channel = null, string? Source = null, int? FormId = null, int? RegionId = null,
    int? ProductId = null);

/// <summary>One decision on a lead: "why this manager", with every candidate seen.</summary>
public sealed record RoutingDecisionResponse(
    long Id, RoutingDecisionKind Kind, int? RuleId, string? RuleName, RoutingStrategy? Strategy, int? ChosenId, string? ChosenName,
    IReadOnlyList<CandidateScore> Candidates, string? Note, DateTime At);
