using System.Globalization;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Leads;

/// <summary>How a rule shares its leads among its people.</summary>
public enum RoutingStrategy
{
    /// <summary>In turn: equal shares.</summary>
    RoundRobin,
    /// <summary>Shares in proportion to the weights the director sets.</summary>
    Weighted,
    /// <summary>To whoever holds the fewest leads not yet taken; equal shares among equals.</summary>
    LeastLoaded,
    /// <summary>Shares in proportion to each person's results with such leads (win rate and speed).</summary>
    ByResults,
}

/// <summary>Why a person of the rule's group was passed over for a lead.</summary>
public enum SkipReason
{
    Deactivated,
    Absent,
    Paused,
    OffHours,
    OpenLeadsFull,
    DailyFull,
    NoShare,
    TriedBefore,
}

/// <summary>A person's results with leads of the segment, for <see cref="RoutingStrategy.ByResults"/>: deals won of
/// those closed, and leads touched within the fast limit of those touched, each with the team's rate.</summary>
public sealed record SegmentResults(int Won, int Closed, decimal TeamWinRate, int Fast, int Touched, decimal TeamFastShare);

/// <summary>
/// One person of the rule's group at the lead's moment. <paramref name="Entitled"/> and <paramref name="Received"/>
/// are the rule's history over the fairness period: the shares the person was due in the decisions where they could
/// take a lead, and the leads they got.
/// </summary>
public sealed record RoutingCandidate(
    int UserId,
    string Name,
    bool Active = true,
    bool Absent = false,
    bool Paused = false,
    bool Working = true,
    int OpenLeads = 0,
    int? MaxOpenLeads = null,
    int NewToday = 0,
    int? MaxNewPerDay = null,
    decimal Weight = 1,
    decimal Entitled = 0,
    int Received = 0,
    SegmentResults? Results = null,
    bool TriedBefore = false);

/// <summary>How the router saw one person: passed over and why, or their share of this lead, what they were due
/// before it and what they had received, and for results-based routing the formula of their score.</summary>
public sealed record CandidateScore(
    int UserId,
    string Name,
    SkipReason? Skipped,
    decimal Share,
    decimal Entitled,
    int Received,
    decimal Due,
    int OpenLeads,
    string? Formula);

/// <summary>The router's answer: the person chosen (none when nobody can take the lead) and every candidate seen.</summary>
public sealed record RoutingChoice(int? ChosenId, RoutingStrategy Strategy, IReadOnlyList<CandidateScore> Candidates);

/// <summary>
/// Chooses who takes a lead, with no I/O (ADR 0018). People who cannot take it now are passed over with the reason.
/// Among the rest each has a share of this lead (equal; by weight; or by results); the lead goes to whoever is most
/// behind what they are due — entitled over the period plus this share, minus received — so the shares hold over time,
/// and a person back from an absence is due nothing for the days away and is not flooded. Least loaded goes first by
/// the fewest leads not yet taken. Ties go to a random one, seeded by the lead, so a decision can be replayed.
/// </summary>
public static class LeadRouter
{
    private const decimal Tie = 0.000001m;

    public static RoutingChoice Choose(RoutingStrategy strategy, IReadOnlyList<RoutingCandidate> candidates, int seed)
    {
        var seen = candidates.Select(c => (c, Skipped: Skip(c), Raw: RawShare(strategy, c, out var formula), Formula: formula)).ToList();
        seen = seen.Select(x => x.Skipped is null && x.Raw <= 0 ? x with { Skipped = SkipReason.NoShare } : x).ToList();
        var total = seen.Where(x => x.Skipped is null).Sum(x => x.Raw);
        var scores = seen.Select(x =>
        {
            var share = x.Skipped is null ? x.Raw / total : 0;
            return new CandidateScore(x.c.UserId, x.c.Name, x.Skipped, share, x.c.Entitled, x.c.Received,
                x.Skipped is null ? x.c.Entitled + share - x.c.Received : 0, x.c.OpenLeads, x.Formula);
        }).ToList();
        var eligible = scores.Where(s => s.Skipped is null).ToList();
        if (eligible.Count == 0) return new RoutingChoice(null, strategy, scores);
        if (strategy == RoutingStrategy.LeastLoaded)
        {
            var fewest = eligible.Min(s => s.OpenLeads);
            eligible = eligible.Where(s => s.OpenLeads == fewest).ToList();
        }
        var most = eligible.Max(s => s.Due);
        var tied = eligible.Where(s => most - s.Due < Tie).OrderBy(s => s.UserId).ToList();
        var chosen = tied[new Random(seed).Next(tied.Count)];
        return new RoutingChoice(chosen.UserId, strategy, scores);
    }

    /// <summary>Why the person cannot take a lead now, the first reason of several; null when they can.</summary>
    public static SkipReason? Skip(RoutingCandidate c) =>
        !c.Active ? SkipReason.Deactivated
        : c.Absent ? SkipReason.Absent
        : c.Paused ? SkipReason.Paused
        : !c.Working ? SkipReason.OffHours
        : c.TriedBefore ? SkipReason.TriedBefore
        : c.MaxOpenLeads is int open && c.OpenLeads >= open ? SkipReason.OpenLeadsFull
        : c.MaxNewPerDay is int day && c.NewToday >= day ? SkipReason.DailyFull
        : null;

    private static decimal RawShare(RoutingStrategy strategy, RoutingCandidate c, out string? formula)
    {
        formula = null;
        switch (strategy)
        {
            case RoutingStrategy.Weighted:
                return Math.Max(0, c.Weight);
            case RoutingStrategy.ByResults:
                var r = c.Results ?? new SegmentResults(0, 0, 0, 0, 0, 0);
                var win = RateBlend.Blend(r.Won, r.Closed, r.TeamWinRate).Value;
                var fast = RateBlend.Blend(r.Fast, r.Touched, r.TeamFastShare).Value;
                var score = win * (0.5m + 0.5m * fast);
                formula = string.Create(CultureInfo.InvariantCulture,
                    $"({r.Won} + {RateBlend.PriorStrength}·{r.TeamWinRate:0.###}) / ({r.Closed} + {RateBlend.PriorStrength}) = {win:0.###}"
                    + $" × (0.5 + 0.5·({r.Fast} + {RateBlend.PriorStrength}·{r.TeamFastShare:0.###}) / ({r.Touched} + "
                    + $"{RateBlend.PriorStrength})) = {score:0.###}");
                // A person with no wins yet in a team with none still gets a small share, so results can appear.
                return Math.Max(score, 0.001m);
            default:
                return 1;
        }
    }
}
