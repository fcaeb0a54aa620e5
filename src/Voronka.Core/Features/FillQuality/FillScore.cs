namespace Voronka.Core.Features.FillQuality;

/// <summary>A person's open deals and how many of them fall short on each rule of fill quality.</summary>
public sealed record FillCounts(int Open, int Incomplete, int NoNextStep, int Rotting, int Unreachable)
{
    public static readonly FillCounts None = new(0, 0, 0, 0, 0);

    public FillCounts Plus(FillCounts o) =>
        new(Open + o.Open, Incomplete + o.Incomplete, NoNextStep + o.NoNextStep, Rotting + o.Rotting, Unreachable + o.Unreachable);
}

/// <summary>The shares of open deals that meet each rule, in whole percent (null with no open deals).</summary>
public sealed record FillShares(int? Required, int? NextStep, int? NotRotting, int? Reachable);

/// <summary>
/// The fill score: the mean of four shares of a person's open deals — with every field their stage requires, with a
/// next step (an open task), not rotting, with a contact who has a phone or an e-mail — in whole percent. With no open
/// deals there is nothing to judge, and no score. The report, the weekly digest and the KPI read it from here.
/// </summary>
public static class FillScore
{
    public static int? Of(FillCounts c) =>
        c.Open == 0 ? null : Round(100m * (4m * c.Open - c.Incomplete - c.NoNextStep - c.Rotting - c.Unreachable) / (4m * c.Open));

    public static FillShares Shares(FillCounts c) =>
        new(Share(c.Open - c.Incomplete, c.Open), Share(c.Open - c.NoNextStep, c.Open), Share(c.Open - c.Rotting, c.Open),
            Share(c.Open - c.Unreachable, c.Open));

    public static int? Share(int good, int all) => all == 0 ? null : Round(100m * good / all);

    private static int Round(decimal percent) => (int)decimal.Round(percent, 0, MidpointRounding.AwayFromZero);
}
