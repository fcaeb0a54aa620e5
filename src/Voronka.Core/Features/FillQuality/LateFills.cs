using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.FillQuality;

/// <summary>
/// Fields filled after the move rather than before: a field that became filled while the deal stood in a stage that
/// requires it (it entered the stage before the rule, or by an import of history), read from the deals' audit trail
/// and stage history. A field filled in the same save as the move counts as filled before it.
/// </summary>
internal static class LateFills
{
    private static readonly string[] Audited =
    [
        DealFields.Company, DealFields.Contact, DealFields.Amount, DealFields.ExpectedCloseDate, DealFields.Source, DealFields.Region,
        CustomFieldsName,
    ];

    private const string CustomFieldsName = AuditedCustomFields.Field;
    private const string StageField = AuditEntry.StageField;

    /// <summary>Late fills per owner of <paramref name="deals"/> between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static async Task<Dictionary<int, int>> CountAsync(VoronkaDbContext db, IQueryable<Deal> deals, DateTime start, DateTime end,
        CancellationToken ct)
    {
        var entries = await (from a in db.AuditEntries
                             where a.EntityType == nameof(Deal) && a.ChangedAt >= start && a.ChangedAt < end && Audited.Contains(a.Field)
                             join d in deals on a.EntityId equals d.Id
                             select new { a.EntityId, a.Field, a.OldValue, a.NewValue, a.ChangedAt, d.OwnerId })
            .ToListAsync(ct);
        var fills = entries.SelectMany(e => Filled(e.Field, e.OldValue, e.NewValue).Select(key => (e.EntityId, e.OwnerId, Key: key,
            e.ChangedAt)))
            .ToList();
        var counts = new Dictionary<int, int>();
        if (fills.Count == 0) return counts;
        var ids = fills.Select(f => f.EntityId).Distinct().ToList();
        var moves = (await db.DealStageChanges.AsNoTracking().Where(c => ids.Contains(c.DealId) && c.ChangedAt < end)
                .Select(c => new { c.DealId, c.ToStageId, c.ChangedAt, c.Id }).ToListAsync(ct))
            .ToLookup(c => c.DealId);
        // A save that moved the deal logs its stage change beside the fields it filled, at the same moment.
        var movedInSave = (await db.AuditEntries.Where(a => a.EntityType == nameof(Deal) && a.Field == StageField
                    && ids.Contains(a.EntityId) && a.ChangedAt >= start && a.ChangedAt < end)
                .Select(a => new { a.EntityId, a.ChangedAt }).ToListAsync(ct))
            .Select(a => (a.EntityId, a.ChangedAt)).ToHashSet();
        var rules = (await DealCompliance.RulesAsync(db, ct)).ToDictionary(r => r.StageId, r => r.Required);
        foreach (var (dealId, owner, key, at) in fills)
        {
            if (movedInSave.Contains((dealId, at))) continue;
            var stood = moves[dealId].Where(m => m.ChangedAt < at).OrderBy(m => m.ChangedAt).ThenBy(m => m.Id).LastOrDefault();
            if (stood is not null && rules.TryGetValue(stood.ToStageId, out var required) && required.Contains(key))
                counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }
        return counts;
    }

    /// <summary>The deal fields (as stages name them) that an audited change turned from empty to filled.</summary>
    public static IReadOnlyList<string> Filled(string field, string? oldValue, string? newValue)
    {
        if (field != CustomFieldsName) return IsEmpty(field, oldValue) && !IsEmpty(field, newValue) ? [field] : [];
        var before = AuditedCustomFields.Read(oldValue);
        return AuditedCustomFields.Read(newValue).Where(kv => !string.IsNullOrWhiteSpace(kv.Value)
                && (!before.TryGetValue(kv.Key, out var was) || string.IsNullOrWhiteSpace(was)))
            .Select(kv => DealFields.CustomPrefix + kv.Key).Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsEmpty(string field, string? value) =>
        string.IsNullOrWhiteSpace(value)
        || (field == DealFields.Amount && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) && m <= 0);
}
