using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Deals;

/// <summary>
/// The data-quality rules over open deals as filters the database runs: a deal that lacks a field its stage requires
/// (the rule of <see cref="DealFields.Missing"/>, which guards every path into a stage) and a deal whose contact can be
/// reached neither by phone nor by e-mail. The deal list, the fill-quality report and the pipeline editor all count
/// with these, so a figure and the list it opens agree.
/// </summary>
internal static class DealCompliance
{
    /// <summary>The fields an open stage requires.</summary>
    public sealed record StageRule(int StageId, IReadOnlyList<string> Required);

    public static async Task<List<StageRule>> RulesAsync(VoronkaDbContext db, CancellationToken ct) =>
        (await db.Stages.AsNoTracking().Where(s => s.Kind == StageKind.Open).Select(s => new { s.Id, s.RequiredFields }).ToListAsync(ct))
        .Select(s => new StageRule(s.Id, s.RequiredFields)).ToList();

    /// <summary>Deals standing in a stage of <paramref name="rules"/> without a field it requires.</summary>
    public static Expression<Func<Deal, bool>> Incomplete(VoronkaDbContext db, IEnumerable<StageRule> rules) =>
        Predicates.AnyOf(rules.SelectMany(r => r.Required.Distinct().Select(key => Lacks(db, r.StageId, key))));

    public static async Task<Expression<Func<Deal, bool>>> IncompleteAsync(VoronkaDbContext db, CancellationToken ct) =>
        Incomplete(db, await RulesAsync(db, ct));

    /// <summary>An open deal with its owner's and stage's names and the fields its stage requires that it lacks (keys as
    /// stages name them).</summary>
    public sealed record Described(Deal Deal, string OwnerName, string StageName, IReadOnlyList<string> Missing);

    /// <summary>Reads the deals of <paramref name="deals"/> (with their lines) and names what each lacks, by
    /// <see cref="DealFields.Missing"/>: the to-fix list and the pipeline editor describe deals with this.</summary>
    public static async Task<List<Described>> DescribeAsync(VoronkaDbContext db, IQueryable<Deal> deals, CancellationToken ct)
    {
        var page = await deals.AsNoTracking().Include(d => d.Lines).ToListAsync(ct);
        if (page.Count == 0) return [];
        var stageIds = page.Select(d => d.StageId).Distinct().ToList();
        var stages = await db.Stages.AsNoTracking().Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var ownerIds = page.Select(d => d.OwnerId).Distinct().ToList();
        var owners = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return page.Select(d => new Described(d, owners.GetValueOrDefault(d.OwnerId) ?? "", stages[d.StageId].Name,
            DealFields.Missing(d, stages[d.StageId]))).ToList();
    }

    /// <summary>Deals without a contact, or whose contact has neither a phone nor an e-mail.</summary>
    public static Expression<Func<Deal, bool>> Unreachable(VoronkaDbContext db) =>
        d => d.ContactId == null || !db.Contacts.Any(c => c.Id == d.ContactId && (c.Phones.Count > 0 || c.Emails.Count > 0));

    private static Expression<Func<Deal, bool>> Lacks(VoronkaDbContext db, int stageId, string key)
    {
        switch (key)
        {
            case DealFields.Company: return d => d.StageId == stageId && d.CompanyId == null;
            case DealFields.Contact: return d => d.StageId == stageId && d.ContactId == null;
            case DealFields.Amount: return d => d.StageId == stageId && d.AmountMinor <= 0;
            case DealFields.ExpectedCloseDate: return d => d.StageId == stageId && d.ExpectedCloseDate == null;
            case DealFields.Source: return d => d.StageId == stageId && (d.Source == null || d.Source.Trim() == "");
            case DealFields.Region: return d => d.StageId == stageId && d.RegionId == null;
            case DealFields.Lines: return d => d.StageId == stageId && !db.DealLines.Any(l => l.DealId == d.Id);
            case DealFields.LossReason: return d => d.StageId == stageId && d.LossReasonId == null;
        }
        if (!DealFields.IsCustom(key, out var custom)) return d => d.StageId == stageId;
        var unfilled = DealCustomFilter.Unfilled(db, custom).Where(x => x.StageId == stageId).Select(x => x.Id);
        return d => d.StageId == stageId && unfilled.Contains(d.Id);
    }
}
