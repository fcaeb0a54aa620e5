namespace Voronka.Core.Features.Plans;

/// <summary>One step of the funnel as the decomposition sees it: a stage, and the rate at which deals that reach it
/// reach the next one (the last open stage's rate is the win rate).</summary>
public sealed record StageRate(string Stage, Rate ToNext);

/// <summary>An activity and how many of it go into one deal that leaves the stage it belongs to. A
/// <see cref="StageIndex"/> of -1 stands for work before any deal exists (prospecting calls): counted per new deal.</summary>
public sealed record ActivityRatio(string Activity, int StageIndex, Rate PerDeal);

public sealed record DecompositionInput(
    long TargetMinor,
    long AchievedMinor,
    long AverageDealMinor,
    int AverageDealSample,
    IReadOnlyList<StageRate> Stages,
    IReadOnlyList<ActivityRatio> Activities,
    int WorkingDaysLeft);

public sealed record StageNeed(string Stage, decimal Rate, int Sample, int Deals, decimal PerDay);

public sealed record ActivityNeed(string Activity, decimal PerDeal, int Sample, int Count, decimal PerDay);

/// <summary>What is left to do: won deals, deals that must reach each stage, activities, in total and per working day.
/// <see cref="Reachable"/> is false when a stage on the way has no conversion at all: no number of calls gets there.</summary>
public sealed record DecompositionResult(
    long LeftMinor,
    int WonDeals,
    IReadOnlyList<StageNeed> Stages,
    IReadOnlyList<ActivityNeed> Activities,
    int WorkingDaysLeft,
    bool Reachable);

/// <summary>
/// Revenue target → won deals (÷ average deal, rounded up) → deals needed at each earlier stage (÷ that stage's
/// conversion to the next, rounded up) → activities (deals leaving a stage × activities per such deal, rounded up)
/// → per working day left. Everything counts from what is still left to do.
/// </summary>
public static class Decomposition
{
    public static DecompositionResult Compute(DecompositionInput input)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(input.TargetMinor);
        ArgumentOutOfRangeException.ThrowIfNegative(input.WorkingDaysLeft);
        var left = Math.Max(0, input.TargetMinor - input.AchievedMinor);
        // Without a single won deal to size the average, no count of deals can be named.
        if (left > 0 && input.AverageDealMinor <= 0)
            return new DecompositionResult(left, 0,
                input.Stages.Select(s => new StageNeed(s.Stage, s.ToNext.Value, s.ToNext.Trials, 0, 0)).ToList(),
                input.Activities.Select(a => new ActivityNeed(a.Activity, a.PerDeal.Value, a.PerDeal.Trials, 0, 0)).ToList(),
                input.WorkingDaysLeft, false);
        // A target smaller than one deal still needs one deal.
        var won = left == 0 ? 0 : (int)Math.Ceiling(left / (decimal)input.AverageDealMinor);

        var needs = new StageNeed[input.Stages.Count];
        var reachable = true;
        decimal next = won;
        for (var i = input.Stages.Count - 1; i >= 0; i--)
        {
            var rate = input.Stages[i].ToNext;
            int deals;
            if (next == 0) deals = 0;
            else if (rate.Value <= 0) { reachable = false; deals = 0; }
            else deals = (int)Math.Ceiling(next / rate.Value - 0.0000001m);
            needs[i] = new StageNeed(input.Stages[i].Stage, rate.Value, rate.Trials, deals, PerDay(deals, input.WorkingDaysLeft));
            next = deals;
        }
        if (!reachable)
            needs = needs.Select(n => n with { Deals = 0, PerDay = 0 }).ToArray();

        var activities = input.Activities.Select(a =>
        {
            // Deals that must leave the stage = those that must reach the next one (or be won, from the last stage).
            // Prospecting (index -1) is counted per deal that must enter the first stage.
            var leaving = a.StageIndex + 1 < needs.Length ? needs[a.StageIndex + 1].Deals : won;
            var count = reachable ? (int)Math.Ceiling(leaving * a.PerDeal.Value - 0.0000001m) : 0;
            return new ActivityNeed(a.Activity, a.PerDeal.Value, a.PerDeal.Trials, count, PerDay(count, input.WorkingDaysLeft));
        }).ToList();

        return new DecompositionResult(left, reachable ? won : 0, needs, activities, input.WorkingDaysLeft, reachable);
    }

    private static decimal PerDay(int count, int days) => PerWorkingDay.Exact(count, days);
}

/// <summary>
/// A count still to do spread over the working days left: the exact figure, and the whole calls, meetings or deals a
/// day that get it done. With no working day left there is no daily rate to give: the period is over (or the person is
/// away to its end).
/// </summary>
public static class PerWorkingDay
{
    /// <summary>The count per working day, to two decimals (12.91 calls a day).</summary>
    public static decimal Exact(int count, int daysLeft) =>
        daysLeft <= 0 ? 0 : decimal.Round(count / (decimal)daysLeft, 2, MidpointRounding.AwayFromZero);

    /// <summary>The count per working day rounded up to a whole one: nobody makes 12.91 calls, and 12 a day falls short.</summary>
    public static int Whole(int count, int daysLeft) => daysLeft <= 0 || count <= 0 ? 0 : (int)((count + (long)daysLeft - 1) / daysLeft);

    /// <summary>The working days of a week, for rates too small to give per day.</summary>
    public const int WeekDays = 5;

    /// <summary>The rate as a person reads it: whole ones a day (rounded up) while that asks at most a quarter more
    /// than needed, or three and more a day are needed; else whole ones a week while at least one a week is; else the
    /// count itself by the period's end. "1 proposal a day" where 7 are needed in 18 days would ask for 18, and "2 a
    /// day" where 19 are needed would ask for 36.</summary>
    public static (int Count, RateUnit Unit) Readable(int count, int daysLeft)
    {
        if (count <= 0 || daysLeft <= 0) return (0, RateUnit.Day);
        var whole = Whole(count, daysLeft);
        if (count >= daysLeft && ((long)whole * daysLeft * 4 <= (long)count * 5 || count >= 3L * daysLeft)) return (whole, RateUnit.Day);
        if (daysLeft > WeekDays && (long)count * WeekDays >= daysLeft)
            return ((int)(((long)count * WeekDays + daysLeft - 1) / daysLeft), RateUnit.Week);
        return (count, RateUnit.Period);
    }
}

/// <summary>What a readable rate is counted per.</summary>
public enum RateUnit { Day, Week, Period }
