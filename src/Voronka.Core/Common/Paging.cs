namespace Voronka.Core.Common;

/// <summary>One page of a list and the total number of matching rows.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Page number (from 1), page size (1..200) and a sort key; a leading '-' sorts descending.</summary>
public record PageRequest
{
    public const int MaxPageSize = 200;

    /// <summary>Page number, from 1 (default 1).</summary>
    public int? Page { get; init; }
    /// <summary>Rows per page, 1..200 (default 50).</summary>
    public int? PageSize { get; init; }
    /// <summary>Sort key; a leading '-' sorts descending.</summary>
    public string? Sort { get; init; }

    public void Validate(Validator v)
    {
        v.Check(Page is null or >= 1, "page", "must be 1 or more.");
        v.Check(PageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"must be between 1 and {MaxPageSize}.");
    }

    public int Take => PageSize ?? 50;

    public int Skip => ((Page ?? 1) - 1) * Take;

    public (string Key, bool Descending) SortKey(string defaultKey)
    {
        var s = string.IsNullOrWhiteSpace(Sort) ? defaultKey : Sort.Trim();
        return s.StartsWith('-') ? (s[1..], true) : (s, false);
    }
}

public static class QueryableExtensions
{
    public static IQueryable<T> OrderByKey<T, TKey>(this IQueryable<T> q, System.Linq.Expressions.Expression<Func<T, TKey>> key, bool descending) =>
        descending ? q.OrderByDescending(key) : q.OrderBy(key);
}
