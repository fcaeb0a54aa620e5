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
internal static class KnownQueryParameters
{
    public const string Reason = "is not a parameter of this endpoint.";

    private static readonly ConcurrentDictionary<MethodInfo, (HashSet<string> Names, string[] Prefixes)> Known = new();

    public static TBuilder RefuseUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var (names, prefixes) = Known.GetOrAdd(context.MethodInfo, NamesOf);
            return invocation =>
            {
                var unknown = invocation.HttpContext.Request.Query.Keys
                    .Where(k => !names.Contains(k) && !prefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();
                if (unknown.Count > 0)
                    throw new ValidationFailedException(unknown.ToDictionary(k => k, _ => new[] { Reason }),
                        $"Unknown query parameters: {string.Join(", ", unknown)}.");
                return next(invocation);
            };
        });

    private static (HashSet<string>, string[]) NamesOf(MethodInfo method)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<string>();
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                prefixes.AddRange(p.ParameterType.GetCustomAttributes<QueryPrefixAttribute>().Select(a => a.Prefix));
                foreach (var prop in p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                             .Where(prop => prop.SetMethod?.IsPublic == true))
                    names.Add(prop.GetCustomAttribute<FromQueryAttribute>()?.Name ?? prop.Name);
                foreach (var ctorParam in p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))
                    names.Add(ctorParam.GetCustomAttribute<FromQueryAttribute>()?.Name ?? ctorParam.Name!);
            }
            else if (IsSimple(p.ParameterType)) names.Add(p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!);
        }
        return (names, [.. prefixes]);
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return IsSimple(type.GetElementType()!);
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) || type == typeof(Guid);
    }
}
