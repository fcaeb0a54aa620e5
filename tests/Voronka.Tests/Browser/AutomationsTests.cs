using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Automations;
using Voronka.Core.Features.Deals;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class AutomationsTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_sets_an_automation_and_a_drag_on_the_board_sets_its_task_once_shown_on_the_deal()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Встреча после квалификации {suffix}";
        var taskTitle = $"Договориться о встрече {suffix}";
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/automations");
        await page.GetByTestId("automation-form").WaitForAsync();
        await Blazor.WaitForCircuitAsync(page);
        await page.GetByTestId("automation-stage").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Квалификация" }).First.ClickAsync();
        await page.GetByTestId("automation-name").FillAsync(name);
        await page.GetByTestId("automation-text").FillAsync(taskTitle);
        await page.GetByTestId("automation-due").FillAsync("2");
        await page.GetByTestId("automation-save").ClickAsync();
        var row = page.GetByTestId("automations").Locator("tr").Filter(new() { HasText = name });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("При входе в этап");
        await Assertions.Expect(row).ToContainTextAsync(taskTitle);

        try
        {
            var manager1 = await app.ActorAsync("manager1");
            var deal = await app.Services.GetRequiredService<DealsService>().CreateAsync(manager1,
                new CreateDealRequest($"Автоматизация {suffix}"), CancellationToken.None);
            var seller = await app.NewPageAsync();
            var board = await new LoginPage(seller).SignInAsync("manager1", DemoApp.DemoPassword);
            await board.WaitAsync();
            await board.DragAsync(deal.Id, "Квалификация");
            await Assertions.Expect(board.Column("Квалификация").Locator($"[data-deal=\"{deal.Id}\"]")).ToHaveCountAsync(1);

            await seller.GotoAsync($"/deals/{deal.Id}");
            var card = new DealPage(seller);
            await card.WaitAsync();
            await Assertions.Expect(seller.GetByTestId("feed-automation")).ToContainTextAsync(name);
            await Assertions.Expect(seller.GetByTestId("feed-automation")).ToContainTextAsync(taskTitle);
            await Assertions.Expect(seller.GetByTestId("task-item").Filter(new() { HasText = taskTitle })).ToHaveCountAsync(1);
            var runs = await app.Db(db => db.Set<AutomationRun>().Where(r => r.DealId == deal.Id).ToListAsync());
            Assert.Equal(AutomationRunState.Done, Assert.Single(runs).State);
        }
        finally
        {
            await page.GotoAsync("/settings/automations");
            await Blazor.WaitForCircuitAsync(page);
            await row.GetByTestId("automation-delete").ClickAsync();
            await Assertions.Expect(row).ToHaveCountAsync(0);
        }
    }
}
