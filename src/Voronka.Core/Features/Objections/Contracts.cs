namespace Voronka.Core.Features.Objections;

/// <summary>A question or objection as written: the client's words, the approved answer (Markdown), the stage where it is
/// usually heard, and the other answers the team tries (a variant with an id is changed, one without is added, one left
/// out is archived). <see cref="Version"/> is the one read (on a change).</summary>
public sealed record ObjectionRequest(
    string? Kind, string? Text, string? Answer = null, int? StageId = null, VariantRequest[]? Variants = null, int? Version = null);

public sealed record VariantRequest(int? Id, string? Text);

public sealed record ObjectionResponse(
    int Id, ObjectionKind Kind, string Text, string Answer, string AnswerHtml, int? StageId, string? StageName,
    IReadOnlyList<VariantResponse> Variants, int TimesHeard, int Version, DateTime UpdatedAt, DateTime? ArchivedAt);

public sealed record VariantResponse(int Id, string Text, string Html, int Position, bool Archived);

public sealed record ObjectionQuery
{
    /// <summary>Text in the question or its answers.</summary>
    public string? Q { get; init; }
    public string? Kind { get; init; }
    public int? StageId { get; init; }
    public bool? Archived { get; init; }
}

/// <summary>A tag to put on a call or meeting: the objection heard and the answer given — the approved one (no variant),
/// a variant, or none (<see cref="Answered"/> false); from a review, its id.</summary>
public sealed record TagRequest(int? ObjectionId, int? VariantId = null, bool? Answered = null, int? ReviewId = null);

public sealed record TagResponse(
    long Id, long ActivityId, int ObjectionId, string ObjectionText, int? VariantId, string? VariantText, bool Answered, int? StageId,
    int? ReviewId, int TaggedById, string TaggedByName, DateTime TaggedAt);

/// <summary>How often each objection was heard in a period: in all, per week (weeks start on Monday), per manager and per
/// stage.</summary>
public sealed record FrequencyResponse(DateOnly From, DateOnly To, IReadOnlyList<DateOnly> Weeks, IReadOnlyList<FrequencyRow> Rows);

public sealed record FrequencyRow(
    int ObjectionId, string Text, ObjectionKind Kind, int Count, IReadOnlyList<int> ByWeek, IReadOnlyList<CountOf> ByManager,
    IReadOnlyList<CountOf> ByStage);

public sealed record CountOf(int? Id, string Name, int Count);

/// <summary>The objection heard most in a week, with its approved answer and how often it was heard.</summary>
public sealed record ObjectionOfWeek(DateOnly WeekStart, int ObjectionId, string Text, string Answer, string AnswerHtml, int Count);

/// <summary>Per objection, each answer given: the calls, how many deals moved on within <see cref="Days"/>, the share and its
/// interval; <see cref="AnswerRow.Enough"/> false below <see cref="Floor"/> calls.</summary>
public sealed record ObjectionEffectResponse(DateOnly From, DateOnly To, int Days, int Floor, IReadOnlyList<ObjectionEffectRow> Rows);

public sealed record ObjectionEffectRow(int ObjectionId, string Text, IReadOnlyList<AnswerRow> Answers);

/// <summary>An answer: a variant (its text), the approved answer (no variant, answered) or no answer at all.</summary>
public sealed record AnswerRow(
    int? VariantId, string? VariantText, bool Answered, int Calls, int Moved, decimal? Share, decimal? Low, decimal? High, bool Enough);
