namespace Voronka.Core.Features.Arsenal;

/// <summary>An item as written: its kind, title, Markdown text, link, best call, links to stages, products and objections,
/// owner and how often the owner confirms it. <see cref="Version"/> is the one read (on a change).</summary>
public sealed record ArsenalRequest(
    string? Kind, string? Title, string? Text = null, string? Url = null, int? BestCallId = null, int[]? StageIds = null,
    int[]? ProductIds = null, int[]? ObjectionIds = null, int? OwnerId = null, int? VerifyEveryDays = null, int? Version = null);

/// <summary>An item in a list: what it is, a line of its text, whose it is and whether it is due to be checked or unused.</summary>
public sealed record ArsenalListItem(
    int Id, ArsenalKind Kind, string Title, string Preview, bool HasFile, string? FileName, string? Url, int OwnerId, string OwnerName,
    DateTime VerifiedAt, DateTime VerifyBy, bool Stale, DateTime? LastUsedAt, bool Unused, int[] StageIds, int[] ProductIds,
    int[] ObjectionIds, int ContentVersion, int Version, DateTime UpdatedAt, bool Archived);

/// <summary>An item whole: its text also as safe HTML, its best call, its file and its links with their names.</summary>
public sealed record ArsenalItemResponse(
    int Id, ArsenalKind Kind, string Title, string Text, string Html, string? Url, int? BestCallId, string? BestCallTitle,
    long? BestCallActivityId, string? FileName, string? FileType, long? FileSize, int OwnerId, string OwnerName, int VerifyEveryDays,
    DateTime VerifiedAt, DateTime VerifyBy, bool Stale, IReadOnlyList<LinkName> Stages, IReadOnlyList<LinkName> Products,
    IReadOnlyList<LinkName> Objections, int ContentVersion, int Version, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);

public sealed record LinkName(int Id, string Name);

/// <summary>One kept version: who changed the item and when, and what it said.</summary>
public sealed record ArsenalVersionResponse(
    int Number, string Title, string Text, string Html, string? Url, string? FileName, int EditedById, string EditedByName,
    DateTime EditedAt);

public sealed record ArsenalQuery
{
    /// <summary>Text in the title or the text.</summary>
    public string? Q { get; init; }
    public string? Kind { get; init; }
    public int? StageId { get; init; }
    public int? ProductId { get; init; }
    public int? ObjectionId { get; init; }
    public int? OwnerId { get; init; }
    /// <summary>Only items past their date of verification.</summary>
    public bool? Stale { get; init; }
    /// <summary>Only items nobody opened, copied or sent for <see cref="ArsenalService.UnusedDays"/> days.</summary>
    public bool? Unused { get; init; }
    public bool? Archived { get; init; }
}

/// <summary>A use of an item to record: opened, copied or sent, on a deal or not.</summary>
public sealed record ArsenalUseRequest(string? Kind, int? DealId = null);

/// <summary>How the arsenal was used in a period and how that met the deals' outcomes: per item the uses of each kind, and
/// the share of the deals won in the period (and of those lost) on which it was used; per item and person their uses.</summary>
public sealed record UsageReport(DateOnly From, DateOnly To, int WonDeals, int LostDeals, IReadOnlyList<UsageRow> Items,
    IReadOnlyList<PersonUse> People);

/// <summary>An item's uses, and in how many of the period's won and lost deals it was used (shares in per cent, null without
/// such deals); <see cref="Difference"/> is the won share less the lost one.</summary>
public sealed record UsageRow(int ItemId, string Title, ArsenalKind Kind, int Opened, int Copied, int Sent, int ClientOpened, int WonWith,
    int LostWith, decimal? InWon, decimal? InLost, decimal? Difference);

public sealed record PersonUse(int ItemId, int UserId, string Name, int Opened, int Copied, int Sent);
