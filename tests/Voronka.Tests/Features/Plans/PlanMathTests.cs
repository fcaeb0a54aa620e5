using Voronka.Core.Features.Plans;

namespace Voronka.Tests.Features.Plans;

public class AllocationTests
{
    [Fact]
    public void An_amount_that_does_not_divide_evenly_is_split_to_the_kopeck()
    {
        // 1 000 000.00 ₽ among three equal managers: 333 333.34 + 333 333.33 + 333 333.33.
        Assert.Equal([33_333_334L, 33_333_333L, 33_333_333L], Allocation.Equal(100_000_000, 3));
    }

    [Fact]
    public void Shares_of_past_sales_set_the_split_and_the_largest_remainders_get_the_leftover()
    {
        // 100.00 ₽ by past sales 1 : 1 : 1 : 4 → exact 1428.57…, 1428.57…, 1428.57…, 5714.28… kopecks; the floors leave
        // 2 kopecks, which go to the two largest remainders (.57 each, the earlier children first).
        var parts = Allocation.Split(10_000, [1m, 1m, 1m, 4m]);
        Assert.Equal([1429L, 1429L, 1428L, 5714L], parts);
        Assert.Equal(10_000, parts.Sum());
    }

    [Fact]
    public void Without_any_basis_the_split_is_equal_and_zero_stays_zero()
    {
        Assert.Equal([50L, 50L], Allocation.Split(100, [0m, 0m]));
        Assert.Equal([0L, 0L, 0L], Allocation.Split(0, [1m, 2m, 3m]));
    }

    [Theory]
    [InlineData(1L, 7)]
    [InlineData(999_999_999_999L, 13)]
    [InlineData(12_345L, 1)]
    public void Parts_always_add_up(long total, int children)
    {
        var weights = Enumerable.Range(1, children).Select(i => (decimal)(i * i % 7)).ToArray();
        Assert.Equal(total, Allocation.Split(total, weights).Sum());
    }

    [Fact]
    public void Negative_weights_are_refused() => Assert.Throws<ArgumentException>(() => Allocation.Split(100, [1m, -1m]));

    [Fact]
    public void Thirteen_million_in_three_equal_parts_to_the_thousand_puts_the_odd_thousand_on_the_last()
    {
        // 13 000 000 ₽ (in kopecks) with a step of 1 000 ₽: 4 333 333.33… each rounds to 4 333 000, which leaves 1 000 ₽;
        // of equal shares the last takes it.
        var parts = Allocation.SplitRounded(1_300_000_000, [1m, 1m, 1m], 100_000);
        Assert.Equal([433_300_000L, 433_300_000L, 433_400_000L], parts);
    }

    [Fact]
    public void Rounding_up_too_much_is_taken_back_from_the_largest_share()
    {
        // 1 : 2 : 4 of 21 600 000 ₽ to the thousand: 3 085 714.29 → 3 086 000, 6 171 428.57 → 6 171 000 and
        // 12 342 857.14 → 12 343 000, which add up as they are.
        Assert.Equal([308_600_000L, 617_100_000L, 1_234_300_000L], Allocation.SplitRounded(2_160_000_000, [1m, 2m, 4m], 100_000));
        // 10 000 000 ₽ in seven: 1 428 571.43 → 1 429 000 each is 3 000 ₽ too much, taken from the last of the equals.
        var seven = Allocation.SplitRounded(1_000_000_000, Enumerable.Repeat(1m, 7).ToArray(), 100_000);
        Assert.Equal([.. Enumerable.Repeat(142_900_000L, 6), 142_600_000L], seven);
        // 1 000 000 ₽ by past sales 2 : 1 : 1 to the hundred thousand: 500 000, 250 000 → 300 000, 250 000 → 300 000 is
        // 100 000 ₽ too much, taken from the largest share, the first.
        Assert.Equal([40_000_000L, 30_000_000L, 30_000_000L], Allocation.SplitRounded(100_000_000, [2m, 1m, 1m], 10_000_000));
        Assert.Equal([333_300L, 333_300L, 333_400L], Allocation.SplitRounded(1_000_000, [1m, 1m, 1m], 100));
    }

    [Fact]
    public void A_step_too_coarse_for_the_shares_rounds_them_down_and_a_step_of_one_kopeck_is_the_exact_split()
    {
        // 6 000 ₽ among ten to the thousand: 600 ₽ each would round up to 1 000 ₽ and overshoot by 4 000 ₽, more than the
        // largest share holds; rounded down instead, the last of the equals takes all 6 000 ₽.
        var tenths = Allocation.SplitRounded(600_000, Enumerable.Repeat(1m, 10).ToArray(), 100_000);
        Assert.Equal([.. Enumerable.Repeat(0L, 9), 600_000L], tenths);
        Assert.Equal(Allocation.Split(10_000, [1m, 1m, 1m, 4m]), Allocation.SplitRounded(10_000, [1m, 1m, 1m, 4m], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Allocation.SplitRounded(100, [1m], 0));
    }

    [Theory]
    [InlineData(1L, 7, 100L)]
    [InlineData(999_999_999_999L, 13, 100_000L)]
    [InlineData(12_345L, 1, 1_000_000L)]
    [InlineData(1_234_567_891L, 12, 1_000_000L)]
    public void Rounded_parts_always_add_up_and_are_never_negative(long total, int children, long step)
    {
        var weights = Enumerable.Range(1, children).Select(i => (decimal)(i * i % 7)).ToArray();
        var parts = Allocation.SplitRounded(total, weights, step);
        Assert.Equal(total, parts.Sum());
        Assert.All(parts, p => Assert.True(p >= 0));
    }
}

public class PerWorkingDayTests
{
    [Theory]
    [InlineData(284, 22, 13, RateUnit.Day)]     // 12.91 a day → 13 a day
    [InlineData(18, 18, 1, RateUnit.Day)]       // exactly one a day
    [InlineData(56, 18, 4, RateUnit.Day)]       // 3.11 a day: three and more read per day, 4 a day
    [InlineData(19, 18, 6, RateUnit.Week)]      // 1.06 a day: "2 a day" would ask for 36; 6 a week (3.6 weeks × 6 = 21.6)
    [InlineData(40, 18, 12, RateUnit.Week)]     // 2.22 a day: "3 a day" would ask for 54; 12 a week
    [InlineData(50, 20, 3, RateUnit.Day)]       // 2.5 a day: 3 a day asks a fifth more

    [InlineData(7, 18, 2, RateUnit.Week)]       // 1.94 a week → 2 a week (3.6 weeks × 2 = 7.2 ≥ 7), not "1 a day"
    [InlineData(4, 20, 1, RateUnit.Week)]       // exactly one a week
    [InlineData(3, 20, 3, RateUnit.Period)]     // under one a week: the three themselves by the period's end
    [InlineData(3, 4, 3, RateUnit.Period)]      // four days left: no week to speak of
    [InlineData(0, 10, 0, RateUnit.Day)]
    [InlineData(5, 0, 0, RateUnit.Day)]
    public void A_rate_reads_per_day_per_week_or_by_the_periods_end(int count, int daysLeft, int expected, RateUnit unit)
    {
        var (n, u) = PerWorkingDay.Readable(count, daysLeft);
        Assert.Equal((expected, unit), (n, u));
        // Kept at that rate, the count is done by the period's end.
        if (u == RateUnit.Day && n > 0) Assert.True(n * daysLeft >= count);
        if (u == RateUnit.Week) Assert.True(n * daysLeft >= count * PerWorkingDay.WeekDays);
    }

    [Fact]
    public void Calls_a_day_are_whole_calls_rounded_up_beside_the_exact_figure()
    {
        // 284 calls over 22 working days: 12.909… a day, 12.91 exactly, and 13 calls to make (12 a day falls short by 20).
        Assert.Equal(12.91m, PerWorkingDay.Exact(284, 22));
        Assert.Equal(13, PerWorkingDay.Whole(284, 22));
        // What divides evenly stays as it is; a little over a whole one is the next one.
        Assert.Equal(4, PerWorkingDay.Whole(88, 22));
        Assert.Equal(5, PerWorkingDay.Whole(89, 22));
        Assert.Equal(1, PerWorkingDay.Whole(1, 22));
        // Nothing to do, or no working day left: no daily rate.
        Assert.Equal(0, PerWorkingDay.Whole(0, 22));
        Assert.Equal(0, PerWorkingDay.Whole(10, 0));
        Assert.Equal(0m, PerWorkingDay.Exact(10, 0));
    }
}

public class WorkCalendarTests
{
    [Fact]
    public void November_2026_in_Russia_has_20_working_days()
    {
        // 30 days, 9 weekend days, and 4 November (National Unity Day, a Wednesday) off.
        var calendar = new WorkCalendar([new DateOnly(2026, 11, 4)]);
        Assert.Equal(20, calendar.WorkingDays(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public void A_moved_working_saturday_and_a_persons_absences_count()
    {
        var calendar = new WorkCalendar(workingWeekendDays: [new DateOnly(2026, 11, 28)]);
        Assert.Equal(6, calendar.WorkingDays(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)));
        Assert.Equal(4, calendar.WorkingDays(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29), [new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25)]));
        Assert.Equal(0, calendar.WorkingDays(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1)));
    }
}

public class RateBlendTests
{
    [Fact]
    public void Without_history_the_teams_rate_is_used()
    {
        var r = RateBlend.Blend(0, 0, 0.3m);
        Assert.Equal(0.3m, r.Value);
        Assert.Equal(0m, r.OwnWeight);
    }

    [Fact]
    public void A_thin_history_leans_on_the_team_and_a_long_one_on_the_person()
    {
        // 2 of 2 with the team at 30 %: (2 + 10·0.3) / (2 + 10) = 5/12.
        Assert.Equal(5m / 12m, RateBlend.Blend(2, 2, 0.3m).Value);
        // 60 of 200 against a team at 50 %: (60 + 5) / 210.
        var long_ = RateBlend.Blend(60, 200, 0.5m);
        Assert.Equal(65m / 210m, long_.Value);
        Assert.Equal(200m / 210m, long_.OwnWeight);
    }
}

public class DecompositionTests
{
    private static Rate R(decimal v, int n = 50) => new(v, (int)(v * n), n, 1m);

    private static DecompositionInput Input(long target, long achieved = 0, int days = 20, decimal proposalRate = 0.5m) => new(
        TargetMinor: target,
        AchievedMinor: achieved,
        AverageDealMinor: 100_000_00,
        AverageDealSample: 40,
        Stages: [new("Встреча", R(0.6m)), new("КП", R(proposalRate)), new("Переговоры", R(0.8m))],
        Activities: [new("Звонок", 0, R(4m)), new("Встреча", 0, R(1m)), new("КП", 1, R(1m))],
        WorkingDaysLeft: days);

    [Fact]
    public void A_month_target_becomes_deals_at_each_stage_and_activities_per_day()
    {
        // 1 000 000 ₽ ÷ 100 000 = 10 won; ÷ 0.8 = 13 in negotiations (12.5 up); ÷ 0.5 = 26 proposals; ÷ 0.6 = 44 meetings (43.3 up).
        var r = Decomposition.Compute(Input(1_000_000_00));
        Assert.True(r.Reachable);
        Assert.Equal(10, r.WonDeals);
        Assert.Equal([44, 26, 13], r.Stages.Select(s => s.Deals).ToArray());
        // Calls: 4 per deal leaving "Встреча" for "КП" → 26 × 4 = 104 → 5.2 a day over 20 days.
        var calls = r.Activities.Single(a => a.Activity == "Звонок");
        Assert.Equal(104, calls.Count);
        Assert.Equal(5.2m, calls.PerDay);
        Assert.Equal(13, r.Activities.Single(a => a.Activity == "КП").Count);
        Assert.Equal(50, r.Stages[0].Sample);
    }

    [Fact]
    public void Half_the_period_gone_and_part_achieved_plans_only_what_is_left()
    {
        var r = Decomposition.Compute(Input(1_000_000_00, achieved: 600_000_00, days: 10));
        Assert.Equal(400_000_00, r.LeftMinor);
        Assert.Equal(4, r.WonDeals);
        Assert.Equal([17, 10, 5], r.Stages.Select(s => s.Deals).ToArray());
        Assert.Equal(4m, r.Activities.Single(a => a.Activity == "Звонок").PerDay);
    }

    [Fact]
    public void A_target_smaller_than_one_deal_needs_one_deal()
    {
        var r = Decomposition.Compute(Input(1_000_00));
        Assert.Equal(1, r.WonDeals);
        // 1 ÷ 0.8 → 2 in negotiations; 2 ÷ 0.5 → 4 proposals; 4 ÷ 0.6 → 7 meetings (6.67 up).
        Assert.Equal([7, 4, 2], r.Stages.Select(s => s.Deals).ToArray());
    }

    [Fact]
    public void A_stage_that_never_converts_makes_the_target_unreachable_instead_of_infinite()
    {
        var r = Decomposition.Compute(Input(1_000_000_00, proposalRate: 0m));
        Assert.False(r.Reachable);
        Assert.All(r.Stages, s => Assert.Equal(0, s.Deals));
        Assert.Equal(0m, r.Stages[1].Rate);
    }

    [Fact]
    public void A_reached_target_needs_nothing_more()
    {
        var r = Decomposition.Compute(Input(1_000_000_00, achieved: 1_200_000_00));
        Assert.Equal(0, r.WonDeals);
        Assert.All(r.Activities, a => Assert.Equal(0, a.Count));
    }

    [Fact]
    public void A_manager_who_joined_mid_period_spreads_the_plan_over_their_own_days()
    {
        var calendar = new WorkCalendar([new DateOnly(2026, 11, 4)]);
        var joined = new DateOnly(2026, 11, 16);
        var days = calendar.WorkingDays(joined, new DateOnly(2026, 11, 30));
        Assert.Equal(11, days);
        var r = Decomposition.Compute(Input(500_000_00, days: days));
        // 5 won → 7 in negotiations → 14 proposals → 24 meetings; 14 × 4 calls = 56 over 11 days.
        Assert.Equal([24, 14, 7], r.Stages.Select(s => s.Deals).ToArray());
        Assert.Equal(5.09m, r.Activities.Single(a => a.Activity == "Звонок").PerDay);
    }
}

public class DecompositionEdgeTests
{
    private static Rate R(decimal v, int n = 50) => new(v, (int)(v * n), n, 1m);

    [Fact]
    public void With_no_won_deal_to_size_the_average_the_plan_is_unreachable_not_a_crash()
    {
        var r = Decomposition.Compute(new DecompositionInput(500_000_00, 0, 0, 0, [new("Встреча", R(0.5m))], [new("Звонок", 0, R(3m))], 20));
        Assert.False(r.Reachable);
        Assert.Equal(500_000_00, r.LeftMinor);
        Assert.Equal(0, r.WonDeals);
        Assert.Equal(0, r.Activities[0].Count);
    }

    [Fact]
    public void Prospecting_calls_are_counted_per_new_deal()
    {
        // 300 000 ÷ 100 000 = 3 won; ÷ 0.5 = 6 deals must enter the only stage; 6 new deals × 7.5 cold calls = 45 over 9 days = 5 a day.
        var r = Decomposition.Compute(new DecompositionInput(300_000_00, 0, 100_000_00, 12, [new("Встреча", R(0.5m))], [new("Звонок", -1, new Rate(7.5m, 75, 10, 0.5m))], 9));
        Assert.Equal(6, r.Stages[0].Deals);
        Assert.Equal(45, r.Activities[0].Count);
        Assert.Equal(5m, r.Activities[0].PerDay);
    }

    [Fact]
    public void A_ratio_above_one_blends_like_a_rate()
    {
        // 30 calls on 5 advanced deals against a team at 4 a deal: (30 + 10·4) / (5 + 10) = 70 / 15.
        var r = RateBlend.BlendRatio(30, 5, 4m);
        Assert.Equal(70m / 15m, r.Value);
        Assert.Equal(5m / 15m, r.OwnWeight);
        // An average of 3 deals summing 900 000 against a team average of 200 000: (900 000 + 2 000 000) / 13.
        Assert.Equal(223_076_92, RateBlend.BlendAverage(900_000_00, 3, 200_000_00));
    }
}

public class PeriodTests
{
    [Fact]
    public void Periods_start_where_the_calendar_says_and_split_into_parts()
    {
        var q = Period.Containing(PeriodKind.Quarter, new DateOnly(2026, 11, 27));
        Assert.Equal(new DateOnly(2026, 10, 1), q.Start);
        Assert.Equal(new DateOnly(2026, 12, 31), q.End);
        Assert.Equal([10, 11, 12], q.Parts(PeriodKind.Month).Select(m => m.Start.Month).ToArray());
        var week = Period.Containing(PeriodKind.Week, new DateOnly(2026, 11, 29));
        Assert.Equal(new DateOnly(2026, 11, 23), week.Start);
        Assert.Null(Period.TryOf(PeriodKind.Month, new DateOnly(2026, 11, 2)));
        Assert.Equal(new DateOnly(2026, 2, 28), Period.TryOf(PeriodKind.Month, new DateOnly(2026, 2, 1))!.Value.End);
        Assert.Equal(4, Period.Containing(PeriodKind.Year, new DateOnly(2026, 5, 5)).Parts(PeriodKind.Quarter).Count);
        Assert.Equal(new DateOnly(2026, 10, 1), Period.Containing(PeriodKind.Month, new DateOnly(2026, 11, 3)).Previous.Start);
    }
}
