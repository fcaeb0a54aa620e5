namespace Voronka.Core.Features.Contacts;

public class Contact
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Position { get; set; }
    public int? CompanyId { get; set; }
    public int OwnerId { get; set; }
    /// <summary>The contact's key in the system it came from (trimmed, at most 100 characters); unique when given.</summary>
    public string? ExternalId { get; set; }
    /// <summary>E.164 numbers, so duplicates match whatever way they were typed.</summary>
    public List<string> Phones { get; set; } = [];
    /// <summary>The import batch that created the record, if one did: its rollback removes it.</summary>
    public int? ImportBatchId { get; set; }
    /// <summary>Lower-cased addresses.</summary>
    public List<string> Emails { get; set; } = [];
    public Dictionary<string, string> CustomFields { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
    /// <summary>Set when the record was merged into another: it leaves every list until the merge is undone.</summary>
    public int? MergedIntoId { get; set; }
}
