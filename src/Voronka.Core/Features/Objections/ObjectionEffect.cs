using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Objections;

/// <summary>An answer's part in the statistic: the objection, the answer given (a variant, the approved one when none, or
/// no answer), and whether the deal moved to a later stage within the days after the call.</summary>
public sealed record AnswerSample(int ObjectionId, int? VariantId, bool Answered, bool Moved);

/// <summary>One answer to one objection: of the calls where it was given, how many deals moved on, the share and its
/// interval, and whether there are enough calls to read it.</summary>
public sealed record AnswerEffect(int ObjectionId, int? VariantId, bool Answered, Proportion Result, bool Enough);

/// <summary>
/// Which answer moves deals? Per objection and per answer given — the approved answer, each variant, no answer — the share
/// of calls whose deal moved to a later stage within the days after it, with its Wilson interval; below the floor of calls
/// an answer is "not enough data" and is not compared.
/// </summary>
public static class ObjectionEffect
{
    public const int Floor = 10;

    public static IReadOnlyList<AnswerEffect> Compute(IEnumerable<AnswerSample> samples, int floor = Floor) =>
        samples.GroupBy(s => (s.ObjectionId, VariantId: s.Answered ? s.VariantId : null, s.Answered))
            .Select(g =>
            {
                var result = QuestionEffect.Share(g.Count(s => s.Moved), g.Count());
                return new AnswerEffect(g.Key.ObjectionId, g.Key.VariantId, g.Key.Answered, result, result.Count >= floor);
            })
            .OrderBy(r => r.ObjectionId).ThenByDescending(r => r.Answered).ThenBy(r => r.VariantId ?? 0).ToList();
}
