using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class ArsenalTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_adds_a_script_and_a_template_for_a_stage_and_the_manager_makes_the_proposal_the_client_opens()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var director = await app.NewPageAsync();
        await new LoginPage(director).SignInAsync("director", DemoApp.DemoPassword);
        await director.GotoAsync("/arsenal");
        await Blazor.WaitForCircuitAsync(director);

        await director.GetByTestId("arsenal-add").ClickAsync();
        var edit = director.GetByTestId("arsenal-edit");
        await director.GetByTestId("arsenal-edit-title").FillAsync($"Звонок после КП {suffix}");
        await director.GetByTestId("arsenal-edit-body").FillAsync("Напомните **выгоду** <script>alert(1)</script>");
        await ChooseStageAsync(director, "КП отправлено");
        await director.GetByTestId("arsenal-edit-save").ClickAsync();
        await Assertions.Expect(edit).ToHaveCountAsync(0);

        await director.GetByTestId("arsenal-add").ClickAsync();
        await director.GetByTestId("arsenal-edit-kind").ClickAsync();
        await director.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Шаблон КП" }).First.ClickAsync();
        await director.GetByTestId("arsenal-edit-title").FillAsync($"КП {suffix}");
        await ChooseStageAsync(director, "КП отправлено");
        var template = Docs.Docx("Предложение для {{company.name}}", "Менеджер: {{manager.name}}");
        await Blazor.UploadAsync(director, new FilePayload
        {
            Name = "kp.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Buffer = template,
        }, edit);
        await director.GetByTestId("arsenal-edit-save").ClickAsync();
        await Assertions.Expect(edit).ToHaveCountAsync(0);
        await director.GetByTestId("arsenal-search").FillAsync(suffix);
        await Assertions.Expect(director.GetByTestId("arsenal-item")).ToHaveCountAsync(2);

        // A deal at that stage shows both on its card; the manager makes the proposal from the template.
        var manager1 = await app.ActorAsync("manager1");
        var stages = (await app.Services.GetRequiredService<PipelinesService>().ListAsync(manager1)).Single(p => p.IsDefault).Stages;
        var deal = await app.Services.GetRequiredService<DealsService>().CreateAsync(manager1,
            new CreateDealRequest($"Станки {suffix}",
            StageId: stages.Single(s => s.Name == "КП отправлено").Id, Amount: 500_000,
            ExpectedCloseDate: DateOnly.FromDateTime(app.UtcNow).AddDays(30)), CancellationToken.None);
        var seller = await app.NewPageAsync();
        await new LoginPage(seller).SignInAsync("manager1", DemoApp.DemoPassword);
        await seller.GotoAsync($"/deals/{deal.Id}");
        await new DealPage(seller).WaitAsync();
        var materials = seller.GetByTestId("deal-arsenal-item");
        await Assertions.Expect(materials.Filter(new() { HasText = $"Звонок после КП {suffix}" })).ToHaveCountAsync(1);
        await materials.Filter(new() { HasText = $"Звонок после КП {suffix}" }).ClickAsync();
        await Assertions.Expect(seller.GetByTestId("arsenal-view-body").Locator("strong")).ToHaveTextAsync("выгоду");
        await Assertions.Expect(seller.GetByTestId("arsenal-view-body").Locator("script")).ToHaveCountAsync(0);
        await seller.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).Last.ClickAsync();
        await materials.Filter(new() { HasText = "Шаблон КП" }).Filter(new() { HasText = suffix }).ClickAsync();
        await seller.GetByTestId("proposal-make").ClickAsync();
        var proposal = seller.GetByTestId("deal-proposal");
        await Assertions.Expect(proposal).ToContainTextAsync("клиент ещё не открывал");
        await Assertions.Expect(seller.GetByTestId("feed-item").Filter(new() { HasText = $"КП {suffix}" }).First).ToBeVisibleAsync();

        // The client opens the link (no account); the card says so.
        var link = await seller.GetByTestId("deal-proposal-link").InputValueAsync();
        var client = await app.NewPageAsync();
        await client.GotoAsync(link);
        await Assertions.Expect(client.Locator("h1")).ToContainTextAsync("Коммерческое предложение");
        await seller.ReloadAsync();
        await new DealPage(seller).WaitAsync();
        await Assertions.Expect(seller.GetByTestId("deal-proposal-opened")).ToContainTextAsync("открытий клиентом: 1");
    }

    [Fact]
    public async Task A_manager_tags_the_objection_heard_on_a_call_from_the_timeline()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var director = await app.ActorAsync("director");
        var objection = await app.Services.GetRequiredService<ObjectionsService>().CreateAsync(director,
            new ObjectionRequest("objection", $"Дорого {suffix}", "Сравните с ценой простоя"),
                CancellationToken.None);
        var manager1 = await app.ActorAsync("manager1");
        var deal = await app.Services.GetRequiredService<DealsService>().CreateAsync(manager1, new CreateDealRequest($"Торг {suffix}"),
            CancellationToken.None);
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("manager1", DemoApp.DemoPassword);
        await page.GotoAsync($"/deals/{deal.Id}");
        var card = new DealPage(page);
        await card.WaitAsync();
        await card.LogCallAsync("Клиент считает, что дорого", 4);
        await page.GetByTestId("objection-tag-open").First.ClickAsync();
        await page.GetByTestId("objection-tag-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = objection.Text }).First.ClickAsync();
        await page.GetByTestId("objection-tag-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("objection-tag")).ToHaveTextAsync(objection.Text);
        var tags = await app.Db(db => Task.FromResult(db.Set<ObjectionTag>().Count(t => t.ObjectionId == objection.Id)));
        Assert.Equal(1, tags);
    }

    private static async Task ChooseStageAsync(IPage page, string stage)
    {
        await page.GetByTestId("arsenal-edit-stages").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = stage }).First.ClickAsync();
        // A click beside the list closes it; the dialog stays.
        await page.GetByTestId("arsenal-edit-title").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
