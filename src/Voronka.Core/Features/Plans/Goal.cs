namespace Voronka.Core.Features.Plans;

/// <summary>Whose goal it is.</summary>
public enum GoalScope
{
    Organisation,
    Team,
    Manager,
    Region,
    Product,
}

/// <summary>How a goal's children divide it: among teams, managers, regions or products of the same period,
/// or into the quarters or months of the same subject.</summary>
public enum GoalSplit
{
    Teams,
    Managers,
    Regions,
    Products,
    Quarters,
    Months,
}

/// <summary>
/// A revenue target (and optionally a count of won deals) of one subject for one period. Goals form a tree: a child
/// is a part of its parent under one <see cref="GoalSplit"/>. A subject has at most one goal per period, whichever
/// parent it came from.
/// </summary>
public class Goal
{
    public int Id { get; set; }
    public PeriodKind PeriodKind { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public GoalScope Scope { get; set; }
    public int? TeamId { get; set; }
    public int? UserId { get; set; }
    public int? RegionId { get; set; }
    public int? ProductId { get; set; }
    /// <summary>"org", "team:3", "user:5", "region:2" or "product:7": the subject as one comparable value.</summary>
    public string SubjectKey { get; set; } = "org";
    public int? ParentId { get; set; }
    public GoalSplit? Split { get; set; }
    public long TargetMinor { get; set; }
    public int? TargetWonDeals { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int UpdatedById { get; set; }
    public int Version { get; set; }

    public static string KeyOf(GoalScope scope, int? id) => scope switch
    {
        GoalScope.Organisation => "org",
        GoalScope.Team => $"team:{id}",
        GoalScope.Manager => $"user:{id}",
        GoalScope.Region => $"region:{id}",
        _ => $"product:{id}",
    };

    public int? SubjectId => Scope switch
    {
        GoalScope.Team => TeamId,
        GoalScope.Manager => UserId,
        GoalScope.Region => RegionId,
        GoalScope.Product => ProductId,
        _ => null,
    };

    public void SetSubject(GoalScope scope, int? id)
    {
        Scope = scope;
        TeamId = scope == GoalScope.Team ? id : null;
        UserId = scope == GoalScope.Manager ? id : null;
        RegionId = scope == GoalScope.Region ? id : null;
        ProductId = scope == GoalScope.Product ? id : null;
        SubjectKey = KeyOf(scope, id);
    }
}
