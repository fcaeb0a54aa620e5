using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class WorkloadTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_sees_a_manager_s_overdue_tasks_and_reassigns_two_to_the_senior()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (manager1, managerName) = await app.PersonAsync("manager1");
        var (manager2, peerName) = await app.PersonAsync("manager2");
        var deal = await app.Services.GetRequiredService<DealsService>().CreateAsync(manager1,
            new CreateDealRequest($"Просрочки {suffix}"), CancellationToken.None);
        var tasks = app.Services.GetRequiredService<TasksService>();
        var titles = new[] { $"Перезвонить {suffix}", $"Отправить КП {suffix}" };
        foreach (var title in titles)
            await tasks.CreateAsync(manager1, new TaskRequest(deal.Id, TaskKind.Call, app.Clock.GetUtcNow().AddHours(-3), title));
        var overdue = (await tasks.ListAsync(manager1, new TaskQuery { AssigneeId = manager1.UserId, Status = "overdue", PageSize = 1 }))
            .Total;

        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/team/workload");
        await Blazor.WaitForCircuitAsync(page);
        var row = page.GetByTestId("workload").Locator("tr").Filter(new() { Has = page.GetByText(managerName, new() { Exact = true }) });
        await Assertions.Expect(row.GetByTestId("workload-overdue")).ToHaveTextAsync(overdue.ToString());
        await row.GetByTestId("workload-open").ClickAsync();
        var list = page.GetByTestId("workload-tasks");
        foreach (var title in titles)
            await list.Locator("tr").Filter(new() { HasText = title }).Locator(".mud-checkbox").ClickAsync();
        await Assertions.Expect(list).ToContainTextAsync("Выбрано: 2");
        await page.GetByTestId("workload-to").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = peerName }).First.ClickAsync();
        // A colleague cannot open another's deal: the tasks go with their deal, or not at all.
        await page.GetByTestId("workload-reassign").ClickAsync();
        await Assertions.Expect(page.GetByText("или передайте и сделку")).ToBeVisibleAsync();
        await page.GetByTestId("workload-with-deals").ClickAsync();
        await page.GetByTestId("workload-reassign").ClickAsync();
        await Assertions.Expect(page.GetByText("Изменено задач: 2")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("workload-overdue")).ToHaveTextAsync((overdue - 2).ToString());
        foreach (var title in titles)
            await Assertions.Expect(list.Locator("tr").Filter(new() { HasText = title })).ToHaveCountAsync(0);

        var moved = await tasks.ListAsync(manager2, new TaskQuery { DealId = deal.Id, PageSize = 10 });
        Assert.Equal(titles.Order(), moved.Items.Where(t => t.AssigneeId == manager2.UserId).Select(t => t.Title).Order());
        Assert.Equal(manager2.UserId, (await app.Services.GetRequiredService<DealsService>().GetAsync(manager2, deal.Id)).OwnerId);
    }
}
