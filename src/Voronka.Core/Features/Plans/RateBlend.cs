namespace Voronka.Core.Features.Plans;

/// <summary>A rate with the evidence behind it, so a plan can show where each number comes from.</summary>
/// <param name="Value">The rate used.</param>
/// <param name="Successes">What the person achieved (e.g. deals that moved on).</param>
/// <param name="Trials">Out of how many (e.g. deals that reached the stage).</param>
/// <param name="OwnWeight">The share of the person's own history in <paramref name="Value"/>, 0..1.</param>
public sealed record Rate(decimal Value, int Successes, int Trials, decimal OwnWeight);

/// <summary>
/// A person's rate, blended with the team's in proportion to the sample: (s + k·t) / (n + k), where s of n is the
/// person's own history, t the team's rate and k = <see cref="PriorStrength"/> deals of "team experience".
/// With no history the team's rate is used as it is; with a long history the person's own dominates.
/// </summary>
public static class RateBlend
{
    /// <summary>How many deals of the team's experience a person's own history is weighed against.</summary>
    public const int PriorStrength = 10;

    public static Rate Blend(int successes, int trials, decimal teamRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes));
        if (teamRate is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(teamRate));
        var value = (successes + PriorStrength * teamRate) / (trials + PriorStrength);
        return new Rate(value, successes, trials, trials / (decimal)(trials + PriorStrength));
    }

    /// <summary>The same blend for a ratio that may exceed one: <paramref name="count"/> activities over
    /// <paramref name="deals"/> deals against the team's <paramref name="teamRatio"/> activities per deal.</summary>
    public static Rate BlendRatio(int count, int deals, decimal teamRatio)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(deals);
        ArgumentOutOfRangeException.ThrowIfNegative(teamRatio);
        var value = (count + PriorStrength * teamRatio) / (deals + PriorStrength);
        return new Rate(value, count, deals, deals / (decimal)(deals + PriorStrength));
    }

    /// <summary>A person's average deal, blended with the team's the same way: (sum + k·team) / (n + k), in minor units.</summary>
    public static long BlendAverage(long sumMinor, int count, long teamAverageMinor) =>
        count + PriorStrength == 0 ? 0 : (long)decimal.Round((sumMinor + PriorStrength * (decimal)teamAverageMinor) / (count + PriorStrength), 0, MidpointRounding.AwayFromZero);
}
