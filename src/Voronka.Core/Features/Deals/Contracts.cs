using System.Text.Json;
using Voronka.Core.Common;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Deals;

/// <summary>A product line. Price defaults to the product's list price; discount is in percent.</summary>
public sealed record DealLineInput(int ProductId, decimal Quantity = 1, decimal? Price = null, decimal DiscountPercent = 0);

/// <summary>A new deal. Without a stage it enters the first stage of the pipeline (or of the default pipeline).
/// An amount given by hand wins over the sum of the lines. <see cref="ExternalId"/> is the deal's key in the system it
/// came from (at most 100 characters, trimmed; empty is none): unique among deals, deleted ones included, and found by
/// the list's <c>externalId</c> filter.</summary>
public sealed record CreateDealRequest(
    string? Title,
    int? CompanyId = null,
    int? ContactId = null,
    int? PipelineId = null,
    int? StageId = null,
    int? OwnerId = null,
    string? Currency = null,
    decimal? Amount = null,
    string? Source = null,
    int? RegionId = null,
    DateOnly? ExpectedCloseDate = null,
    IReadOnlyList<DealLineInput>? Lines = null,
    Dictionary<string, JsonElement>? CustomFields = null,
    int? LossReasonId = null,
    string? LossComment = null,
    string? ExternalId = null,
    DateTimeOffset? At = null);

/// <summary>Replaces the editable fields of a deal. <see cref="Version"/> must be the one last read (else 409).
/// Custom fields not named keep their values; a null value clears one. <see cref="ExternalId"/>, the deal's key in the
/// system it came from, is replaced like the other fields: left out or empty, the deal no longer has one.</summary>
public sealed record UpdateDealRequest(
    int? Version,
    string? Title,
    int? CompanyId = null,
    int? ContactId = null,
    int? StageId = null,
    int? OwnerId = null,
    string? Currency = null,
    decimal? Amount = null,
    string? Source = null,
    int? RegionId = null,
    DateOnly? ExpectedCloseDate = null,
    IReadOnlyList<DealLineInput>? Lines = null,
    Dictionary<string, JsonElement>? CustomFields = null,
    int? LossReasonId = null,
    string? LossComment = null,
    string? ExternalId = null);

/// <summary>Moves a deal into a stage, filling on the way any fields given (those left out keep their values).
/// <see cref="At"/>, on create, move, won and lost alike, dates the change in the past: only with a personal token of the
/// import scope, never in the future, never before the deal's last stage change.</summary>
public sealed record MoveDealRequest(
    int? StageId,
    int? Version = null,
    int? CompanyId = null,
    int? ContactId = null,
    decimal? Amount = null,
    string? Source = null,
    int? RegionId = null,
    DateOnly? ExpectedCloseDate = null,
    IReadOnlyList<DealLineInput>? Lines = null,
    Dictionary<string, JsonElement>? CustomFields = null,
    int? LossReasonId = null,
    string? LossComment = null,
    DateTimeOffset? At = null);

/// <summary>Closes a deal as lost: into the pipeline's lost stage, with a reason from the list.</summary>
public sealed record LoseDealRequest(int? LossReasonId, string? Comment = null, int? Version = null, DateTimeOffset? At = null);

/// <summary>Closes a deal as won, optionally with the amount it was won for.</summary>
public sealed record WinDealRequest(int? Version = null, decimal? Amount = null, DateTimeOffset? At = null);

/// <summary>A page of the deal list; <see cref="Total"/> and <see cref="Amounts"/> (one sum per currency) are of all the
/// deals the filters find, not of the page.</summary>
public sealed record DealListResponse(IReadOnlyList<DealResponse> Items, int Total, IReadOnlyList<MoneySum> Amounts);

public sealed record MoneySum(string Currency, decimal Amount);

public sealed record DealLineResponse(int Id, int ProductId, string ProductName, decimal Quantity, decimal Price, decimal DiscountPercent, decimal Total);

/// <summary>A deal as the API shows it; <see cref="ExternalId"/> is its key in the system it came from, or null.</summary>
public sealed record DealResponse(
    int Id,
    string Title,
    int? CompanyId,
    string? CompanyName,
    int? ContactId,
    string? ContactName,
    int PipelineId,
    int StageId,
    string StageName,
    StageKind StageKind,
    int Probability,
    int OwnerId,
    string OwnerName,
    string Currency,
    decimal Amount,
    bool AmountIsManual,
    string? Source,
    string? ExternalId,
    int? RegionId,
    DateOnly? ExpectedCloseDate,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime StageEnteredAt,
    DateTime? ClosedAt,
    int? LossReasonId,
    string? LossReason,
    string? LossComment,
    IReadOnlyDictionary<string, object?> CustomFields,
    IReadOnlyList<DealLineResponse>? Lines,
    int Version);

/// <summary>Filters of the deal list. Dates are the organisation's calendar days, both ends included.</summary>
[QueryPrefix(DealCustomFilter.Prefix)]
public sealed record DealQuery : PageRequest
{
    public string? Q { get; init; }
    public int? OwnerId { get; init; }
    public int? TeamId { get; init; }
    public int? PipelineId { get; init; }
    public int? StageId { get; init; }
    public int? ProductId { get; init; }
    public int? RegionId { get; init; }
    public int? CompanyId { get; init; }
    public int? ContactId { get; init; }
    public string? Source { get; init; }
    /// <summary>The deal with this key from the system it came from (matched exactly).</summary>
    public string? ExternalId { get; init; }
    /// <summary>open, won or lost.</summary>
    public string? Status { get; init; }
    public DateOnly? CreatedFrom { get; init; }
    public DateOnly? CreatedTo { get; init; }
    public DateOnly? ClosedFrom { get; init; }
    public DateOnly? ClosedTo { get; init; }
    public DateOnly? ExpectedCloseFrom { get; init; }
    public DateOnly? ExpectedCloseTo { get; init; }
    public decimal? AmountMin { get; init; }
    public decimal? AmountMax { get; init; }
    /// <summary>Only deals owned by the sellers the actor sees (active managers and seniors): what reports count.</summary>
    public bool? Sellers { get; init; }
    /// <summary>none: open deals without an open task; any: deals with one.</summary>
    public string? NextTask { get; init; }
    /// <summary>True: open deals standing in their stage longer than the stage allows; false: the others.</summary>
    public bool? Rotting { get; init; }
    /// <summary>True: open deals that lack a field their stage requires (a rule added after they entered it); false: open
    /// deals that have every one.</summary>
    public bool? Incomplete { get; init; }
    /// <summary>none: open deals whose contact has neither a phone nor an e-mail (or that have no contact); any: open deals
    /// whose contact has one.</summary>
    public string? ContactWay { get; init; }
    /// <summary>Deals that got at least as far as this open stage (or were won): a cohort funnel's stage.</summary>
    public int? ReachedStageId { get; init; }
    /// <summary>Deals that entered this stage between <see cref="EnteredFrom"/> and <see cref="EnteredTo"/> (any time
    /// without them): a flow funnel's stage.</summary>
    public int? EnteredStageId { get; init; }
    public DateOnly? EnteredFrom { get; init; }
    public DateOnly? EnteredTo { get; init; }

    /// <summary>Custom field filters by field code (<c>custom.&lt;code&gt;=value</c> in a query string; an empty value:
    /// the field is not filled). Not bound by name: <see cref="WithCustom"/> sets them.</summary>
    public IReadOnlyDictionary<string, string>? Custom { get; private init; }

    public DealQuery WithCustom(IReadOnlyDictionary<string, string>? custom) => this with { Custom = custom };
}

public sealed record StageChangeResponse(long Id, int? FromStageId, string? FromStageName, int ToStageId, string ToStageName, DateTime ChangedAt, int ChangedById, string ChangedByName);

/// <summary>One recorded change of a field. <see cref="OldValue"/> and <see cref="NewValue"/> are the values as stored
/// (an id for a stage, owner, company…); <see cref="OldText"/> and <see cref="NewText"/> the name behind such an id, when
/// there is one to show (null for other fields, and for a company or contact the reader may not see).</summary>
public sealed record AuditEntryResponse(
    long Id, string EntityType, int EntityId, string Field, string? OldValue, string? NewValue, DateTime ChangedAt, int? ChangedById,
    string? ChangedByName, string? OldText = null, string? NewText = null);

public sealed record DealHistoryResponse(IReadOnlyList<StageChangeResponse> Stages, IReadOnlyList<AuditEntryResponse> Audit);
