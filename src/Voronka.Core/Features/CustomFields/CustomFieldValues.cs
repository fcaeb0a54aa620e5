using System.Globalization;
using System.Text.Json;
using Voronka.Core.Common;

namespace Voronka.Core.Features.CustomFields;

/// <summary>
/// Checks custom field values against their definitions and keeps them in a canonical text form:
/// numbers and money in invariant notation, dates as yyyy-MM-dd, yes/no as true/false, users as their id.
/// </summary>
public static class CustomFieldValues
{
    public const int MaxTextLength = 2000;

    /// <summary>Applies the given values to <paramref name="target"/>; a null value clears the field.
    /// Errors are reported as "customFields.{key}".</summary>
    public static void Apply(
        IReadOnlyDictionary<string, JsonElement>? input,
        Dictionary<string, string> target,
        IReadOnlyDictionary<string, CustomFieldDefinition> definitions,
        ISet<int> activeUserIds,
        Validator v)
    {
        if (input is null) return;
        foreach (var (key, value) in input)
        {
            var field = $"customFields.{key}";
            if (!definitions.TryGetValue(key, out var def))
            {
                v.Add(field, "is not a custom field of this record.");
                continue;
            }
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                target.Remove(key);
                continue;
            }
            var (canonical, error) = Canonical(def, value, activeUserIds);
            if (error is not null) v.Add(field, error);
            else target[key] = canonical!;
        }
    }

    public static (string? Value, string? Error) Canonical(CustomFieldDefinition def, JsonElement value, ISet<int> activeUserIds)
    {
        switch (def.Type)
        {
            case CustomFieldType.Text:
                if (value.ValueKind != JsonValueKind.String) return (null, "must be text.");
                var s = value.GetString()!.Trim();
                if (s.Length > MaxTextLength) return (null, $"must be at most {MaxTextLength} characters.");
                return s.Length == 0 ? (null, "must not be empty; send null to clear it.") : (s, null);
            case CustomFieldType.Number:
                if (!TryDecimal(value, out var n)) return (null, "must be a number.");
                return (n.ToString(CultureInfo.InvariantCulture), null);
            case CustomFieldType.Money:
                if (!TryDecimal(value, out var m)) return (null, "must be an amount of money.");
                if (!Money.IsValid(m, allowNegative: true)) return (null, $"must have at most {Money.Scale} decimal places and be at most {Money.MaxAmount:0}.");
                return (m.ToString(CultureInfo.InvariantCulture), null);
            case CustomFieldType.Date:
                if (value.ValueKind != JsonValueKind.String ||
                    !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return (null, "must be a date as yyyy-MM-dd.");
                return (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
            case CustomFieldType.Select:
                if (value.ValueKind != JsonValueKind.String) return (null, "must be one of the options.");
                var o = value.GetString()!;
                return def.Options.Contains(o) ? (o, null) : (null, $"must be one of: {string.Join(", ", def.Options)}.");
            case CustomFieldType.User:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var u)) return (null, "must be a user id.");
                return activeUserIds.Contains(u) ? (u.ToString(CultureInfo.InvariantCulture), null) : (null, "must be an active user.");
            case CustomFieldType.YesNo:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return (null, "must be true or false.");
                return (value.GetBoolean() ? "true" : "false", null);
            default:
                return (null, "has an unknown type.");
        }
    }

    /// <summary>The value as the API shows it: a JSON number, boolean or string by the field's type.</summary>
    public static object? ToApi(CustomFieldType? type, string value) => type switch
    {
        CustomFieldType.Number or CustomFieldType.Money when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) => n,
        CustomFieldType.User when int.TryParse(value, CultureInfo.InvariantCulture, out var u) => u,
        CustomFieldType.YesNo => value == "true",
        _ => value,
    };

    private static bool TryDecimal(JsonElement value, out decimal result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out result);
    }
}
