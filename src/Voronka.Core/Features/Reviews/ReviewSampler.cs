namespace Voronka.Core.Features.Reviews;

/// <summary>The groups calls are sampled from, so a review week sees more than the easiest calls.</summary>
[Flags]
public enum CallStrata
{
    None = 0,
    /// <summary>The first call on its deal.</summary>
    First = 1,
    /// <summary>A call on a deal that was lost.</summary>
    LostDeal = 2,
    /// <summary>A talk of <see cref="ReviewSampler.LongCallSeconds"/> or more.</summary>
    Long = 4,
    /// <summary>A call where an objection was tagged.</summary>
    Objection = 8,
}

/// <summary>A call that may be sampled, with the groups it belongs to.</summary>
public sealed record SampleCandidate(long ActivityId, CallStrata Strata);

/// <summary>
/// Picks the calls to review: in turn from the calls with an objection, on lost deals, first calls, long calls and the
/// rest, a random one of each group not picked yet, until the count is reached. The same seed (the week, the reviewer,
/// the manager) gives the same calls, so the queue does not change each time it is opened.
/// </summary>
public static class ReviewSampler
{
    public const int LongCallSeconds = 300;

    private static readonly CallStrata[] Order =
        [CallStrata.Objection, CallStrata.LostDeal, CallStrata.First, CallStrata.Long, CallStrata.None];

    public static IReadOnlyList<SampleCandidate> Pick(IReadOnlyList<SampleCandidate> candidates, int count, int seed)
    {
        var random = new Random(seed);
        var shuffled = candidates.OrderBy(c => c.ActivityId).Select(c => (Candidate: c, Key: random.Next())).OrderBy(x => x.Key)
            .Select(x => x.Candidate).ToList();
        var picked = new List<SampleCandidate>();
        var taken = new HashSet<long>();
        while (picked.Count < count && taken.Count < shuffled.Count)
        {
            var before = picked.Count;
            foreach (var stratum in Order)
            {
                if (picked.Count >= count) break;
                var next = shuffled.FirstOrDefault(c => !taken.Contains(c.ActivityId)
                    && (stratum == CallStrata.None ? c.Strata == CallStrata.None : c.Strata.HasFlag(stratum)));
                if (next is null) continue;
                picked.Add(next);
                taken.Add(next.ActivityId);
            }
            if (picked.Count == before) break;
        }
        return picked;
    }

    /// <summary>A seed that stays the same for a week, a reviewer and a manager.</summary>
    public static int Seed(DateOnly week, int reviewerId, int managerId) =>
        (int)(((long)week.DayNumber * 7919 + reviewerId * 104_729L + managerId * 1_299_709L) % int.MaxValue);
}
