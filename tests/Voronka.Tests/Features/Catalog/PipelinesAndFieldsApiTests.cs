using System.Net;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Catalog;

public class PipelinesAndFieldsApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static object Stages(string[] required, params object[] extra) => new object[]
    {
        new { name = "Первичный контакт", probability = 10 },
        new { name = "Договор", requiredFields = required },
        new { name = "Оплачено", kind = "Won" },
        new { name = "Отказ", kind = "Lost" },
    }.Concat(extra).ToArray();

    [Fact]
    public async Task A_custom_field_required_by_a_stage_is_enforced_on_create_update_and_move()
    {
        var d = await app.As("director");
        var field = await d.PostJson("/api/v1/custom-fields", new { entity = "Deal", key = "contract_no", name = "Номер договора", type = "Text" })
            .Expect<CustomFieldResponse>(HttpStatusCode.Created);
        var pipeline = await d.PostJson("/api/v1/pipelines", new { name = "Тендеры", stages = Stages(["amount", "custom.contract_no"]) }).Expect<PipelineResponse>(HttpStatusCode.Created);
        var contract = pipeline.Stages.Single(s => s.Name == "Договор");
        Assert.Equal(["amount", "custom.contract_no"], contract.RequiredFields);
        Assert.Equal(100, pipeline.Stages.Single(s => s.Kind == StageKind.Won).Probability);

        var m = await app.As("manager1");
        var create = await m.PostJson("/api/v1/deals", new { title = "Тендер", stageId = contract.Id, amount = 10m }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["custom.contract_no"], create.ErrorFields());

        var deal = await m.PostJson("/api/v1/deals", new { title = "Тендер", pipelineId = pipeline.Id }).Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Equal(pipeline.Stages[0].Id, deal.StageId);
        var put = await m.PutJson($"/api/v1/deals/{deal.Id}", new { version = deal.Version, title = "Тендер", stageId = contract.Id, amount = 10m }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["custom.contract_no"], put.ErrorFields());
        var wrongType = await m.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = contract.Id, amount = 10m, customFields = new { contract_no = 42 } }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["customFields.contract_no"], wrongType.ErrorFields());
        var moved = await m.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = contract.Id, amount = 10m, customFields = new { contract_no = "Д-17/2026" } })
            .Expect<DealResponse>();
        Assert.Equal(contract.Id, moved.StageId);
        Assert.Equal("Д-17/2026", moved.CustomFields["contract_no"]!.ToString());

        // The field cannot be switched off or deleted while a stage requires it.
        var off = await d.PutJson($"/api/v1/custom-fields/{field.Id}", new { name = "Номер договора", isActive = false }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["isActive"], off.ErrorFields());
        await d.DeleteAsync($"/api/v1/custom-fields/{field.Id}").Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_pipeline_must_be_a_whole_process()
    {
        var d = await app.As("director");
        var p = await d.PostJson("/api/v1/pipelines", new { name = "Пустая", stages = Array.Empty<object>() }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["stages"], p.ErrorFields());
        p = await d.PostJson("/api/v1/pipelines", new
        {
            name = "Кривая",
            stages = new object[]
            {
                new { name = "Один", probability = 120, rottingDays = 0, requiredFields = new[] { "budget" } },
                new { name = "один", kind = "Won" },
            },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["stages", "stages[0].probability", "stages[0].requiredFields", "stages[0].rottingDays", "stages[1].name"], p.ErrorFields());
    }

    [Fact]
    public async Task Stages_are_reordered_renamed_added_and_only_unused_ones_removed()
    {
        var d = await app.As("director");
        var pipeline = await d.PostJson("/api/v1/pipelines", new { name = "Правки", stages = Stages(["amount"], new { name = "Лишняя" }) }).Expect<PipelineResponse>(HttpStatusCode.Created);
        var s = pipeline.Stages;
        var deal = await (await app.As("manager1")).PostJson("/api/v1/deals", new { title = "Держит этап", pipelineId = pipeline.Id }).Expect<DealResponse>(HttpStatusCode.Created);

        var edited = await d.PutJson($"/api/v1/pipelines/{pipeline.Id}", new
        {
            name = "Правки",
            stages = new object[]
            {
                new { id = s[0].Id, name = "Знакомство", rottingDays = 5 },
                new { name = "Демо" },
                new { id = s[1].Id, name = "Договор", requiredFields = new[] { "amount" } },
                new { id = s[2].Id, name = "Оплачено", kind = "Won" },
                new { id = s[3].Id, name = "Отказ", kind = "Lost" },
            },
        }).Expect<PipelineResponse>();
        Assert.Equal(["Знакомство", "Демо", "Договор", "Оплачено", "Отказ"], edited.Stages.Select(x => x.Name).ToArray());
        Assert.Equal(s[0].Id, edited.Stages[0].Id);

        var removeUsed = await d.PutJson($"/api/v1/pipelines/{pipeline.Id}", new
        {
            name = "Правки",
            stages = new object[] { new { name = "Новая" }, new { id = s[2].Id, name = "Оплачено", kind = "Won" }, new { id = s[3].Id, name = "Отказ", kind = "Lost" } },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["stages"], removeUsed.ErrorFields());
        Assert.Equal(deal.StageId, (await d.GetAsync($"/api/v1/pipelines/{pipeline.Id}").Expect<PipelineResponse>()).Stages[0].Id);
        await d.DeleteAsync($"/api/v1/pipelines/{pipeline.Id}").Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Custom_field_definitions_are_validated()
    {
        var d = await app.As("director");
        var p = await d.PostJson("/api/v1/custom-fields", new { entity = "Deal", key = "Bad Key", name = "", type = "Select" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["key", "name", "options"], p.ErrorFields());
        var select = await d.PostJson("/api/v1/custom-fields", new { entity = "Company", key = "segment", name = "Сегмент", type = "Select", options = new[] { "SMB", "Enterprise" } })
            .Expect<CustomFieldResponse>(HttpStatusCode.Created);
        var dup = await d.PostJson("/api/v1/custom-fields", new { entity = "Company", key = "segment", name = "Ещё", type = "Text" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["key"], dup.ErrorFields());
        var retype = await d.PutJson($"/api/v1/custom-fields/{select.Id}", new { name = "Сегмент", type = "Text" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["options", "type"], retype.ErrorFields());
        var bad = await (await app.As("manager1")).PostJson("/api/v1/companies", new { name = "С сегментом", customFields = new { segment = "Mid" } }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["customFields.segment"], bad.ErrorFields());
        var good = await (await app.As("manager1")).PostJson("/api/v1/companies", new { name = "С сегментом", customFields = new { segment = "SMB" } })
            .Expect<Voronka.Core.Features.Companies.CompanyResponse>(HttpStatusCode.Created);
        Assert.Equal("SMB", good.CustomFields["segment"]!.ToString());
    }

    [Fact]
    public async Task Products_in_use_are_archived_not_deleted()
    {
        var d = await app.As("director");
        var product = await d.PostJson("/api/v1/products", new { name = "Архивный товар", category = "Разное", listPrice = 100m })
            .Expect<Voronka.Core.Features.Products.ProductResponse>(HttpStatusCode.Created);
        await (await app.As("manager1")).PostJson("/api/v1/deals", new { title = "С товаром", lines = new[] { new { productId = product.Id } } })
            .Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await d.DeleteAsync($"/api/v1/products/{product.Id}")).StatusCode);
        Assert.True((await d.GetAsync($"/api/v1/products/{product.Id}").Expect<Voronka.Core.Features.Products.ProductResponse>()).IsArchived);
        var newLine = await (await app.As("manager1")).PostJson("/api/v1/deals", new { title = "Архивный", lines = new[] { new { productId = product.Id } } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["lines[0].productId"], newLine.ErrorFields());
        var p = await d.PostJson("/api/v1/products", new { name = "Без цены" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["listPrice"], p.ErrorFields());
    }
}
