namespace Voronka.Core.Features.Deals;

/// <summary>
/// A deal. Its stage changes only through <see cref="EnterStage"/>, which also writes the stage history row,
/// so no path can move a deal without leaving a trace.
/// </summary>
public class Deal
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public int? CompanyId { get; set; }
    public int? ContactId { get; set; }
    public int PipelineId { get; private set; }
    public int StageId { get; private set; }
    public int OwnerId { get; set; }
    public string Currency { get; set; } = "RUB";
    public long AmountMinor { get; set; }
    /// <summary>True when the amount was set by hand; otherwise it is the sum of the product lines.</summary>
    public bool AmountIsManual { get; set; }
    public string? Source { get; set; }
    /// <summary>The deal's key in the system it came from (trimmed, at most 100 characters): integrators and imports
    /// find and update it by this key. Unique among deals, deleted ones included.</summary>
    public string? ExternalId { get; set; }
    public int? RegionId { get; set; }
    /// <summary>The import batch that created the record, if one did: its rollback removes it.</summary>
    public int? ImportBatchId { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }
    public DateTime CreatedAt { get; set; }
    public int CreatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime StageEnteredAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    /// <summary>The position of the furthest open stage of its pipeline the deal has entered: kept from the stage
    /// history by <c>KeptFigures</c> for the cohort funnel, never set by a request.</summary>
    public int? FurthestPosition { get; private set; }
    public int? LossReasonId { get; set; }
    public string? LossComment { get; set; }
    public Dictionary<string, string> CustomFields { get; set; } = [];
    public List<DealLine> Lines { get; set; } = [];
    public List<DealStageChange> StageChanges { get; set; } = [];
    public int Version { get; set; }
    public DateTime? DeletedAt { get; set; }

    private bool _pathRestarted;

    /// <summary>Starts the deal's history again: the next <see cref="EnterStage"/> is its creation. An import that
    /// replaces a deal's path deletes its stage changes first.</summary>
    internal void RestartPath()
    {
        StageChanges.Clear();
        _pathRestarted = true;
    }

    /// <summary>Puts the deal into a stage and records the change. The caller has already checked the stage's requirements.</summary>
    /// <summary>Sets the furthest open stage from a whole path written at once (an import), as <c>KeptFigures</c> would
    /// find it from the history.</summary>
    internal void KeepFurthest(int? position) => FurthestPosition = position;

    public void EnterStage(Pipelines.Stage stage, int byUserId, DateTime at)
    {
        var from = (StageChanges.Count == 0 && Id == 0) || _pathRestarted ? (int?)null : StageId;
        _pathRestarted = false;
        if (from == stage.Id) return;
        StageChanges.Add(new DealStageChange
        {
            FromStageId = from,
            ToStageId = stage.Id,
            ChangedAt = at,
            ChangedById = byUserId,
            SecondsInFromStage = from is null ? null : Math.Max(0, (long)(at - StageEnteredAt).TotalSeconds),
        });
        PipelineId = stage.PipelineId;
        StageId = stage.Id;
        StageEnteredAt = at;
        ClosedAt = stage.Kind == Pipelines.StageKind.Open ? null : at;
    }
}

public class DealLine
{
    public int Id { get; set; }
    public int DealId { get; set; }
    public int ProductId { get; set; }
    public decimal Quantity { get; set; }
    public long PriceMinor { get; set; }
    /// <summary>Discount in percent, 0..100.</summary>
    public decimal DiscountPercent { get; set; }
    public long TotalMinor { get; set; }

    public static long Total(decimal quantity, long priceMinor, decimal discountPercent) =>
        (long)decimal.Round(quantity * priceMinor * (100m - discountPercent) / 100m, 0, MidpointRounding.AwayFromZero);
}

/// <summary>One entry of a deal's stage history: the raw material of conversion and time-in-stage analytics.</summary>
public class DealStageChange
{
    public long Id { get; set; }
    public int DealId { get; set; }
    public int? FromStageId { get; set; }
    public int ToStageId { get; set; }
    public DateTime ChangedAt { get; set; }
    public int ChangedById { get; set; }
    /// <summary>How long the deal stood in the stage it left, in seconds: time in stage, summed and ranked in the
    /// database without date arithmetic that differs between providers.</summary>
    public long? SecondsInFromStage { get; set; }
    /// <summary>When the deal's previous change happened (null for its first), kept by <c>KeptFigures</c>: a period's
    /// changes whose previous change came before the period are each deal's first in it, so deals touched are counted
    /// without DISTINCT.</summary>
    public DateTime? PreviousChangeAt { get; set; }
    /// <summary>When the deal entered the same stage before this change (null the first time), kept by
    /// <c>KeptFigures</c>: each deal counts once per stage entered in a period.</summary>
    public DateTime? PreviousEntryAt { get; set; }
}
