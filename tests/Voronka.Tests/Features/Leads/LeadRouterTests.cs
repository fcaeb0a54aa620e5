using Voronka.Core.Features.Leads;

namespace Voronka.Tests.Features.Leads;

/// <summary>The router's rules with worked examples: who is passed over and why, shares, and fairness over time.</summary>
public class LeadRouterTests
{
    private static RoutingCandidate Anna(int received = 0, decimal entitled = 0) =>
        new(1, "Анна", Entitled: entitled, Received: received);

    private static RoutingCandidate Boris(int received = 0, decimal entitled = 0) =>
        new(2, "Борис", Entitled: entitled, Received: received);

    [Fact]
    public void People_who_cannot_take_a_lead_are_passed_over_with_the_reason()
    {
        var choice = LeadRouter.Choose(RoutingStrategy.RoundRobin,
        [
            new(1, "Анна", Absent: true),
            new(2, "Борис", OpenLeads: 5, MaxOpenLeads: 5),
            new(3, "Вера", NewToday: 8, MaxNewPerDay: 8),
            new(4, "Глеб", Active: false),
            new(5, "Дина", Paused: true),
            new(6, "Егор", Working: false),
            new(7, "Жанна", OpenLeads: 4, MaxOpenLeads: 5),
        ], seed: 1);
        Assert.Equal(7, choice.ChosenId);
        Assert.Equal([SkipReason.Absent, SkipReason.OpenLeadsFull, SkipReason.DailyFull, SkipReason.Deactivated, SkipReason.Paused,
            SkipReason.OffHours, null], choice.Candidates.Select(c => c.Skipped));
        Assert.Equal(1m, choice.Candidates[^1].Share);
    }

    [Fact]
    public void When_everyone_is_away_nobody_is_chosen_and_the_lead_waits()
    {
        var choice = LeadRouter.Choose(RoutingStrategy.Weighted, [new(1, "Анна", Absent: true), new(2, "Борис", Working: false)],
            1);
        Assert.Null(choice.ChosenId);
        Assert.All(choice.Candidates, c => Assert.NotNull(c.Skipped));
    }

    [Fact]
    public void Round_robin_goes_in_turn()
    {
        // Each decision adds the share to what everyone able was due, and one lead to the one chosen.
        var (anna, boris) = (Anna(), Boris());
        var chosen = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var choice = LeadRouter.Choose(RoutingStrategy.RoundRobin, [anna, boris], seed: i);
            var id = choice.ChosenId!.Value;
            chosen.Add(id);
            anna = anna with { Entitled = anna.Entitled + 0.5m, Received = anna.Received + (id == 1 ? 1 : 0) };
            boris = boris with { Entitled = boris.Entitled + 0.5m, Received = boris.Received + (id == 2 ? 1 : 0) };
        }
        Assert.Equal(3, chosen.Count(id => id == 1));
        Assert.All(chosen.Zip(chosen.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Weights_hold_over_many_leads()
    {
        // Weights 3 : 1 → of 40 leads 30 and 10, never further than one lead from the due share on the way.
        var people = new[] { new RoutingCandidate(1, "Анна", Weight: 3), new RoutingCandidate(2, "Борис", Weight: 1) };
        for (var i = 0; i < 40; i++)
        {
            var choice = LeadRouter.Choose(RoutingStrategy.Weighted, people, seed: i);
            people = people.Select(p => p with
            {
                Entitled = p.Entitled + choice.Candidates.Single(c => c.UserId == p.UserId).Share,
                Received = p.Received + (choice.ChosenId == p.UserId ? 1 : 0),
            }).ToArray();
            Assert.All(people, p => Assert.True(Math.Abs(p.Entitled - p.Received) <= 1, $"{p.Name}: {p.Entitled} due, {p.Received} got"));
        }
        Assert.Equal((30, 10), (people[0].Received, people[1].Received));
        Assert.Equal(0.75m, LeadRouter.Choose(RoutingStrategy.Weighted, people, 0).Candidates[0].Share);
    }

    [Fact]
    public void A_person_back_from_a_vacation_catches_up_slowly()
    {
        // Anna was away for 10 leads: Boris took them all and was due all of them; Anna was due none.
        var (anna, boris) = (Anna(received: 5, entitled: 5), Boris(received: 15, entitled: 15));
        var first = LeadRouter.Choose(RoutingStrategy.RoundRobin, [anna, boris], seed: 7);
        // Both are due half of the next lead; the tie goes by the seed, and the next one to the other: in turn, not a flood.
        Assert.Equal([0.5m, 0.5m], first.Candidates.Select(c => c.Due));
        var other = first.ChosenId == 1 ? 2 : 1;
        anna = anna with { Entitled = 5.5m, Received = 5 + (first.ChosenId == 1 ? 1 : 0) };
        boris = boris with { Entitled = 15.5m, Received = 15 + (first.ChosenId == 2 ? 1 : 0) };
        Assert.Equal(other, LeadRouter.Choose(RoutingStrategy.RoundRobin, [anna, boris], seed: 7).ChosenId);
    }

    [Fact]
    public void Ties_go_by_the_seed_and_a_decision_replays()
    {
        var picks = Enumerable.Range(0, 50).Select(seed => LeadRouter.Choose(RoutingStrategy.RoundRobin, [Anna(), Boris()], seed).ChosenId)
            .ToList();
        Assert.Contains(1, picks);
        Assert.Contains(2, picks);
        Assert.Equal(picks, Enumerable.Range(0, 50).Select(seed => LeadRouter.Choose(RoutingStrategy.RoundRobin, [Anna(), Boris()], seed)
            .ChosenId));
    }

    [Fact]
    public void Least_loaded_goes_to_the_fewest_leads_not_yet_taken()
    {
        var choice = LeadRouter.Choose(RoutingStrategy.LeastLoaded,
            [new(1, "Анна", OpenLeads: 3, Received: 0), new(2, "Борис", OpenLeads: 1, Received: 9), new(3, "Вера",
                OpenLeads: 2)], 1);
        Assert.Equal(2, choice.ChosenId);
    }

    [Fact]
    public void By_results_blends_a_thin_history_with_the_team()
    {
        // Anna: 20 won of 40 closed, 30 of 40 touched fast; Boris: 1 of 2, 2 of 2 — the team wins 25 % and is fast 50 %.
        // Anna: (20 + 10·0.25) / (40 + 10) = 0.45; speed (30 + 5) / 50 = 0.7; score 0.45 × (0.5 + 0.35) = 0.3825.
        // Boris: (1 + 2.5) / 12 = 0.29167; speed (2 + 5) / 12 = 0.58333; score 0.29167 × 0.79167 = 0.23090.
        var choice = LeadRouter.Choose(RoutingStrategy.ByResults,
        [
            new(1, "Анна", Results: new SegmentResults(20, 40, 0.25m, 30, 40, 0.5m)),
            new(2, "Борис", Results: new SegmentResults(1, 2, 0.25m, 2, 2, 0.5m)),
        ], 1);
        var anna = choice.Candidates[0];
        Assert.Equal(0.3825m / (0.3825m + 0.2309m), anna.Share, 3);
        Assert.Equal("(20 + 10·0.25) / (40 + 10) = 0.45 × (0.5 + 0.5·(30 + 10·0.5) / (40 + 10)) = 0.383", anna.Formula);
        Assert.Equal(1, choice.ChosenId);
    }

    [Fact]
    public void A_weight_of_zero_takes_no_share()
    {
        var choice = LeadRouter.Choose(RoutingStrategy.Weighted, [new(1, "Анна", Weight: 0), new(2, "Борис", Weight: 2)], 1);
        Assert.Equal((SkipReason?)SkipReason.NoShare, choice.Candidates[0].Skipped);
        Assert.Equal(2, choice.ChosenId);
    }
}
