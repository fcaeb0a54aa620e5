using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Kpi;

/// <summary>The indicators the system can measure. Which of them matter is the director's choice (<see cref="KpiSetting"/>).</summary>
public enum KpiCode
{
    /// <summary>Won revenue, deals closed in the period.</summary>
    Revenue,
    WonDeals,
    AverageDeal,
    /// <summary>Won out of deals closed (won or lost) in the period, in percent.</summary>
    WinRate,
    /// <summary>Of the deals that left a stage in the period, the share that moved forward, in percent.</summary>
    StageConversion,
    Calls,
    /// <summary>Talk time of calls, in minutes.</summary>
    TalkMinutes,
    Meetings,
    Proposals,
    Presales,
    NewDeals,
    /// <summary>Open tasks past their due time now; fewer is better.</summary>
    OverdueTasks,
    /// <summary>Share of open deals with company, contact, amount, expected close date and source all filled, in percent.</summary>
    DataFill,
    /// <summary>Of the leads received in the period, the median working minutes from being given one to its first answer;
    /// fewer is better.</summary>
    LeadAnswerMinutes,
    /// <summary>Of the leads received in the period that a person answered, the share answered within 15 working minutes,
    /// in percent (leads they let pass are the speed report's breaches).</summary>
    LeadsAnsweredIn15,
    /// <summary>Call reviews a person released in the period (the review routine's own count).</summary>
    CallsReviewed,
    /// <summary>The fill score of a person's open deals now, in percent (the fill-quality report's own).</summary>
    FillQuality,
}

/// <summary>One indicator of the organisation's catalogue, switched on or off. <see cref="StageId"/> is set only
/// for <see cref="KpiCode.StageConversion"/> (0 otherwise).</summary>
public class KpiSetting
{
    public int Id { get; set; }
    public KpiCode Code { get; set; }
    public int StageId { get; set; }
    public bool IsEnabled { get; set; }
    public int Position { get; set; }
}

/// <summary>A person's plan for one indicator in one period.</summary>
public class KpiPlan
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public KpiCode Code { get; set; }
    public int StageId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public decimal Value { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int UpdatedById { get; set; }
}

/// <summary>A multiplier of the bonus: when the indicator's completion reaches <see cref="MinPercent"/> the bonus is
/// multiplied by <see cref="FactorIfMet"/>, otherwise by <see cref="FactorIfMissed"/>.</summary>
public sealed record BonusMultiplier(KpiCode Code, decimal MinPercent, decimal FactorIfMet, decimal FactorIfMissed);

/// <summary>The bonus scheme of a role: <see cref="RatePercent"/> of won revenue once revenue completion reaches
/// <see cref="ThresholdPercent"/>, adjusted by the multipliers, at most <see cref="CapMinor"/> when set.</summary>
public class BonusScheme
{
    public int Id { get; set; }
    public UserRole Role { get; set; }
    public bool IsEnabled { get; set; }
    public decimal RatePercent { get; set; }
    public decimal ThresholdPercent { get; set; }
    public long? CapMinor { get; set; }
    public List<BonusMultiplier> Multipliers { get; set; } = [];
    public int Version { get; set; }
}
