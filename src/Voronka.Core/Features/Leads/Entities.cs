namespace Voronka.Core.Features.Leads;

/// <summary>Where a lead came in.</summary>
public enum LeadChannel
{
    Form,
    Api,
    Email,
    Call,
    Import,
    Manual,
}

/// <summary>Where a lead stands: waiting for someone to take it (<see cref="New"/> when nobody could), with a manager,
/// taken into work, rejected, or merged into another lead.</summary>
public enum LeadStatus
{
    New,
    Assigned,
    Accepted,
    Rejected,
    Merged,
}

public enum LeadRejectReason
{
    Spam,
    Duplicate,
    NotOurClient,
    Other,
}

/// <summary>An incoming request from any channel, kept as it came (the raw payload, UTM, page, address and times),
/// with what Voronka found it to be (the contact, company or open deal of the same phone, e-mail or INN) and where it
/// went.</summary>
public class Lead
{
    public int Id { get; set; }
    public LeadChannel Channel { get; set; }
    public string? Source { get; set; }
    public int? FormId { get; set; }
    public string? Name { get; set; }
    public string? CompanyName { get; set; }
    /// <summary>The phone as it was given.</summary>
    public string? Phone { get; set; }
    /// <summary>The phone in E.164 (Russian numbers by default), to find the same client however it was typed.</summary>
    public string? PhoneE164 { get; set; }
    /// <summary>Lower-cased.</summary>
    public string? Email { get; set; }
    public string? Inn { get; set; }
    public string? Message { get; set; }
    public string? UtmSource { get; set; }
    public string? UtmMedium { get; set; }
    public string? UtmCampaign { get; set; }
    public string? UtmContent { get; set; }
    public string? UtmTerm { get; set; }
    /// <summary>The page the form was sent from.</summary>
    public string? Page { get; set; }
    public string? Referrer { get; set; }
    public string? RemoteAddress { get; set; }
    /// <summary>The channel's own id of what brought the lead (an e-mail's Message-ID): the same one taken twice is one lead.
    /// </summary>
    public string? SourceKey { get; set; }
    /// <summary>The request as it came (JSON, form fields or a message), for what the fields above leave out.</summary>
    public string? Payload { get; set; }
    public int? RegionId { get; set; }
    public int? ProductId { get; set; }
    public LeadStatus Status { get; set; }
    public int? AssigneeId { get; set; }
    /// <summary>The owner of the client's deal or company whom the assignee covers for (absent, deactivated or full).</summary>
    public int? CoveringForId { get; set; }
    public int? ContactId { get; set; }
    public int? CompanyId { get; set; }
    /// <summary>The client's open deal found at intake, or the deal the lead became.</summary>
    public int? DealId { get; set; }
    /// <summary>An earlier lead still waiting with the same phone, e-mail or INN.</summary>
    public int? DuplicateOfId { get; set; }
    public int? MergedIntoId { get; set; }
    public LeadRejectReason? RejectReason { get; set; }
    public string? RejectComment { get; set; }
    public int? RuleId { get; set; }
    /// <summary>How many people it has been passed to.</summary>
    public int Passes { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime? AssignedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    /// <summary>When the assignee first answered: took it, or logged a call, e-mail or meeting with the client.</summary>
    public DateTime? FirstTouchAt { get; set; }
    /// <summary>When the lead goes on if its assignee has not answered (working minutes of the rule counted).</summary>
    public DateTime? DueAt { get; set; }
    /// <summary>How far up it has gone: 0 with the sellers, 1 with the senior, 2 with the director.</summary>
    public int Level { get; set; }
    public DateTime? ClosedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A web form on the company's site: its public key names it in the public endpoint and the snippet.</summary>
public class LeadForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Unguessable, URL-safe; the snippet posts to <c>/forms/{key}</c>.</summary>
    public string Key { get; set; } = "";
    /// <summary>The source its leads carry (for example "site", "landing-spring").</summary>
    public string? Source { get; set; }
    public int? RegionId { get; set; }
    public int? ProductId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The director's rule: which leads (by channel, source, form, region, product and the hour they arrive, each left
/// out for any) go to which people (a team or named people) and how they are shared. Rules are tried in order; the
/// first that matches routes the lead.
/// </summary>
public class RoutingRule
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public bool IsActive { get; set; } = true;
    public LeadChannel? Channel { get; set; }
    public string? Source { get; set; }
    public int? FormId { get; set; }
    public int? RegionId { get; set; }
    public int? ProductId { get; set; }
    /// <summary>The hour of the organisation's day from which the rule applies (0–23), with <see cref="HourTo"/>.</summary>
    public int? HourFrom { get; set; }
    /// <summary>The hour before which it applies; a range may pass midnight (22 → 8).</summary>
    public int? HourTo { get; set; }
    public int? TeamId { get; set; }
    /// <summary>The people, when not a team; with <see cref="RoutingStrategy.Weighted"/> their weights.</summary>
    public Dictionary<int, decimal> People { get; set; } = [];
    public RoutingStrategy Strategy { get; set; }
    /// <summary>Working minutes a person has to take a lead before it goes to the next.</summary>
    public int AcceptMinutes { get; set; } = 15;
    /// <summary>Passes before the lead goes up to the senior, then the director.</summary>
    public int MaxPasses { get; set; } = 2;
    public int Version { get; set; }
}

/// <summary>What a person can take: open leads and new ones a day at most (none for no limit), a pause they set
/// themselves, and working hours of their own where they differ from the organisation's.</summary>
public class LeadCapacity
{
    public int UserId { get; set; }
    public int? MaxOpenLeads { get; set; }
    public int? MaxNewPerDay { get; set; }
    public DateTime? PausedUntil { get; set; }
    public TimeOnly? WorkFrom { get; set; }
    public TimeOnly? WorkTo { get; set; }
    public int Version { get; set; }
}

public enum RoutingDecisionKind
{
    /// <summary>Routed by a rule.</summary>
    Routed,
    /// <summary>Given to the owner of the client's deal or company.</summary>
    Owner,
    /// <summary>Nobody could take it; it waits.</summary>
    Queued,
    /// <summary>Not taken in time: passed to the next.</summary>
    Passed,
    /// <summary>Gone up to the senior or the director.</summary>
    Escalated,
    /// <summary>Given by hand.</summary>
    Manual,
}

/// <summary>One decision on a lead, kept with every candidate seen (their share, what they were due and received, or
/// why they were passed over): "why this manager", and the fair-share report's history.</summary>
public class RoutingDecision
{
    public long Id { get; set; }
    public int LeadId { get; set; }
    public Lead? Lead { get; set; }
    public int? RuleId { get; set; }
    public RoutingDecisionKind Kind { get; set; }
    public int? ChosenId { get; set; }
    public RoutingStrategy? Strategy { get; set; }
    /// <summary>The candidates as JSON (<see cref="CandidateScore"/>s).</summary>
    public string Candidates { get; set; } = "[]";
    public string? Note { get; set; }
    public DateTime At { get; set; }
}

/// <summary>A person's share of one routed lead, kept per decision so the fair share of a period is a sum.</summary>
public class RoutingShare
{
    public long Id { get; set; }
    public long DecisionId { get; set; }
    public RoutingDecision? Decision { get; set; }
    public int? RuleId { get; set; }
    public int UserId { get; set; }
    public double Share { get; set; }
    public bool Received { get; set; }
    public DateTime At { get; set; }
}
