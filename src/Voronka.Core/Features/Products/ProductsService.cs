using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Products;

public sealed record ProductRequest(string? Name, string? Category = null, decimal? ListPrice = null, string? Currency = null, bool IsArchived = false);

public sealed record ProductResponse(int Id, string Name, string? Category, decimal ListPrice, string Currency, bool IsArchived);

public sealed record ProductQuery : PageRequest
{
    public string? Q { get; init; }
    public string? Category { get; init; }
    public bool? IncludeArchived { get; init; }
}

/// <summary>The product catalogue: everyone reads it, the director keeps it.</summary>
public sealed class ProductsService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    public async Task<Page<ProductResponse>> ListAsync(Actor actor, ProductQuery query, CancellationToken ct = default)
    {
        var v = new Validator();
        query.Validate(v);
        var (key, desc) = query.SortKey("name");
        v.Check(key is "id" or "name" or "category" or "listPrice", "sort", "must be one of: id, name, category, listPrice.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Products.AsQueryable();
        if (query.IncludeArchived != true) q = q.Where(p => !p.IsArchived);
        if (!string.IsNullOrWhiteSpace(query.Q)) { var t = query.Q.Trim().ToLower(); q = q.Where(p => p.Name.ToLower().Contains(t)); }
        if (!string.IsNullOrWhiteSpace(query.Category)) q = q.Where(p => p.Category == query.Category.Trim());
        var total = await q.CountAsync(ct);
        q = key switch
        {
            "id" => q.OrderByKey(p => p.Id, desc),
            "category" => q.OrderByKey(p => p.Category, desc),
            "listPrice" => q.OrderByKey(p => p.ListPriceMinor, desc),
            _ => q.OrderByKey(p => p.Name, desc),
        };
        var items = await ((IOrderedQueryable<Product>)q).ThenBy(p => p.Id).Skip(query.Skip).Take(query.Take)
            .Select(p => new { p.Id, p.Name, p.Category, p.ListPriceMinor, p.Currency, p.IsArchived }).ToListAsync(ct);
        return new Page<ProductResponse>(items.Select(p => new ProductResponse(p.Id, p.Name, p.Category, Money.FromMinor(p.ListPriceMinor), p.Currency, p.IsArchived)).ToList(), total);
    }

    public async Task<ProductResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Products.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Product", id);
        return ToResponse(p);
    }

    public async Task<ProductResponse> CreateAsync(Actor actor, ProductRequest request, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = new Product();
        await ApplyAsync(db, product, request, ct);
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        return ToResponse(product);
    }

    public async Task<ProductResponse> UpdateAsync(Actor actor, int id, ProductRequest request, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await db.Products.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Product", id);
        await ApplyAsync(db, product, request, ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(product);
    }

    /// <summary>Deletes an unused product; one that is on deals is archived instead, so old deals keep it.</summary>
    public async Task<bool> DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await db.Products.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Product", id);
        var used = await db.DealLines.AnyAsync(l => l.ProductId == id, ct);
        if (used) product.IsArchived = true;
        else db.Products.Remove(product);
        await db.SaveChangesAsync(ct);
        return !used;
    }

    private static async Task ApplyAsync(VoronkaDbContext db, Product p, ProductRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200).MaxLength(r.Category, "category", 200);
        if (r.ListPrice is null) v.Add("listPrice", "is required.");
        Money.Check(v, r.ListPrice, "listPrice");
        var currency = r.Currency?.Trim().ToUpperInvariant() ?? await db.Organisation.Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? "RUB";
        if (!Money.IsKnownCurrency(currency)) v.Add("currency", "is not a supported currency code.");
        var name = r.Name?.Trim();
        if (name is not null && await db.Products.AnyAsync(x => x.Name == name && x.Id != p.Id, ct)) v.Add("name", "is already taken by another product.");
        v.ThrowIfInvalid();
        p.Name = name!;
        p.Category = Text.Clean(r.Category);
        p.ListPriceMinor = Money.ToMinor(r.ListPrice!.Value);
        p.Currency = currency;
        p.IsArchived = r.IsArchived;
    }

    private static ProductResponse ToResponse(Product p) => new(p.Id, p.Name, p.Category, Money.FromMinor(p.ListPriceMinor), p.Currency, p.IsArchived);
}
