using Voronka.Core.Common;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Import;

/// <summary>The dry run's report from a plan and its diff: counts per table, duplicates, what the import adds to the
/// reports, and the open deals that stand in a stage without the fields it requires.</summary>
internal static class ImportReports
{
    private const int MaxListed = 1000;

    public static ImportReport Build(ImportPlan plan, ImportDiff diff, IReadOnlyDictionary<int, Stage> stages,
        IReadOnlyList<ImportError> errors)
    {
        var c = plan.Catalog;
        // Errors name the table as the file does; the counts are by the format's tables.
        var refused = errors.Where(e => e.Row > 1).GroupBy(e => plan.Sources.GetValueOrDefault(e.Table, e.Table))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Row).Distinct().Count());
        var tables = new List<TableCounts>();
        void Count(string table, int create, int update, int skip)
        {
            var bad = refused.GetValueOrDefault(table);
            if (create + update + skip + bad > 0) tables.Add(new TableCounts(table, create + update + skip + bad, bad, create, update,
                skip));
        }
        Count("users", plan.Users.Count(u => u.ExistingId is null), 0, plan.Users.Count(u => u.ExistingId is not null));
        Count("regions", plan.Regions.Count(r => !r.Exists), 0, plan.Regions.Count(r => r.Exists));
        Count("loss_reasons", plan.LossReasons.Count(r => !r.Exists), 0, plan.LossReasons.Count(r => r.Exists));
        Count("products", plan.Products.Count(r => !r.Exists), 0, plan.Products.Count(r => r.Exists));
        var companyUpdates = plan.Companies.Count(x => x.ExistingId is int id && diff.Companies.Contains(id));
        Count("companies", plan.Companies.Count(x => x.ExistingId is null), companyUpdates,
            plan.Companies.Count(x => x.ExistingId is not null) - companyUpdates);
        var contactUpdates = plan.Contacts.Count(x => x.Row.ExistingId is int id && diff.Contacts.Contains(id));
        Count("contacts", plan.Contacts.Count(x => x.Row.ExistingId is null), contactUpdates,
            plan.Contacts.Count(x => x.Row.ExistingId is not null) - contactUpdates);
        bool Changes(DealRow d) => !d.Updates || diff.Deals.Contains(c.DealId(d.ExternalId)!.Value);
        var deals = plan.Deals.Select(x => x.Row).ToList();
        Count("deals", deals.Count(d => !d.Updates), deals.Count(d => d.Updates && Changes(d)), deals.Count(d => !Changes(d)));
        var written = deals.Where(Changes).Select(d => d.ExternalId).ToHashSet(StringComparer.Ordinal);
        Count("deal_lines", plan.Lines.Count(l => written.Contains(l.Deal.Key!)), 0, plan.Lines.Count(l => !written.Contains(l.Deal.Key!)));
        var fromHistory = deals.Where(d => !d.PathSynthesised).ToList();
        Count("stage_history", fromHistory.Where(Changes).Sum(d => d.Path.Count), 0, fromHistory.Where(d => !Changes(d)).Sum(d =>
            d.Path.Count));
        var heldActivities = plan.Activities.Count(a => diff.Held(a.Row));
        Count("activities", plan.Activities.Count - heldActivities, 0, heldActivities);
        var heldTasks = plan.Tasks.Count(t => diff.Held(t.Row));
        Count("tasks", plan.Tasks.Count - heldTasks, 0, heldTasks);

        var names = c.Pipelines.SelectMany(p => p.Stages.Select(s => (s.Id, Pipeline: p.Name, Stage: s.Name))).ToDictionary(x => x.Id);
        // What the import adds to the reports: the deals it writes; a deal the file repeats unchanged adds nothing.
        var won = plan.Deals.Where(x => x.Row.Kind == StageKind.Won && Changes(x.Row))
            .GroupBy(x => (Month: OrgTime.Today(x.Row.ClosedAt!.Value, c.Zone).ToString("yyyy-MM",
                System.Globalization.CultureInfo.InvariantCulture), x.Row.Currency))
            .OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Currency)
            .Select(g => new WonMonth(g.Key.Month, g.Key.Currency, g.Count(), Money.FromMinor(g.Sum(x => x.AmountMinor)))).ToList();
        var open = plan.Deals.Where(x => x.Row.Kind == StageKind.Open && Changes(x.Row)).GroupBy(x => x.Row.StageId)
            .OrderBy(g => names[g.Key].Pipeline).ThenBy(g => stages[g.Key].Position)
            .Select(g => new OpenStage(names[g.Key].Pipeline, names[g.Key].Stage, g.Count(), Money.FromMinor(g.Sum(x => x.AmountMinor))))
                .ToList();
        var lines = plan.Lines.GroupBy(l => l.Deal.Key!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var gaps = new List<GateGap>();
        foreach (var (row, company, contact, amount) in plan.Deals.Where(x => x.Row.Kind == StageKind.Open))
        {
            var probe = new Deal
            {
                CompanyId = company is null ? null : 0, ContactId = contact is null ? null : 0, AmountMinor = amount, Source = row.Source,
                RegionId = row.RegionId, ExpectedCloseDate = row.ExpectedCloseDate, CustomFields = new Dictionary<string,
                    string>(row.Custom),
                Lines = Enumerable.Range(0, lines.GetValueOrDefault(row.ExternalId)).Select(_ => new DealLine()).ToList(),
            };
            var missing = DealFields.Missing(probe, stages[row.StageId]);
            if (missing.Count > 0) gaps.Add(new GateGap(row.ExternalId, row.Row, names[row.StageId].Stage, missing));
        }
        // Closed history is taken as it was: a lost deal need not name its reason, but the director should know how many.
        var notes = plan.Notes.ToList();
        var noReason = plan.Deals.Count(x => x.Row.Kind == StageKind.Lost && x.Row.LossReasonId is null);
        if (noReason > 0) notes.Add(new ImportNote(ImportNote.LostWithoutReason, "deals", Count: noReason));
        return new ImportReport(tables, plan.Duplicates.Take(MaxListed).ToList(), won, open, deals.Count(d => d.PathSynthesised),
            gaps.Take(MaxListed).ToList(), notes);
    }
}
