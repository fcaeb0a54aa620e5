using System.Net;
using System.Text.Json;
using Voronka.Core.Common;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

public class DealsApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private async Task<PipelineResponse> Pipeline()
    {
        var c = await app.As("director");
        return (await c.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault);
    }

    private static StageResponse Stage(PipelineResponse p, string name) => p.Stages.Single(s => s.Name == name);

    private async Task<DealResponse> NewDeal(string login = "manager1", object? body = null)
    {
        var c = await app.As(login);
        return await c.PostJson("/api/v1/deals", body ?? new { title = $"Сделка {Guid.NewGuid():N}" }).Expect<DealResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_answers_201_with_location_and_enters_the_first_stage_with_a_history_row()
    {
        var c = await app.As("manager1");
        var response = await c.PostJson("/api/v1/deals", new { title = "Поставка станков", amount = 150000.50m });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deal = JsonSerializer.Deserialize<DealResponse>(await response.Content.ReadAsStringAsync(), Http.Json)!;
        Assert.Equal($"/api/v1/deals/{deal.Id}", response.Headers.Location!.OriginalString);
        var pipeline = await Pipeline();
        Assert.Equal(pipeline.Stages[0].Id, deal.StageId);
        Assert.Equal(app.UserIds["manager1"], deal.OwnerId);
        Assert.Equal(150000.50m, deal.Amount);
        Assert.Equal("RUB", deal.Currency);

        var history = await c.GetAsync($"/api/v1/deals/{deal.Id}/history").Expect<DealHistoryResponse>();
        var entry = Assert.Single(history.Stages);
        Assert.Null(entry.FromStageId);
        Assert.Equal(deal.StageId, entry.ToStageId);
        Assert.Equal(app.UserIds["manager1"], entry.ChangedById);
        Assert.Contains(history.Audit, a => a.Field == "created");
    }

    [Fact]
    public async Task Create_into_a_stage_with_required_fields_names_the_missing_ones_and_writes_nothing()
    {
        var c = await app.As("manager1");
        var stage = Stage(await Pipeline(), "Переговоры");
        var title = $"Неполная {Guid.NewGuid():N}";
        var problem = await c.PostJson("/api/v1/deals", new { title, stageId = stage.Id, amount = 10m }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["contactId", "expectedCloseDate"], problem.ErrorFields());
        Assert.Equal(["expectedCloseDate", "contactId"], problem.GetProperty("missingFields").EnumerateArray().Select(x => x.GetString()!).ToArray());
        var found = await c.GetAsync($"/api/v1/deals?q={title}").Expect<Page<DealResponse>>();
        Assert.Equal(0, found.Total);
    }

    [Fact]
    public async Task Move_checks_the_target_stage_and_fills_fields_on_the_way()
    {
        var c = await app.As("manager1");
        var pipeline = await Pipeline();
        var deal = await NewDeal();
        var proposal = Stage(pipeline, "КП отправлено");

        var problem = await c.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = proposal.Id }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["amount", "expectedCloseDate"], problem.ErrorFields());
        var unchanged = await c.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
        Assert.Equal(deal.StageId, unchanged.StageId);
        Assert.Equal(deal.Version, unchanged.Version);

        var moved = await c.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = proposal.Id, amount = 990m, expectedCloseDate = "2027-01-31" })
            .Expect<DealResponse>();
        Assert.Equal(proposal.Id, moved.StageId);
        Assert.Equal(990m, moved.Amount);
        Assert.Equal(new DateOnly(2027, 1, 31), moved.ExpectedCloseDate);

        var history = await c.GetAsync($"/api/v1/deals/{deal.Id}/history").Expect<DealHistoryResponse>();
        Assert.Equal(2, history.Stages.Count);
        Assert.Equal(deal.StageId, history.Stages[1].FromStageId);
        Assert.Equal(proposal.Id, history.Stages[1].ToStageId);
        var amount = Assert.Single(history.Audit, a => a.Field == "amount");
        Assert.Equal(990m, decimal.Parse(amount.NewValue!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0m, decimal.Parse(amount.OldValue!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(app.UserIds["manager1"], amount.ChangedById);
        Assert.Null(amount.NewText);
        // The field log names the stages, next to the ids it keeps.
        var stage = Assert.Single(history.Audit, a => a.Field == "stageId");
        Assert.Equal($"{deal.StageId}", stage.OldValue);
        Assert.Equal($"{proposal.Id}", stage.NewValue);
        Assert.Equal(history.Stages[0].ToStageName, stage.OldText);
        Assert.Equal("КП отправлено", stage.NewText);
    }

    [Fact]
    public async Task Update_that_changes_the_stage_is_held_to_the_same_requirements()
    {
        var c = await app.As("manager1");
        var pipeline = await Pipeline();
        var deal = await NewDeal();
        var problem = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = deal.Version, title = deal.Title, stageId = Stage(pipeline, "КП отправлено").Id })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["amount", "expectedCloseDate"], problem.ErrorFields());

        // Clearing a required field of the stage the deal is in is refused too.
        var moved = await c.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = Stage(pipeline, "КП отправлено").Id, amount = 5m, expectedCloseDate = "2027-02-01" })
            .Expect<DealResponse>();
        problem = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = moved.Version, title = deal.Title, amount = 5m })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["expectedCloseDate"], problem.ErrorFields());
    }

    [Fact]
    public async Task An_edit_from_a_stale_copy_gets_409_and_changes_nothing()
    {
        var c = await app.As("manager1");
        var deal = await NewDeal();
        var first = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = deal.Version, title = "Первая правка" }).Expect<DealResponse>();
        Assert.Equal(deal.Version + 1, first.Version);
        var problem = await c.PutJson($"/api/v1/deals/{deal.Id}", new { version = deal.Version, title = "Вторая правка" }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(first.Version, problem.GetProperty("currentVersion").GetInt32());
        var now = await c.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
        Assert.Equal("Первая правка", now.Title);

        var missing = await c.PutJson($"/api/v1/deals/{deal.Id}", new { title = "Без версии" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["version"], missing.ErrorFields());
    }

    [Fact]
    public async Task Lost_needs_a_reason_from_the_list_and_won_closes_the_deal()
    {
        var c = await app.As("manager1");
        var deal = await NewDeal();
        var problem = await c.PostJson($"/api/v1/deals/{deal.Id}/lost", new { }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["lossReasonId"], problem.ErrorFields());
        problem = await c.PostJson($"/api/v1/deals/{deal.Id}/lost", new { lossReasonId = 999999 }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["lossReasonId"], problem.ErrorFields());

        var reasons = await c.GetAsync("/api/v1/loss-reasons").Expect<List<LossReasonResponse>>();
        var lost = await c.PostJson($"/api/v1/deals/{deal.Id}/lost", new { lossReasonId = reasons[0].Id, comment = "Дорого для них" }).Expect<DealResponse>();
        Assert.Equal(StageKind.Lost, lost.StageKind);
        Assert.NotNull(lost.ClosedAt);
        Assert.Equal(reasons[0].Name, lost.LossReason);

        var other = await NewDeal();
        var won = await c.PostAsync($"/api/v1/deals/{other.Id}/won", null).Expect<DealResponse>();
        Assert.Equal(StageKind.Won, won.StageKind);
        Assert.NotNull(won.ClosedAt);
        var list = await c.GetAsync($"/api/v1/deals?status=won&ownerId={app.UserIds["manager1"]}").Expect<Page<DealResponse>>();
        Assert.Contains(list.Items, d => d.Id == other.Id);
        Assert.DoesNotContain(list.Items, d => d.Id == deal.Id);

        // Won again (a retry, a sync): nothing changes, not even the version.
        var again = await c.PostAsync($"/api/v1/deals/{other.Id}/won", null).Expect<DealResponse>();
        Assert.Equal((won.Version, won.UpdatedAt, won.ClosedAt), (again.Version, again.UpdatedAt, again.ClosedAt));
        var history = await c.GetAsync($"/api/v1/deals/{other.Id}/history").Expect<DealHistoryResponse>();
        Assert.Single(history.Stages, h => h.ToStageId == won.StageId);
        // A query parameter the endpoint does not take is refused by name, and nothing is written.
        problem = await c.PostAsync($"/api/v1/deals/{deal.Id}/won?closedAt=2017-03-01", null).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["closedAt"], problem.ErrorFields());
        Assert.Equal(StageKind.Lost, (await c.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).StageKind);
        problem = await c.GetAsync("/api/v1/deals?ownerID=1&colour=red").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["colour"], problem.ErrorFields());
    }

    [Fact]
    public async Task Amount_follows_the_product_lines_unless_set_by_hand()
    {
        var director = await app.As("director");
        var product = await director.PostJson("/api/v1/products", new { name = $"Лицензия {Guid.NewGuid():N}", listPrice = 333.33m })
            .Expect<Voronka.Core.Features.Products.ProductResponse>(HttpStatusCode.Created);
        // 3 × 333.33 = 999.99; a second line 2 × 100 with 12.5 % off = 175.00.
        var deal = await NewDeal(body: new
        {
            title = "С позициями",
            lines = new object[] { new { productId = product.Id, quantity = 3 }, new { productId = product.Id, quantity = 2, price = 100m, discountPercent = 12.5m } },
        });
        Assert.Equal(1174.99m, deal.Amount);
        Assert.False(deal.AmountIsManual);
        Assert.Equal([999.99m, 175.00m], deal.Lines!.Select(l => l.Total).ToArray());

        var c = await app.As("manager1");
        var manual = await c.PutJson($"/api/v1/deals/{deal.Id}", new
        {
            version = deal.Version, title = deal.Title, amount = 1000m,
            lines = new object[] { new { productId = product.Id, quantity = 3 } },
        }).Expect<DealResponse>();
        Assert.Equal(1000m, manual.Amount);
        Assert.True(manual.AmountIsManual);

        var filtered = await c.GetAsync($"/api/v1/deals?productId={product.Id}").Expect<Page<DealResponse>>();
        Assert.Equal([deal.Id], filtered.Items.Select(d => d.Id).ToArray());
    }

    [Fact]
    public async Task Bad_input_gets_field_errors_and_writes_nothing()
    {
        var c = await app.As("manager1");
        var before = (await c.GetAsync("/api/v1/deals?pageSize=1").Expect<Page<DealResponse>>()).Total;

        Assert.Equal(["body"], (await c.PostRaw("/api/v1/deals", "{\"title\": ").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["amount"], (await c.PostRaw("/api/v1/deals", "{\"title\":\"x\",\"amount\":\"много\"}").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["expectedCloseDate"], (await c.PostRaw("/api/v1/deals", "{\"title\":\"x\",\"expectedCloseDate\":\"31.12.2026\"}").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["titel"], (await c.PostRaw("/api/v1/deals", "{\"titel\":\"x\"}").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["title"], (await c.PostJson("/api/v1/deals", new { title = " " }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["amount"], (await c.PostJson("/api/v1/deals", new { title = "x", amount = -1m }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["amount"], (await c.PostJson("/api/v1/deals", new { title = "x", amount = 1.005m }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["companyId", "regionId"], (await c.PostJson("/api/v1/deals", new { title = "x", companyId = 987654, regionId = 987654 }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["stageId"], (await c.PostJson("/api/v1/deals", new { title = "x", stageId = 987654 }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["currency"], (await c.PostJson("/api/v1/deals", new { title = "x", currency = "XYZ" }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["lines[0].productId"], (await c.PostJson("/api/v1/deals", new { title = "x", lines = new[] { new { productId = 987654 } } }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["body"], (await c.PostAsync("/api/v1/deals", null).Problem(HttpStatusCode.BadRequest)).ErrorFields());

        Assert.Equal(["page"], (await c.GetAsync("/api/v1/deals?page=0").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["page"], (await c.GetAsync("/api/v1/deals?page=abc").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["pageSize"], (await c.GetAsync("/api/v1/deals?pageSize=1000").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["sort"], (await c.GetAsync("/api/v1/deals?sort=secret").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["status"], (await c.GetAsync("/api/v1/deals?status=maybe").Problem(HttpStatusCode.BadRequest)).ErrorFields());

        await c.GetAsync("/api/v1/deals/987654").Problem(HttpStatusCode.NotFound);
        await c.PostJson("/api/v1/deals/987654/move", new { stageId = 1 }).Problem(HttpStatusCode.NotFound);
        Assert.Equal(before, (await c.GetAsync("/api/v1/deals?pageSize=1").Expect<Page<DealResponse>>()).Total);
    }

    [Fact]
    public async Task The_list_pages_sorts_and_filters()
    {
        var c = await app.As("manager2");
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var amount in new[] { 300m, 100m, 200m })
            await NewDeal("manager2", new { title = $"Фильтр {tag} {amount}", amount, source = "Выставка" });

        var page1 = await c.GetAsync($"/api/v1/deals?q={tag}&sort=-amount&pageSize=2").Expect<Page<DealResponse>>();
        Assert.Equal(3, page1.Total);
        Assert.Equal([300m, 200m], page1.Items.Select(d => d.Amount).ToArray());
        var page2 = await c.GetAsync($"/api/v1/deals?q={tag}&sort=-amount&pageSize=2&page=2").Expect<Page<DealResponse>>();
        Assert.Equal([100m], page2.Items.Select(d => d.Amount).ToArray());

        var ranged = await c.GetAsync($"/api/v1/deals?q={tag}&amountMin=150&amountMax=250").Expect<Page<DealResponse>>();
        Assert.Equal([200m], ranged.Items.Select(d => d.Amount).ToArray());
        var bySource = await c.GetAsync($"/api/v1/deals?q={tag}&source=Выставка&ownerId={app.UserIds["manager2"]}&teamId={app.TeamA}").Expect<Page<DealResponse>>();
        Assert.Equal(3, bySource.Total);
        var today = DateOnly.FromDateTime(app.UtcNow);
        var created = await c.GetAsync($"/api/v1/deals?q={tag}&createdFrom={today.AddDays(-1):yyyy-MM-dd}&createdTo={today.AddDays(1):yyyy-MM-dd}").Expect<Page<DealResponse>>();
        Assert.Equal(3, created.Total);
        var none = await c.GetAsync($"/api/v1/deals?q={tag}&createdTo={today.AddDays(-2):yyyy-MM-dd}").Expect<Page<DealResponse>>();
        Assert.Equal(0, none.Total);
        var caseless = await c.GetAsync($"/api/v1/deals?q=ФИЛЬТР {tag}").Expect<Page<DealResponse>>();
        Assert.Equal(3, caseless.Total);
    }

    [Fact]
    public async Task A_deleted_deal_is_gone_from_reads_and_lists()
    {
        var c = await app.As("manager1");
        var deal = await NewDeal();
        var response = await c.DeleteAsync($"/api/v1/deals/{deal.Id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await c.GetAsync($"/api/v1/deals/{deal.Id}").Problem(HttpStatusCode.NotFound);
        var list = await c.GetAsync("/api/v1/deals?sort=-id&pageSize=200").Expect<Page<DealResponse>>();
        Assert.DoesNotContain(list.Items, d => d.Id == deal.Id);
    }
}

public class DealRulesFromReviewTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_loss_reason_is_kept_only_on_a_lost_deal()
    {
        var c = await app.As("manager1");
        var reasons = await c.GetAsync("/api/v1/loss-reasons").Expect<List<LossReasonResponse>>();
        var deal = await c.PostJson("/api/v1/deals", new { title = "Не проиграна", lossReasonId = reasons[0].Id, lossComment = "лишнее" }).Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Null(deal.LossReasonId);
        Assert.Null(deal.LossComment);
    }

    [Fact]
    public async Task Moving_a_deal_to_another_company_cannot_leave_it_with_a_stranger_as_contact()
    {
        var c = await app.As("manager1");
        var a = await c.PostJson("/api/v1/companies", new { name = "ООО «А»" }).Expect<Voronka.Core.Features.Companies.CompanyResponse>(HttpStatusCode.Created);
        var b = await c.PostJson("/api/v1/companies", new { name = "ООО «Б»" }).Expect<Voronka.Core.Features.Companies.CompanyResponse>(HttpStatusCode.Created);
        var person = await c.PostJson("/api/v1/contacts", new { name = "Сотрудник А", companyId = a.Id }).Expect<Voronka.Core.Features.Contacts.ContactResponse>(HttpStatusCode.Created);
        var deal = await c.PostJson("/api/v1/deals", new { title = "Чей контакт", companyId = a.Id, contactId = person.Id }).Expect<DealResponse>(HttpStatusCode.Created);
        var problem = await c.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = deal.StageId, companyId = b.Id }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["contactId"], problem.ErrorFields());
        Assert.Equal(a.Id, (await c.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).CompanyId);
    }

    [Fact]
    public async Task Absurd_amount_filters_are_field_errors()
    {
        var c = await app.As("manager1");
        Assert.Equal(["amountMin"], (await c.GetAsync("/api/v1/deals?amountMin=1e20").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["amountMax"], (await c.GetAsync("/api/v1/deals?amountMax=-5").Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }
}
