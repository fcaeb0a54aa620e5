using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Plans;

/// <summary>An open stage of the pipeline the plan walks, in order.</summary>
public sealed record PlanStage(int Id, string Name, int Position);

/// <summary>How far one group of deals got: deals whose furthest open stage was at <paramref name="MaxPosition"/>
/// (null: never entered an open stage) and whose current stage is of <paramref name="Outcome"/>.</summary>
public sealed record ProgressRow(int? MaxPosition, StageKind Outcome, int Deals);

/// <summary>Activities of one type done while their deal stood at the open stage at <paramref name="StagePosition"/>
/// (null for activities without a deal), split by whether that deal has since left the stage (moved on or closed).</summary>
public sealed record ActivityRow(ActivityType Type, bool WithoutDeal, int? StagePosition, bool DealLeftStage, int Count);

/// <summary>
/// The history a plan is computed from, for one group of people or deals over the basis window:
/// per open stage, the deals that moved on and the deals that were decided there (moved on or lost);
/// per activity and stage, the activities spent on decided deals; the won deals that size the average.
/// </summary>
public sealed class FunnelEvidence
{
    public required IReadOnlyList<PlanStage> Stages { get; init; }
    /// <summary>Deals that reached the stage and went further (a later open stage or won).</summary>
    public required int[] Advanced { get; init; }
    /// <summary>Deals that reached the stage and are decided there: advanced, or lost.</summary>
    public required int[] Decided { get; init; }
    /// <summary>Activities per (type, stage index); index -1 is work without a deal.</summary>
    public required IReadOnlyDictionary<(ActivityType Type, int Stage), int> Activities { get; init; }
    /// <summary>Deals created in the window: what prospecting is counted against.</summary>
    public required int NewDeals { get; init; }
    public required long WonSumMinor { get; init; }
    public required int WonCount { get; init; }

    public static readonly ActivityType[] PlannedActivities = [ActivityType.Call, ActivityType.Meeting, ActivityType.Proposal, ActivityType.Presale];

    public long AverageDealMinor => WonCount == 0 ? 0 : (long)decimal.Round(WonSumMinor / (decimal)WonCount, 0, MidpointRounding.AwayFromZero);

    public decimal StageRate(int i) => Decided[i] == 0 ? 0 : Advanced[i] / (decimal)Decided[i];

    /// <summary>Activities of a type per deal that moved on from the stage (per new deal for index -1).</summary>
    public decimal ActivityRatio(ActivityType type, int stage) => ActivityDeals(stage) is var d && d == 0 ? 0 : Activities.GetValueOrDefault((type, stage)) / (decimal)d;

    public int ActivityDeals(int stage) => stage < 0 ? NewDeals : Advanced[stage];

    /// <summary>Folds the grouped rows the database returns into per-stage counts.</summary>
    public static FunnelEvidence From(IReadOnlyList<PlanStage> stages, IEnumerable<ProgressRow> progress, IEnumerable<ActivityRow> activities, long wonSumMinor, int wonCount)
    {
        var advanced = new int[stages.Count];
        var decided = new int[stages.Count];
        var newDeals = 0;
        foreach (var row in progress)
        {
            newDeals += row.Deals;
            var won = row.Outcome == StageKind.Won;
            for (var i = 0; i < stages.Count; i++)
            {
                var reached = won || (row.MaxPosition is int m && m >= stages[i].Position);
                if (!reached) continue;
                var movedOn = won || (i + 1 < stages.Count && row.MaxPosition is int n && n >= stages[i + 1].Position);
                if (movedOn) advanced[i] += row.Deals;
                if (movedOn || row.Outcome == StageKind.Lost) decided[i] += row.Deals;
            }
        }
        var counts = new Dictionary<(ActivityType, int), int>();
        foreach (var row in activities)
        {
            int index;
            if (row.WithoutDeal) index = -1;
            else if (row.StagePosition is int p && row.DealLeftStage && FindIndex(stages, p) is int i and >= 0) index = i;
            else continue;
            counts[(row.Type, index)] = counts.GetValueOrDefault((row.Type, index)) + row.Count;
        }
        return new FunnelEvidence
        {
            Stages = stages, Advanced = advanced, Decided = decided, Activities = counts, NewDeals = newDeals,
            WonSumMinor = wonSumMinor, WonCount = wonCount,
        };
    }

    private static int FindIndex(IReadOnlyList<PlanStage> stages, int position)
    {
        for (var i = 0; i < stages.Count; i++) if (stages[i].Position == position) return i;
        return -1;
    }
}
