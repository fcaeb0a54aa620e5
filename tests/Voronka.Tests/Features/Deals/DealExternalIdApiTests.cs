using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

/// <summary>A deal's key in the system it came from: given, found, unique, replaced, and kept by a deleted deal.</summary>
public class DealExternalIdApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static string Key() => $"crm-{Guid.NewGuid():N}";

    private static string Reason(JsonElement problem) => problem.GetProperty("errors").GetProperty("externalId")[0].GetString()!;

    private static Task<DealResponse> Create(HttpClient c, object body) =>
        c.PostJson("/api/v1/deals", body).Expect<DealResponse>(HttpStatusCode.Created);

    private static Task<Page<DealResponse>> Find(HttpClient c, string query) =>
        c.GetAsync($"/api/v1/deals?{query}").Expect<Page<DealResponse>>();

    [Fact]
    public async Task A_deal_is_created_with_an_external_id_and_found_by_it_exactly()
    {
        var c = await app.As("manager1");
        var key = Key();
        var deal = await Create(c, new { title = "Из старой CRM", externalId = $"  {key}  " });
        Assert.Equal(key, deal.ExternalId);
        Assert.Equal(key, (await c.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).ExternalId);

        var found = await Find(c, $"externalId={key}");
        Assert.Equal([deal.Id], found.Items.Select(d => d.Id).ToArray());
        Assert.Equal(key, found.Items[0].ExternalId);
        Assert.Equal(0, (await Find(c, $"externalId={key.ToUpperInvariant()}")).Total);
        Assert.Equal(0, (await Find(c, $"externalId={key[..^1]}")).Total);
        // Another team's manager does not find the deal by its key, as by anything else.
        Assert.Equal(0, (await Find(await app.As("manager3"), $"externalId={key}")).Total);

        // An empty key is none, and deals without one are many.
        Assert.Null((await Create(c, new { title = "Без ключа 1", externalId = "   " })).ExternalId);
        Assert.Null((await Create(c, new { title = "Без ключа 2" })).ExternalId);
    }

    [Fact]
    public async Task A_second_deal_with_the_same_external_id_is_refused_naming_the_first_and_nothing_is_written()
    {
        var c = await app.As("manager1");
        var key = Key();
        var first = await Create(c, new { title = "Первая с ключом", externalId = key });
        var title = $"Вторая {Guid.NewGuid():N}";

        var problem = await c.PostJson("/api/v1/deals", new { title, externalId = $" {key} " }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal($"is already held by deal {first.Id} 'Первая с ключом'.", Reason(problem));
        Assert.Equal(0, (await Find(c, $"q={title}")).Total);

        // Given to another deal on an update: refused, and that deal stays as it was.
        var other = await Create(c, new { title });
        problem = await c.PutJson($"/api/v1/deals/{other.Id}", new { version = other.Version, title = "Переименована", externalId = key })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        var unchanged = await c.GetAsync($"/api/v1/deals/{other.Id}").Expect<DealResponse>();
        Assert.Equal((title, other.Version), (unchanged.Title, unchanged.Version));
        Assert.Null(unchanged.ExternalId);

        // Someone who may not see the first deal learns that the key is taken, not by which deal.
        var stranger = await app.As("manager3");
        problem = await stranger.PostJson("/api/v1/deals", new { title, externalId = key }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("is already held by another deal.", Reason(problem));
        Assert.Equal([first.Id], (await Find(c, $"externalId={key}")).Items.Select(d => d.Id).ToArray());
    }

    [Fact]
    public async Task Deals_sent_at_once_with_the_same_external_id_are_one_written_and_the_others_refused_by_field()
    {
        var c = await app.As("manager1");
        var key = Key();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => c.PostJson("/api/v1/deals", new { title = $"Разом {i}", externalId = key })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await Task.FromResult(refused).Problem(HttpStatusCode.BadRequest);
            Assert.Equal(["externalId"], problem.ErrorFields());
        }
        Assert.Equal(1, (await Find(c, $"externalId={key}")).Total);
    }

    [Fact]
    public async Task An_update_replaces_the_external_id_like_the_source_and_a_move_keeps_it()
    {
        var c = await app.As("manager1");
        var (key, next) = (Key(), Key());
        var deal = await Create(c, new { title = "Ключ меняется", source = "Импорт", externalId = key });

        var same = await c.PutJson($"/api/v1/deals/{deal.Id}", new
        {
            version = deal.Version, title = "Ключ тот же", source = "Импорт", externalId = key,
        }).Expect<DealResponse>();
        Assert.Equal(key, same.ExternalId);
        var moved = await c.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = deal.StageId, source = "Сайт" })
            .Expect<DealResponse>();
        Assert.Equal(key, moved.ExternalId);

        var changed = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = moved.Version, title = "Ключ новый", externalId = next })
            .Expect<DealResponse>();
        Assert.Equal(next, changed.ExternalId);
        Assert.Equal(0, (await Find(c, $"externalId={key}")).Total);
        Assert.Equal([deal.Id], (await Find(c, $"externalId={next}")).Items.Select(d => d.Id).ToArray());
        // The key given up is free for another deal.
        await Create(c, new { title = "Взяла старый ключ", externalId = key });

        // The update replaces the editable fields: left out, the key is cleared, as the source is.
        var cleared = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = changed.Version, title = "Без ключа" })
            .Expect<DealResponse>();
        Assert.Null(cleared.ExternalId);
        Assert.Null(cleared.Source);
        var history = await c.GetAsync($"/api/v1/deals/{deal.Id}/history").Expect<DealHistoryResponse>();
        (string?, string?)[] changes = [(key, next), (next, null)];
        Assert.Equal(changes, history.Audit.Where(a => a.Field == "externalId").Select(a => (a.OldValue, a.NewValue)).ToArray());
    }

    [Fact]
    public async Task An_over_long_external_id_is_refused_on_create_update_and_in_the_filter()
    {
        var c = await app.As("manager1");
        var title = $"Длинный ключ {Guid.NewGuid():N}";
        var tooLong = new string('x', 101);
        var problem = await c.PostJson("/api/v1/deals", new { title, externalId = tooLong }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal("must be at most 100 characters.", Reason(problem));
        Assert.Equal(0, (await Find(c, $"q={title}")).Total);

        // A hundred characters are enough; the spaces around them do not count.
        var longest = new string('y', 95) + Guid.NewGuid().ToString("N")[..5];
        var deal = await Create(c, new { title, externalId = $"  {longest} " });
        Assert.Equal(longest, deal.ExternalId);
        problem = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = deal.Version, title, externalId = tooLong })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal(longest, (await c.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).ExternalId);
        problem = await c.GetAsync($"/api/v1/deals?externalId={tooLong}").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_deleted_deal_keeps_its_external_id_and_a_new_deal_with_it_is_refused_naming_the_deleted_one()
    {
        var c = await app.As("manager1");
        var key = Key();
        var deal = await Create(c, new { title = "Удалят", externalId = key });
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/deals/{deal.Id}")).StatusCode);
        Assert.Equal(0, (await Find(c, $"externalId={key}")).Total);

        var title = $"Воскрешение {Guid.NewGuid():N}";
        var problem = await c.PostJson("/api/v1/deals", new { title, externalId = key }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["externalId"], problem.ErrorFields());
        Assert.Equal($"is already held by deal {deal.Id} 'Удалят', which was deleted.", Reason(problem));
        Assert.Equal(0, (await Find(c, $"q={title}")).Total);
    }

    [Fact]
    public async Task The_database_refuses_a_second_deal_with_the_same_external_id_a_deleted_one_included()
    {
        var c = await app.As("manager1");
        var key = Key();
        var holder = await Create(c, new { title = "Держит ключ", externalId = key });
        var other = await Create(c, new { title = "Без ключа" });
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/deals/{holder.Id}")).StatusCode);

        var factory = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var deal = await db.Deals.SingleAsync(d => d.Id == other.Id);
        deal.ExternalId = key;
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
