using System.Text.Json;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Audit;

/// <summary>
/// A record's custom fields are audited as one change of the whole set (<see cref="Field"/>), kept as a list of
/// {"Key", "Value"} pairs. This reads such a value and tells the change field by field, as a person reads it.
/// </summary>
internal static class AuditedCustomFields
{
    public const string Field = "customFields";

    /// <summary>The values of a logged set by key (an object is read too); nothing for an empty or unreadable one.</summary>
    public static Dictionary<string, string?> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var pairs = root.ValueKind switch
            {
                JsonValueKind.Object => root.EnumerateObject().Select(p => (p.Name, p.Value)).ToList(),
                JsonValueKind.Array => root.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Key", out var k)
                        && k.ValueKind == JsonValueKind.String)
                    .Select(e => (e.GetProperty("Key").GetString()!, e.TryGetProperty("Value", out var v) ? v : default)).ToList(),
                _ => [],
            };
            return pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => Text(g.Last().Item2));
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>One entry per field the change touched, named <c>custom.{key}</c> as stages name it, with its old and new
    /// value (null when empty); any other entry as it is.</summary>
    public static IEnumerable<AuditEntryResponse> Split(AuditEntryResponse entry)
    {
        if (entry.Field != Field)
        {
            yield return entry;
            yield break;
        }
        var (before, after) = (Read(entry.OldValue), Read(entry.NewValue));
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var (was, now) = (Clean(before.GetValueOrDefault(key)), Clean(after.GetValueOrDefault(key)));
            if (was != now) yield return entry with { Field = DealFields.CustomPrefix + key, OldValue = was, NewValue = now };
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => value.ToString(),
    };
}
