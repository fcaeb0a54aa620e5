using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Reviews;

/// <summary>One question's part in a card: its weight, whether it is critical, and its score from 0 to 1 (null when
/// not applicable).</summary>
public sealed record QuestionMark(int Weight, bool Critical, decimal? Score);

/// <summary>A card's result: the score in per cent (null when every question was not applicable), whether a critical
/// question was failed, and whether the call passed.</summary>
public sealed record CardResult(decimal? Score, bool CriticalFailed, bool Passed);

/// <summary>The arithmetic of a scorecard: each answer to a score from 0 to 1, the card's score as
/// Σ weight × score ÷ Σ weight over the questions not N/A, a critical question failed below one half, and the pass mark.</summary>
public static class Scoring
{
    /// <summary>The answer as a score from 0 to 1: yes 1 and no 0; a mark 1–5 as (mark − 1) ÷ 4; a choice its worth.</summary>
    public static decimal Normalise(QuestionKind kind, IReadOnlyList<ChoiceOption> options, int value) => kind switch
    {
        QuestionKind.YesNo => value == 1 ? 1m : 0m,
        QuestionKind.Scale => (value - 1) / 4m,
        _ => options[value].Score / 100m,
    };

    /// <summary>Whether <paramref name="value"/> is an answer the question takes.</summary>
    public static bool IsValid(QuestionKind kind, int optionCount, int value) => kind switch
    {
        QuestionKind.YesNo => value is 0 or 1,
        QuestionKind.Scale => value is >= 1 and <= 5,
        _ => value >= 0 && value < optionCount,
    };

    /// <summary>An answer below one half fails its question; a failed critical question fails the card.</summary>
    public static bool Fails(decimal score) => score < 0.5m;

    public static CardResult Card(IEnumerable<QuestionMark> marks, int passMark)
    {
        var answered = marks.Where(m => m.Score is not null).ToList();
        var weight = answered.Sum(m => m.Weight);
        decimal? score = weight == 0 ? null : Math.Round(answered.Sum(m => m.Weight * m.Score!.Value) * 100m / weight, 2);
        var critical = answered.Any(m => m.Critical && Fails(m.Score!.Value));
        return new CardResult(score, critical, !critical && score >= passMark);
    }

    /// <summary>Whether a revision is meant for a call: its direction, the deal's pipeline and stage, the talk time.</summary>
    public static bool Applies(ScorecardRevision r, CallWay? way, int? pipelineId, int? stageId, int? durationSeconds) =>
        (r.Way is null || r.Way == way)
        && (r.PipelineId is null || r.PipelineId == pipelineId)
        && (r.StageId is null || r.StageId == stageId)
        && (r.MinDurationSeconds is null || durationSeconds >= r.MinDurationSeconds);
}
