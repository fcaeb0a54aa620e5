using Voronka.Core.Common;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;

namespace Voronka.Web.Features.Arsenal;

/// <summary>The names the arsenal's screens show beside ids: stages (with their pipeline where there are several), products,
/// objections and people.</summary>
public sealed record ArsenalLookups(
    IReadOnlyList<(int Id, string Name)> Stages, IReadOnlyList<(int Id, string Name)> Products,
    IReadOnlyList<(int Id, string Name)> Objections, IReadOnlyList<UserResponse> People)
{
    public static async Task<ArsenalLookups> LoadAsync(Actor actor, PipelinesService pipelines, ProductsService products,
        ObjectionsService objections, PeopleService people)
    {
        var all = await pipelines.ListAsync(actor);
        var stages = all.SelectMany(p => p.Stages.OrderBy(s => s.Position)
            .Select(s => (s.Id, all.Count > 1 ? $"{p.Name} · {s.Name}" : s.Name))).ToList();
        var items = (await products.ListAsync(actor, new ProductQuery { PageSize = 200 })).Items.Select(p => (p.Id, p.Name)).ToList();
        var library = (await objections.ListAsync(actor, new ObjectionQuery(), CancellationToken.None)).Select(o => (o.Id,
            o.Text)).ToList();
        var users = (await people.ListUsersAsync(actor, new UserQuery())).Where(u => u.IsActive).ToList();
        return new ArsenalLookups(stages, items, library, users);
    }

    public string Stage(int id) => Stages.FirstOrDefault(s => s.Id == id).Name ?? "";
    public string Product(int id) => Products.FirstOrDefault(s => s.Id == id).Name ?? "";
    public string Objection(int id) => Objections.FirstOrDefault(s => s.Id == id).Name ?? "";
}
