namespace Voronka.Core.Features.Import;

/// <summary>The reasons a cell of an import file is refused that every table shares.</summary>
public static class ImportRules
{
    public const string Required = "is required.";
    public const string InFuture = "is in the future; history is the past.";
    public const string UnknownPipeline = "is not a pipeline.";

    /// <summary>A stage the pipeline lacks: the director maps it (the page finds these by the reason's start).</summary>
    public static string UnknownStage(string pipeline) => $"{UnknownStageStart} '{pipeline}'; map it to one.";

    public const string UnknownStageStart = "is not a stage of the pipeline";
    public const string UnknownPerson = "is not a user (a login, an e-mail or a full name).";
    public const string UnknownReason = "is not a loss reason.";
    public const string UnknownDeal = "is not the external_id of a deal in the file or in Voronka.";
    public const string UnknownFileDeal = "is not the external_id of a deal in the file.";
    public const string UnknownCompany = "is not a company of the file or of Voronka (an external_id, an INN or a name).";
    public const string UnknownContact = "is not the external_id of a contact in the file or in Voronka.";
    public const string UnknownRegion = "is not a region.";
    public const string UnknownProduct = "is not a product.";
    public const string TooLong = "must be at most 100 characters.";
    public const string Repeated = "is given to another row of the file";
    public const string Formula = "is a formula, not a value; save the file with values (Paste Special → Values) and import it again.";
}
