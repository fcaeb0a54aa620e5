using Voronka.Core.Features.Reviews;
using Voronka.Core.Features.Telephony;

namespace Voronka.Tests.Features.Reviews;

/// <summary>The card's arithmetic on a worked example: Σ weight × score ÷ Σ weight over the questions not N/A.</summary>
public class ScoringTests
{
    private static readonly ChoiceOption[] Options = [new("Нет", 0), new("Частично", 50), new("Да", 100)];

    // Q1 yes/no, weight 3, critical; Q2 a mark 1–5, weight 2; Q3 a choice, weight 1; Q4 yes/no, weight 2, N/A allowed.
    private static CardResult Card(int q1, int q2, int q3, int? q4, int passMark = 70) => Scoring.Card(
    [
        new QuestionMark(3, true, Scoring.Normalise(QuestionKind.YesNo, [], q1)),
        new QuestionMark(2, false, Scoring.Normalise(QuestionKind.Scale, [], q2)),
        new QuestionMark(1, false, Scoring.Normalise(QuestionKind.Choice, Options, q3)),
        new QuestionMark(2, false, q4 is int v ? Scoring.Normalise(QuestionKind.YesNo, [], v) : null),
    ], passMark);

    [Fact]
    public void A_question_not_applicable_leaves_the_sum_and_its_weight()
    {
        // (3 × 1 + 2 × 0.75 + 1 × 0.5) ÷ (3 + 2 + 1) = 5 ÷ 6.
        Assert.Equal(new CardResult(83.33m, false, true), Card(1, 4, 1, null));
        // With Q4 answered "no": 5 ÷ 8.
        Assert.Equal(new CardResult(62.5m, false, false), Card(1, 4, 1, 0));
        Assert.Equal(new CardResult(62.5m, false, true), Card(1, 4, 1, 0, passMark: 60));
    }

    [Fact]
    public void A_failed_critical_question_fails_the_card_whatever_the_score()
    {
        // (0 + 2 × 1 + 1 × 1 + 2 × 1) ÷ 8 = 62.5 %, above a pass mark of 50, and still failed.
        Assert.Equal(new CardResult(62.5m, true, false), Card(0, 5, 2, 1, passMark: 50));
    }

    [Fact]
    public void Every_question_not_applicable_gives_no_score()
    {
        Assert.Equal(new CardResult(null, false, false), Scoring.Card([new QuestionMark(1, true, null)], 70));
    }

    [Theory]
    [InlineData(QuestionKind.Scale, 1, 0, true)]
    [InlineData(QuestionKind.Scale, 2, 0.25, true)]
    [InlineData(QuestionKind.Scale, 3, 0.5, false)]
    [InlineData(QuestionKind.Scale, 5, 1, false)]
    [InlineData(QuestionKind.Choice, 1, 0.5, false)]
    [InlineData(QuestionKind.Choice, 0, 0, true)]
    public void Answers_score_from_zero_to_one_and_fail_below_a_half(QuestionKind kind, int value, double score, bool fails)
    {
        var s = Scoring.Normalise(kind, Options, value);
        Assert.Equal((decimal)score, s);
        Assert.Equal(fails, Scoring.Fails(s));
    }

    [Fact]
    public void Only_the_answers_a_question_takes_are_valid()
    {
        Assert.True(Scoring.IsValid(QuestionKind.YesNo, 0, 1));
        Assert.False(Scoring.IsValid(QuestionKind.YesNo, 0, 2));
        Assert.False(Scoring.IsValid(QuestionKind.Scale, 0, 0));
        Assert.False(Scoring.IsValid(QuestionKind.Scale, 0, 6));
        Assert.False(Scoring.IsValid(QuestionKind.Choice, 3, 3));
    }

    [Fact]
    public void A_card_applies_to_the_calls_it_names()
    {
        var card = new ScorecardRevision { Way = CallWay.Out, PipelineId = 1, MinDurationSeconds = 60 };
        Assert.True(Scoring.Applies(card, CallWay.Out, 1, 5, 60));
        Assert.False(Scoring.Applies(card, CallWay.In, 1, 5, 600));
        Assert.False(Scoring.Applies(card, CallWay.Out, 2, 5, 600));
        Assert.False(Scoring.Applies(card, CallWay.Out, 1, 5, 59));
        Assert.True(Scoring.Applies(new ScorecardRevision(), null, null, null, null));
    }
}
