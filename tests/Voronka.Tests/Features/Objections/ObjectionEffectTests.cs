using Voronka.Core.Features.Objections;

namespace Voronka.Tests.Features.Objections;

public class ObjectionEffectTests
{
    /// <summary>
    /// «Дорого» heard on 27 calls: the approved answer given on 12 (9 deals moved on), variant 7 on 10 (3 moved), variant 8
    /// on 2 (2 moved), no answer on 3 (none moved). With a floor of 10 the approved answer (75 %) and variant 7 (30 %) are
    /// read; variant 8 and no answer are "not enough data" however good they look.
    /// </summary>
    [Fact]
    public void Each_answer_is_counted_apart_and_read_only_above_the_floor()
    {
        var samples = new List<AnswerSample>();
        void Add(int? variant, bool answered, int moved, int not)
        {
            samples.AddRange(Enumerable.Repeat(new AnswerSample(1, variant, answered, true), moved));
            samples.AddRange(Enumerable.Repeat(new AnswerSample(1, variant, answered, false), not));
        }
        Add(null, true, 9, 3);
        Add(7, true, 3, 7);
        Add(8, true, 2, 0);
        Add(null, false, 0, 3);
        samples.Add(new AnswerSample(2, null, true, true));

        var rows = ObjectionEffect.Compute(samples, floor: 10);

        var dear = rows.Where(r => r.ObjectionId == 1).ToList();
        Assert.Equal([(null, true), (7, true), (8, true), (null, false)], dear.Select(r => (r.VariantId, r.Answered)));
        Assert.Equal([(12, 9, 75.0m, true), (10, 3, 30.0m, true), (2, 2, 100.0m, false), (3, 0, 0.0m, false)],
            dear.Select(r => (r.Result.Count, r.Result.Moved, r.Result.Share!.Value, r.Enough)));
        // 9 of 12: the Wilson interval at 95 % is 46.8 %–91.1 %.
        Assert.Equal((46.8m, 91.1m), (dear[0].Result.Low, dear[0].Result.High));
        var other = Assert.Single(rows, r => r.ObjectionId == 2);
        Assert.False(other.Enough);
    }

    [Fact]
    public void A_variant_noted_on_an_unanswered_objection_counts_as_no_answer()
    {
        var rows = ObjectionEffect.Compute([new AnswerSample(1, 5, false, false), new AnswerSample(1, null, false, true)], floor: 1);
        var row = Assert.Single(rows);
        Assert.Equal((null, false, 2, 1), (row.VariantId, row.Answered, row.Result.Count, row.Result.Moved));
    }
}
