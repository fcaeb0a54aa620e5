using System.Text.Json;
using System.Text.Json.Nodes;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;

namespace Voronka.Core.Features.Duplicates;

/// <summary>The fields of a company or a contact that a merge combines, as a JSON object (camelCase keys, the API's
/// names), read from and written back to the entity.</summary>
internal static class MergeStates
{
    private sealed record CompanyState(string Name, string? Inn, string? ExternalId, string? Industry, int? RegionId, int OwnerId,
        string? Phone, string? Email, string? Website, string? Address, Dictionary<string, string> CustomFields);

    private sealed record ContactState(string Name, string? Position, int? CompanyId, int OwnerId, string? ExternalId,
        List<string> Phones, List<string> Emails, Dictionary<string, string> CustomFields);

    /// <summary>Fields unique among all records (merged ones too): the kept record may take them only from a merged record
    /// that gives them up.</summary>
    public static IReadOnlyList<string> Unique(MergeEntity entity) => entity == MergeEntity.Company ? ["inn",
        "externalId"] : ["externalId"];

    public static IReadOnlyList<string> Fields(MergeEntity entity) => entity == MergeEntity.Company
        ? ["name", "inn", "externalId", "industry", "regionId", "ownerId", "phone", "email", "website", "address", "customFields"]
        : ["name", "position", "companyId", "ownerId", "externalId", "phones", "emails", "customFields"];

    public static JsonObject Of(Company c) => Node(new CompanyState(c.Name, c.Inn, c.ExternalId, c.Industry, c.RegionId, c.OwnerId,
        c.Phone, c.Email, c.Website, c.Address, new Dictionary<string, string>(c.CustomFields)));

    public static JsonObject Of(Contact c) => Node(new ContactState(c.Name, c.Position, c.CompanyId, c.OwnerId, c.ExternalId,
        [.. c.Phones], [.. c.Emails], new Dictionary<string, string>(c.CustomFields)));

    public static void Apply(JsonObject state, Company c)
    {
        var s = state.Deserialize<CompanyState>(JsonSerializerOptions.Web)!;
        (c.Name, c.Inn, c.ExternalId, c.Industry, c.RegionId, c.OwnerId) = (s.Name, s.Inn, s.ExternalId, s.Industry, s.RegionId, s.OwnerId);
        (c.Phone, c.Email, c.Website, c.Address, c.CustomFields) = (s.Phone, s.Email, s.Website, s.Address, s.CustomFields);
    }

    public static void Apply(JsonObject state, Contact c)
    {
        var s = state.Deserialize<ContactState>(JsonSerializerOptions.Web)!;
        (c.Name, c.Position, c.CompanyId, c.OwnerId, c.ExternalId) = (s.Name, s.Position, s.CompanyId, s.OwnerId, s.ExternalId);
        (c.Phones, c.Emails, c.CustomFields) = (s.Phones, s.Emails, s.CustomFields);
    }

    /// <summary>The merged result: each field of the kept record, or the merged record's where the kept one is empty or the
    /// field is in <paramref name="take"/>; lists and custom fields are joined (the chosen record's values first).</summary>
    public static JsonObject Combine(JsonObject kept, JsonObject merged, IReadOnlySet<string> take)
    {
        var result = new JsonObject();
        foreach (var (key, keptValue) in kept)
        {
            var mergedValue = merged[key];
            var (first, second) = take.Contains(key) ? (mergedValue, keptValue) : (keptValue, mergedValue);
            result[key] = (first, second) switch
            {
                (JsonArray a, JsonArray b) => new JsonArray(a.Concat(b).Select(x => x?.ToJsonString()).Distinct()
                    .Select(x => JsonNode.Parse(x!)).ToArray()),
                (JsonObject a, JsonObject b) => Join(a, b),
                _ => (IsEmpty(first) ? second : first)?.DeepClone(),
            };
        }
        return result;
    }

    /// <summary>The undo of a merge: each field back to <paramref name="before"/> unless it was changed since the merge
    /// (it no longer holds <paramref name="after"/>), in which case the later change stays.</summary>
    public static JsonObject Restore(JsonObject current, JsonObject before, JsonObject after)
    {
        var result = new JsonObject();
        foreach (var (key, now) in current)
            result[key] = (JsonNode.DeepEquals(now, after[key]) ? before[key] : now)?.DeepClone();
        return result;
    }

    public static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => false,
    };

    private static JsonObject Join(JsonObject first, JsonObject second)
    {
        var joined = new JsonObject();
        foreach (var (k, v) in second) joined[k] = v?.DeepClone();
        foreach (var (k, v) in first)
            if (!IsEmpty(v)) joined[k] = v?.DeepClone();
        return joined;
    }

    private static JsonObject Node<T>(T state) => JsonSerializer.SerializeToNode(state, JsonSerializerOptions.Web)!.AsObject();
}
