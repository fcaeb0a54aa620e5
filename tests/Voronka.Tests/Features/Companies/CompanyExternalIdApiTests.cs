using System.Net;
using System.Text.Json;
using Voronka.Core.Common;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Deals;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Companies;

/// <summary>A company's key in the system it came from: given, found, unique, replaced.</summary>
public class CompanyExternalIdApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static string Key() => $"crm-{Guid.NewGuid():N}";

    private static string Reason(JsonElement problem) => problem.GetProperty("errors").GetProperty("externalId")[0].GetString()!;

    private static Task<CompanyResponse> Create(HttpClient c, object body) =>
        c.PostJson("/api/v1/companies", body).Expect<CompanyResponse>(HttpStatusCode.Created);

    private static Task<Page<CompanyResponse>> Find(HttpClient c, string query) =>
        c.GetAsync($"/api/v1/companies?{query}").Expect<Page<CompanyResponse>>();

    [Fact]
    public async Task A_company_is_created_with_an_external_id_and_found_by_it_exactly()
    {
        var c = await app.As("manager1");
        var key = Key();
        var company = await Create(c, new { name = "ООО «Из 1С»", externalId = $" {key}  " });
        Assert.Equal(key, company.ExternalId);
        Assert.Equal(key, (await c.GetAsync($"/api/v1/companies/{company.Id}").Expect<CompanyResponse>()).ExternalId);

        var found = await Find(c, $"externalId={key}");
        Assert.Equal([company.Id], found.Items.Select(x => x.Id).ToArray());
        Assert.Equal(key, found.Items[0].ExternalId);
        Assert.Equal(0, (await Find(c, $"externalId={key.ToUpperInvariant()}")).Total);
        Assert.Equal(0, (await Find(await app.As("manager3"), $"externalId={key}")).Total);

        Assert.Null((await Create(c, new { name = "Без ключа 1", externalId = "" })).ExternalId);
        Assert.Null((await Create(c, new { name = "Без ключа 2" })).ExternalId);
    }

    [Fact]
    public async Task A_second_company_with_the_same_external_id_is_refused_naming_the_first_and_nothing_is_written()
    {
        var c = await app.As("manager1");
        var key = Key();
        var first = await Create(c, new { name = "ООО «Первая»", externalId = key });
        var name = $"Вторая {Guid.NewGuid():N}";

        // The INN is free, the key is not: the key alone is refused.
        var problem = await c.PostJson("/api/v1/companies", new { name, inn = "7736207543", externalId = key })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal($"is already held by company {first.Id} 'ООО «Первая»'.", Reason(problem));
        Assert.Equal(0, (await Find(c, $"q={name}")).Total);

        var other = await Create(c, new { name });
        problem = await c.PutJson($"/api/v1/companies/{other.Id}", new { name = "Другая", externalId = key, version = other.Version })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        var unchanged = await c.GetAsync($"/api/v1/companies/{other.Id}").Expect<CompanyResponse>();
        Assert.Equal((name, other.Version), (unchanged.Name, unchanged.Version));
        Assert.Null(unchanged.ExternalId);

        var stranger = await app.As("manager3");
        problem = await stranger.PostJson("/api/v1/companies", new { name, externalId = key }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("is already held by another company.", Reason(problem));
        Assert.Equal([first.Id], (await Find(c, $"externalId={key}")).Items.Select(x => x.Id).ToArray());
    }

    [Fact]
    public async Task An_update_replaces_the_external_id_like_the_other_fields()
    {
        var c = await app.As("manager1");
        var (key, next) = (Key(), Key());
        var company = await Create(c, new { name = "ООО «Ключ меняется»", industry = "IT", externalId = key });

        var same = await c.PutJson($"/api/v1/companies/{company.Id}", new
        {
            name = "ООО «Ключ тот же»", industry = "IT", externalId = key, version = company.Version,
        }).Expect<CompanyResponse>();
        Assert.Equal(key, same.ExternalId);
        var changed = await c.PutJson($"/api/v1/companies/{company.Id}", new { name = same.Name, externalId = next, same.Version })
            .Expect<CompanyResponse>();
        Assert.Equal(next, changed.ExternalId);
        Assert.Equal(0, (await Find(c, $"externalId={key}")).Total);
        Assert.Equal([company.Id], (await Find(c, $"externalId={next}")).Items.Select(x => x.Id).ToArray());
        await Create(c, new { name = "Взяла старый ключ", externalId = key });

        // Left out, the key is cleared, as the industry is.
        var cleared = await c.PutJson($"/api/v1/companies/{company.Id}", new { name = same.Name, version = changed.Version })
            .Expect<CompanyResponse>();
        Assert.Null(cleared.ExternalId);
        Assert.Null(cleared.Industry);
        var history = await c.GetAsync($"/api/v1/companies/{company.Id}/history").Expect<List<AuditEntryResponse>>();
        (string?, string?)[] changes = [(key, next), (next, null)];
        Assert.Equal(changes, history.Where(a => a.Field == "externalId").Select(a => (a.OldValue, a.NewValue)).ToArray());
    }

    [Fact]
    public async Task An_over_long_external_id_is_refused_on_create_update_and_in_the_filter()
    {
        var c = await app.As("manager1");
        var name = $"Длинный ключ {Guid.NewGuid():N}";
        var tooLong = new string('x', 101);
        var problem = await c.PostJson("/api/v1/companies", new { name, externalId = tooLong }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal("must be at most 100 characters.", Reason(problem));
        Assert.Equal(0, (await Find(c, $"q={name}")).Total);

        var longest = new string('y', 95) + Guid.NewGuid().ToString("N")[..5];
        var company = await Create(c, new { name, externalId = $" {longest} " });
        Assert.Equal(longest, company.ExternalId);
        problem = await c.PutJson($"/api/v1/companies/{company.Id}", new { name, externalId = tooLong, version = company.Version })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal(longest, (await c.GetAsync($"/api/v1/companies/{company.Id}").Expect<CompanyResponse>()).ExternalId);
        problem = await c.GetAsync($"/api/v1/companies?externalId={tooLong}").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
    }
}
