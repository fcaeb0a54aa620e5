namespace Voronka.Core.Features.Products;

public class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Category { get; set; }
    public long ListPriceMinor { get; set; }
    public string Currency { get; set; } = "RUB";
    /// <summary>Archived products stay on old deals but are not offered for new lines.</summary>
    public bool IsArchived { get; set; }
}
