namespace Voronka.Core.Features.Import;

/// <summary>How a file is read: where each of its tables and columns goes, and the director's stage and people tables.
/// Left out at upload, it is proposed from the file's names and headers.</summary>
/// <param name="Tables">One entry per table (sheet or CSV file) of the file.</param>
/// <param name="Stages">A stage name as the file writes it → the stage's name in Voronka.</param>
/// <param name="People">A person as the file names them → a login, e-mail or full name of a Voronka user.</param>
/// <param name="Pipelines">A pipeline's name as the file writes it → the pipeline's name in Voronka.</param>
/// <param name="NewPeople">People as the file names them whom the import brings in as new users (full name as written,
/// a login made from it, a manager with no password until the director sets one).</param>
public sealed record ImportMapping(
    IReadOnlyList<TableMapping> Tables,
    IReadOnlyDictionary<string, string>? Stages = null,
    IReadOnlyDictionary<string, string>? People = null,
    IReadOnlyDictionary<string, string>? Pipelines = null,
    IReadOnlyList<string>? NewPeople = null);

/// <summary>One table of the file.</summary>
/// <param name="Source">The sheet's or CSV file's name.</param>
/// <param name="Table">The format's table it fills; null leaves it out.</param>
/// <param name="Columns">A source column's header → the format's column it fills (a missing or null one is left out).</param>
public sealed record TableMapping(string Source, string? Table, IReadOnlyDictionary<string, string?> Columns);

/// <summary>What the dry run found: per table what would be created, updated and left as it is, the duplicates, and
/// what the import adds to the reports.</summary>
public sealed record ImportReport(
    IReadOnlyList<TableCounts> Tables,
    IReadOnlyList<ImportDuplicate> Duplicates,
    IReadOnlyList<WonMonth> WonByMonth,
    IReadOnlyList<OpenStage> OpenByStage,
    int SynthesisedPaths,
    IReadOnlyList<GateGap> OpenDealsFailingGates,
    IReadOnlyList<ImportNote> Notes);

/// <summary>Something the director should know that is not an error: a table or column left out, lost deals without a
/// reason. <see cref="Kind"/> is one of the constants here.</summary>
public sealed record ImportNote(string Kind, string Table, string? Column = null, int Count = 0)
{
    /// <summary>A table of the file that fills no table of the format.</summary>
    public const string TableLeftOut = "table-left-out";
    /// <summary>A column of a table mapped from another system that fills no column.</summary>
    public const string ColumnLeftOut = "column-left-out";
    /// <summary>Teams are set up in Voronka, not imported.</summary>
    public const string TeamsLeftOut = "teams-left-out";
    /// <summary>History or lines without a deals table to belong to.</summary>
    public const string NoDeals = "no-deals";
    /// <summary>Lost deals of the file that name no loss reason (<see cref="Count"/> of them).</summary>
    public const string LostWithoutReason = "lost-without-reason";
    /// <summary>Companies made from the names a file without a companies table gives (<see cref="Count"/> of them).</summary>
    public const string CompaniesMade = "companies-made";
    /// <summary>Contacts made from the names a file without a contacts table gives.</summary>
    public const string ContactsMade = "contacts-made";
    /// <summary>Formula cells of a sheet, read for the values saved with them (<see cref="Count"/> of them).</summary>
    public const string FormulasRead = "formulas-read";
}

/// <summary>A table's rows: read, refused, and of the accepted ones how many are new, change a record Voronka holds,
/// or are the same as it.</summary>
public sealed record TableCounts(string Table, int Rows, int Errors, int Create, int Update, int Skip);

/// <summary>A row that may be a record already held: by which key, and where the other one is.</summary>
public sealed record ImportDuplicate(string Table, int Row, string Key, string Value, string Other);

/// <summary>Won deals of the file closed in a month (organisation time), by currency.</summary>
public sealed record WonMonth(string Month, string Currency, int Deals, decimal Amount);

/// <summary>Open deals of the file standing in a stage.</summary>
public sealed record OpenStage(string Pipeline, string Stage, int Deals, decimal Amount);

/// <summary>An open deal of the file that stands in a stage without the fields the stage requires.</summary>
public sealed record GateGap(string ExternalId, int Row, string Stage, IReadOnlyList<string> Missing);

/// <summary>A batch as the API and the page show it.</summary>
public sealed record ImportBatchResponse(
    int Id, string FileName, long SizeBytes, ImportStatus Status, int Progress, int ErrorCount, string? Failure,
    int CreatedById, DateTime CreatedAt, DateTime? CheckedAt, DateTime? CommittedAt, DateTime? RolledBackAt,
    ImportMapping? Mapping, ImportReport? Report);

/// <summary>The source names the dry run did not know, for the director to map.</summary>
public sealed record ImportUnknowns(IReadOnlyList<string> Pipelines, IReadOnlyList<string> Stages, IReadOnlyList<string> People);

/// <summary>A refused row, as the API pages them.</summary>
public sealed record ImportProblemResponse(string Table, int Row, string Column, string? Value, string Reason);

public sealed record ImportProblemsResponse(IReadOnlyList<ImportProblemResponse> Items, int Total);
