using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Reviews;

/// <summary>How a question is answered: yes or no, a mark from 1 to 5, or one of the director's choices.</summary>
public enum QuestionKind
{
    YesNo,
    Scale,
    Choice,
}

/// <summary>A review being written, or released to the manager.</summary>
public enum ReviewStatus
{
    Draft,
    Released,
}

/// <summary>A scorecard the director keeps: its name and whether reviewers still pick it. What it asks lives in its
/// revisions; the newest published one is used for new reviews.</summary>
public class Scorecard
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One version of a scorecard: which calls it is for (direction, pipeline, stage, shortest talk), the mark a call must
/// reach, and its questions. A draft is edited; once published it never changes, so the reviews made on it keep their
/// meaning — editing it makes the next revision.
/// </summary>
public class ScorecardRevision
{
    public int Id { get; set; }
    public int ScorecardId { get; set; }
    public int Number { get; set; }
    public CallWay? Way { get; set; }
    public int? PipelineId { get; set; }
    public int? StageId { get; set; }
    public int? MinDurationSeconds { get; set; }
    /// <summary>The score in per cent a call must reach to pass.</summary>
    public int PassMark { get; set; } = 70;
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public List<ScorecardQuestion> Questions { get; set; } = [];
}

/// <summary>A choice of a choice question and what it is worth, in per cent.</summary>
public sealed record ChoiceOption(string Label, int Score);

/// <summary>A question of a revision: what to judge, how it is answered, its weight, whether "not applicable" is allowed,
/// whether failing it fails the whole card, and the reviewer's guide.</summary>
public class ScorecardQuestion
{
    public int Id { get; set; }
    public int RevisionId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
    public QuestionKind Kind { get; set; }
    public List<ChoiceOption> Options { get; set; } = [];
    public int Weight { get; set; } = 1;
    public bool AllowNa { get; set; }
    public bool Critical { get; set; }
    public string? Guide { get; set; }
}

/// <summary>
/// A review of a call on a scorecard's revision, by the director, a senior, or the manager on their own call: an answer
/// and a comment per question, comments pinned to moments of the recording, the score, and the manager's replies once
/// it is released.
/// </summary>
public class CallReview
{
    public int Id { get; set; }
    public long ActivityId { get; set; }
    public int RevisionId { get; set; }
    public int ReviewerId { get; set; }
    /// <summary>Whose call it is.</summary>
    public int ManagerId { get; set; }
    public ReviewStatus Status { get; set; }
    public string? Summary { get; set; }
    /// <summary>Σ weight × score ÷ Σ weight over the questions answered (not N/A), in per cent; set when released.</summary>
    public decimal? Score { get; set; }
    /// <summary>A critical question was failed: the card fails whatever the score.</summary>
    public bool CriticalFailed { get; set; }
    public bool Passed { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public int Version { get; set; }
    public List<ReviewAnswer> Answers { get; set; } = [];
}

/// <summary>The answer to one question: the value (1/0 for yes/no, 1–5 for a mark, the choice's index), or not
/// applicable, and the reviewer's comment.</summary>
public class ReviewAnswer
{
    public int Id { get; set; }
    public int ReviewId { get; set; }
    public int QuestionId { get; set; }
    public int? Value { get; set; }
    public bool Na { get; set; }
    public string? Comment { get; set; }
}

/// <summary>How many calls of each of their managers a reviewer (the director, a senior) reviews a week.</summary>
public class ReviewQuota
{
    public int UserId { get; set; }
    public int PerManagerPerWeek { get; set; }
}

/// <summary>A comment on a review — the reviewer's, pinned to a second of the recording or not, or the manager's reply.</summary>
public class ReviewComment
{
    public int Id { get; set; }
    public int ReviewId { get; set; }
    public int AuthorId { get; set; }
    public int? AtSecond { get; set; }
    public string Text { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
