using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Voronka.Core.Common;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// A query parameter an endpoint does not take is refused like an unknown JSON field, with its name in the problem:
/// an integrator who sends <c>won?closedAt=2017-03-01</c> learns that the date was not taken, instead of a 200 that
/// ignored it. The names an endpoint takes are its handler's simple parameters and the properties of its
/// <c>[AsParameters]</c> objects, in any letter case.
/// </summary>
internal static partial class KnownQueryParameters
{
    public const string Reason = "is not a parameter of this endpoint.";

    /// <summary>A date is read only as written in ISO 8601 (the binder would take "1.5.5" for the 5th of January 2005) and
    /// within the years a sales department's figures can be about (a day past the calendar's end cannot be counted to).</summary>
    public const string DateReason = "must be a date as YYYY-MM-DD between 1900-01-01 and 2199-12-31.";

    private static readonly ConcurrentDictionary<MethodInfo, (HashSet<string> Names, string[] Prefixes, HashSet<string> Dates)> Known =
        new();

    public static TBuilder RefuseUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var (names, prefixes, dates) = Known.GetOrAdd(context.MethodInfo, NamesOf);
            return invocation =>
            {
                var query = invocation.HttpContext.Request.Query;
                var unknown = query.Keys
                    .Where(k => !names.Contains(k) && !prefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();
                if (unknown.Count > 0)
                    throw new ValidationFailedException(unknown.ToDictionary(k => k, _ => new[] { Reason }),
                        $"Unknown query parameters: {string.Join(", ", unknown)}.");
                var loose = query.Where(q => dates.Contains(q.Key) && q.Value.Any(v => !IsDate(v))).Select(q => q.Key).ToList();
                if (loose.Count > 0)
                    throw new ValidationFailedException(loose.ToDictionary(k => k, _ => new[] { DateReason }),
                        $"{string.Join(", ", loose)} {DateReason}");
                return next(invocation);
            };
        });

    private static (HashSet<string>, string[], HashSet<string>) NamesOf(MethodInfo method)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dates = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<string>();
        void Add(string name, Type type)
        {
            names.Add(name);
            if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(DateOnly)) dates.Add(name);
        }
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                prefixes.AddRange(p.ParameterType.GetCustomAttributes<QueryPrefixAttribute>().Select(a => a.Prefix));
                foreach (var prop in p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                             .Where(prop => prop.SetMethod?.IsPublic == true))
                    Add(prop.GetCustomAttribute<FromQueryAttribute>()?.Name ?? prop.Name, prop.PropertyType);
                foreach (var ctorParam in p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))
                    Add(ctorParam.GetCustomAttribute<FromQueryAttribute>()?.Name ?? ctorParam.Name!, ctorParam.ParameterType);
            }
            else if (IsSimple(p.ParameterType)) Add(p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!, p.ParameterType);
        }
        return (names, [.. prefixes], dates);
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return IsSimple(type.GetElementType()!);
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) || type == typeof(Guid);
    }

    private static bool IsDate(string? value) =>
        value is not null && IsoDate().IsMatch(value) && string.CompareOrdinal(value, "1900-01-01") >= 0
        && string.CompareOrdinal(value, "2199-12-31") <= 0;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial System.Text.RegularExpressions.Regex IsoDate();
}
