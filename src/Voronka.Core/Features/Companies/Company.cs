namespace Voronka.Core.Features.Companies;

public class Company
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Russian tax id (10 or 12 digits, checksum verified); unique when given.</summary>
    public string? Inn { get; set; }
    /// <summary>The company's key in the system it came from (trimmed, at most 100 characters); unique when given.</summary>
    public string? ExternalId { get; set; }
    public string? Industry { get; set; }
    /// <summary>The import batch that created the record, if one did: its rollback removes it.</summary>
    public int? ImportBatchId { get; set; }
    public int? RegionId { get; set; }
    public int OwnerId { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? Address { get; set; }
    public Dictionary<string, string> CustomFields { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
    /// <summary>Set when the record was merged into another: it leaves every list until the merge is undone.</summary>
    public int? MergedIntoId { get; set; }
}
