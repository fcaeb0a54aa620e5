using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Pipelines;
using static Voronka.Core.Features.Import.ImportRules;

namespace Voronka.Core.Features.Import;

/// <summary>What the import knows of the organisation before it reads a file: its clock and zone, pipelines and
/// stages, people (by login, e-mail and full name, in lower case), loss reasons, regions and products (by name, in lower
/// case), the custom fields of deals, companies and contacts (by code), and the records already held under the keys
/// the file uses (by external id; companies also by INN and by name in lower case).</summary>
public sealed record ImportCatalog(
    TimeZoneInfo Zone, DateTime UtcNow, string Currency, IReadOnlyList<ImportPipeline> Pipelines,
    IReadOnlyDictionary<string, int> People, IReadOnlyDictionary<string, int> LossReasons)
{
    public IReadOnlyDictionary<string, int> DealsByExternalId { get; init; } = new Dictionary<string, int>();
    /// <summary>The director's pipeline table: a pipeline's name as the file writes it (lower case) → its name in Voronka.</summary>
    public IReadOnlyDictionary<string, string> PipelineNames { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, int> Regions { get; init; } = new Dictionary<string, int>();
    /// <summary>Teams by name in lower case: a person the file brings in joins one Voronka has.</summary>
    public IReadOnlyDictionary<string, int> Teams { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, ImportProduct> Products { get; init; } = new Dictionary<string, ImportProduct>();
    public IReadOnlyDictionary<CustomFieldEntity, IReadOnlyDictionary<string, CustomFieldDefinition>> CustomFields { get; init; } =
        new Dictionary<CustomFieldEntity, IReadOnlyDictionary<string, CustomFieldDefinition>>();
    public ISet<int> ActiveUsers { get; init; } = new HashSet<int>();
    /// <summary>Each person's region: a deal given none is its owner's, as when it is saved through the API.</summary>
    public IReadOnlyDictionary<int, int?> OwnerRegions { get; init; } = new Dictionary<int, int?>();
    public IReadOnlyDictionary<string, int> CompaniesByExternalId { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> CompaniesByInn { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> CompaniesByName { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ContactsByExternalId { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ContactsByPhone { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ContactsByEmail { get; init; } = new Dictionary<string, int>();
    /// <summary>Contacts by their company's id and their name in lower case, joined by <see cref="ImportLinks.Made"/>.</summary>
    public IReadOnlyDictionary<string, int> ContactsByCompanyAndName { get; init; } = new Dictionary<string, int>();
    public IReadOnlySet<string> ExistingActivities { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> ExistingTasks { get; init; } = new HashSet<string>();

    /// <summary>The deals, companies and contacts Voronka holds without an external id: the export names them
    /// <c>voronka-deal-&lt;id&gt;</c> and so on, and a file of that export finds them again by it.</summary>
    public IReadOnlySet<int> DealsWithoutKey { get; init; } = new HashSet<int>();
    public IReadOnlySet<int> CompaniesWithoutKey { get; init; } = new HashSet<int>();
    public IReadOnlySet<int> ContactsWithoutKey { get; init; } = new HashSet<int>();

    public int? DealId(string key) => Held(key, "deal", DealsByExternalId, DealsWithoutKey);
    public int? CompanyId(string key) => Held(key, "company", CompaniesByExternalId, CompaniesWithoutKey);
    public int? ContactId(string key) => Held(key, "contact", ContactsByExternalId, ContactsWithoutKey);

    /// <summary>The id in a key the export made for a record without an external id (<c>voronka-deal-12</c> → 12).</summary>
    public static int? InternalId(string key, string kind) =>
        key.StartsWith($"voronka-{kind}-", StringComparison.Ordinal)
        && int.TryParse(key.AsSpan(kind.Length + 9), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : null;

    private static int? Held(string key, string kind, IReadOnlyDictionary<string, int> byKey, IReadOnlySet<int> withoutKey) =>
        byKey.TryGetValue(key, out var id) ? id : InternalId(key, kind) is int i && withoutKey.Contains(i) ? i : null;

    /// <summary>The custom fields of one kind of record, by code.</summary>
    public IReadOnlyDictionary<string, CustomFieldDefinition> FieldsOf(CustomFieldEntity entity) =>
        CustomFields.TryGetValue(entity, out var f) ? f : new Dictionary<string, CustomFieldDefinition>();
}

public sealed record ImportProduct(int Id, string Name, long PriceMinor);

public sealed record ImportPipeline(int Id, string Name, bool IsDefault, IReadOnlyList<ImportStage> Stages);

public sealed record ImportStage(int Id, string Name, int Position, StageKind Kind);

/// <summary>A row refused, with where it is and why: the sheet or file, the row as a person counts it, the column
/// and the value as written.</summary>
public sealed record ImportError(string Table, int Row, string Column, string? Value, string Reason);

/// <summary>One stage the deal entered, when, and by whom (null: the deal's owner).</summary>
public sealed record PathStep(int StageId, DateTime At, int? ById);

/// <summary>A deal of the file, read and checked: where it stands, its path through the stages (from the file's
/// <c>stage_history</c>, or synthesised as docs/import-format.md says) and whether it updates a deal already held.</summary>
public sealed record DealRow(
    int Row, string ExternalId, string Title, int PipelineId, int StageId, StageKind Kind, int OwnerId, decimal? Amount,
    string Currency, string? Source, DateTime CreatedAt, DateOnly? ExpectedCloseDate, DateTime? ClosedAt, int? LossReasonId,
    string? LossComment, IReadOnlyList<PathStep> Path, bool PathSynthesised, bool Updates)
{
    /// <summary>The company as the file names it: an external_id, an INN or a name.</summary>
    public string? CompanyKey { get; init; }
    /// <summary>The contact's external_id.</summary>
    public string? ContactKey { get; init; }
    public int? RegionId { get; init; }
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();
}

public sealed record DealRowsResult(IReadOnlyList<DealRow> Deals, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Reads the <c>deals</c> and <c>stage_history</c> tables of an import into checked deals with their paths, without
/// touching the database: every value parsed, every name resolved against the catalog, every rule of the format
/// checked, and each refusal named by table, row, column, value and reason. A deal with any error is left out whole.
/// </summary>
public static class DealRows
{
    /// <summary>The deals of <paramref name="deals"/> (columns placed by <paramref name="dealColumns"/>) with their paths
    /// from <paramref name="history"/>, checked against <paramref name="catalog"/>. <paramref name="stageNames"/> is the
    /// director's stage table: a source stage name (lower case) → the stage's name in the pipeline; a name not in it is
    /// looked up as it is, and a stage found neither way is an error, never the first stage.</summary>
    public static DealRowsResult Read(
        ImportTable deals, IReadOnlyList<ColumnTarget?> dealColumns, ImportTable? history, IReadOnlyList<ColumnTarget?>? historyColumns,
        ImportCatalog catalog, IReadOnlyDictionary<string, string>? stageNames = null)
    {
        var errors = new List<ImportError>();
        var read = new List<(DealRow Deal, ImportPipeline Pipeline)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, cells) in deals.Rows)
        {
            var row = new ImportCells(deals.Name, number, cells, dealColumns, errors);
            var deal = ReadDeal(row, catalog, stageNames, seen);
            if (deal is not null && !row.Failed) read.Add(deal.Value);
        }
        var paths = history is null ? [] : ReadHistory(history, historyColumns ?? [], read, catalog, stageNames, errors);
        var result = new List<DealRow>();
        foreach (var (deal, pipeline) in read)
        {
            var d = paths.TryGetValue(deal.ExternalId, out var path)
                ? WithPath(deal, path, history!.Name, errors)
                : Synthesised(deal, pipeline);
            if (d is not null) result.Add(d);
        }
        return new DealRowsResult(result, errors);
    }

    private static (DealRow, ImportPipeline)? ReadDeal(
        ImportCells row, ImportCatalog c, IReadOnlyDictionary<string, string>? stageNames, Dictionary<string, int> seen)
    {
        var externalId = row.Text("external_id", required: true);
        if (externalId is { Length: > 100 }) row.Fail("external_id", externalId, TooLong);
        else if (externalId is not null && !seen.TryAdd(externalId, row.Number))
            row.Fail("external_id", externalId, $"is given to another row of the file (row {seen[externalId]}).");
        var title = row.Text("title", required: true);
        var pipelineName = row.Text("pipeline");
        var pipeline = pipelineName is null
            ? c.Pipelines.FirstOrDefault(p => p.IsDefault) ?? c.Pipelines.FirstOrDefault()
            : c.Pipelines.FirstOrDefault(p => string.Equals(p.Name,
                c.PipelineNames.TryGetValue(pipelineName.ToLowerInvariant(), out var mapped) ? mapped : pipelineName,
                    StringComparison.OrdinalIgnoreCase));
        if (pipeline is null) row.Fail("pipeline", pipelineName, UnknownPipeline);
        var stageName = row.Text("stage", required: true);
        var stage = pipeline is null || stageName is null ? null : Stage(pipeline, stageName, stageNames);
        if (pipeline is not null && stageName is not null && stage is null)
            row.Fail("stage", stageName, ImportRules.UnknownStage(pipeline.Name));
        var owner = row.Person("owner", c, required: true);
        var amount = row.Value("amount", ImportValues.Money);
        var created = row.Moment("created_at", c, required: true);
        var closed = row.Moment("closed_at", c);
        var expected = row.Value("expected_close_date", ImportValues.Date);
        if (created is DateTime cr && closed is DateTime cl && cl < cr)
            row.Fail("closed_at", row.Raw("closed_at"), "is before created_at.");
        var status = row.Text("status")?.ToLowerInvariant();
        if (status is not (null or "open" or "won" or "lost")) row.Fail("status", status, "must be open, won or lost.");
        else if (status is not null && stage is not null
            && !string.Equals(status, stage.Kind.ToString(), StringComparison.OrdinalIgnoreCase))
            row.Fail("status", status, $"does not agree with the stage '{stage.Name}'.");
        int? reason = null;
        if (row.Text("loss_reason") is string reasonName)
        {
            if (c.LossReasons.TryGetValue(reasonName.ToLowerInvariant(), out var id)) reason = id;
            else row.Fail("loss_reason", reasonName, UnknownReason);
        }
        var region = ImportRows.Region(row, c);
        var custom = row.Custom(c.FieldsOf(CustomFieldEntity.Deal), c);
        if (row.Failed || externalId is null || title is null || pipeline is null || stage is null || owner is null || created is null)
            return null;
        var currency = row.Text("currency")?.ToUpperInvariant() ?? c.Currency;
        var closedAt = stage.Kind == StageKind.Open ? null : closed ?? created;
        return (new DealRow(row.Number, externalId, title, pipeline.Id, stage.Id, stage.Kind, owner.Value, amount, currency,
            row.Text("source"), created.Value, expected, closedAt, reason, row.Text("loss_comment"), [], false,
            c.DealId(externalId) is not null)
        {
            CompanyKey = row.Text("company"), ContactKey = row.Text("contact"), RegionId = region ?? c.OwnerRegions
                .GetValueOrDefault(owner.Value), Custom = custom,
        }, pipeline);
    }

    private static ImportStage? Stage(ImportPipeline pipeline, string name, IReadOnlyDictionary<string, string>? stageNames)
    {
        var target = stageNames is not null && stageNames.TryGetValue(name.ToLowerInvariant(), out var mapped) ? mapped : name;
        return pipeline.Stages.FirstOrDefault(s => string.Equals(s.Name, target, StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, List<(int Row, PathStep Step)>> ReadHistory(
        ImportTable history, IReadOnlyList<ColumnTarget?> columns, List<(DealRow Deal, ImportPipeline Pipeline)> deals,
        ImportCatalog c, IReadOnlyDictionary<string, string>? stageNames, List<ImportError> errors)
    {
        var byId = deals.ToDictionary(d => d.Deal.ExternalId, StringComparer.Ordinal);
        var paths = new Dictionary<string, List<(int, PathStep)>>(StringComparer.Ordinal);
        foreach (var (number, cells) in history.Rows)
        {
            var row = new ImportCells(history.Name, number, cells, columns, errors);
            var dealId = row.Text("deal", required: true);
            if (dealId is null) continue;
            if (!byId.TryGetValue(dealId, out var deal))
            {
                row.Fail("deal", dealId, UnknownFileDeal);
                continue;
            }
            var stageName = row.Text("stage", required: true);
            var stage = stageName is null ? null : Stage(deal.Pipeline, stageName, stageNames);
            if (stageName is not null && stage is null)
                row.Fail("stage", stageName, ImportRules.UnknownStage(deal.Pipeline.Name));
            var at = row.Moment("entered_at", c, required: true);
            var by = row.Person("by", c, required: false);
            if (row.Failed || stage is null || at is null) continue;
            if (!paths.TryGetValue(dealId, out var path)) paths[dealId] = path = [];
            path.Add((number, new PathStep(stage.Id, at.Value, by)));
        }
        return paths;
    }

    /// <summary>The deal with its path from the file: in time order (ties in the file's order); the first entry is the
    /// deal's creation, the last its stage and, for a closed deal, its closing.</summary>
    private static DealRow? WithPath(DealRow deal, List<(int Row, PathStep Step)> rows, string table, List<ImportError> errors)
    {
        var path = rows.OrderBy(r => r.Step.At).ThenBy(r => r.Row).Select(r => r.Step).ToList();
        var last = rows.OrderBy(r => r.Step.At).ThenBy(r => r.Row).Last();
        if (path[^1].StageId != deal.StageId)
        {
            errors.Add(new ImportError(table, last.Row, "stage", null, "is not the deal's stage, yet it is the last of its history."));
            return null;
        }
        // Two entries in a row into the same stage are one stay.
        var steps = path.Where((s, i) => i == 0 || s.StageId != path[i - 1].StageId).ToList();
        return deal with
        {
            CreatedAt = steps[0].At,
            ClosedAt = deal.Kind == StageKind.Open ? null : steps[^1].At,
            Path = steps,
        };
    }

    /// <summary>The documented path of a deal given no history: into its pipeline's first stage at its creation, then
    /// into its stage at its closing (a closed deal) or at its creation.</summary>
    private static DealRow Synthesised(DealRow deal, ImportPipeline pipeline)
    {
        var first = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).First();
        List<PathStep> path = [new(first.Id, deal.CreatedAt, null)];
        if (deal.StageId != first.Id) path.Add(new PathStep(deal.StageId, deal.ClosedAt ?? deal.CreatedAt, null));
        return deal with { Path = path, PathSynthesised = true };
    }
}
