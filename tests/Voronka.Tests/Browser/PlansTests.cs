using Microsoft.Playwright;
using Voronka.Core.Common;
using Voronka.Core.Features.Plans;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The director sets next month's target once and accepts the proposed split; the KPI board shows every
/// manager's plan, and a manager opens "My plan" to see what it takes per day.</summary>
[Collection(nameof(BrowserCollection))]
public class PlansTests(BrowserApp app)
{
    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
    }

    [Fact]
    public async Task Next_months_target_is_split_among_managers_and_each_sees_the_calls_a_day_it_takes()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GetByTestId("nav-goals").ClickAsync();
        await page.WaitForURLAsync("**/plans/goals");
        await page.GetByTestId("goal-new").ClickAsync();
        var dialog = page.GetByTestId("goal-dialog");
        await dialog.WaitForAsync();
        var month = Period.Containing(PeriodKind.Month, Period.Containing(PeriodKind.Month, app.Today).End.AddDays(1));
        // The dialog opens on next month: the target is all the director types.
        await page.GetByTestId("goal-target-input").FillAsync("12000000");
        await page.GetByTestId("goal-save").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        // The organisation's goal, split among managers by their share of past sales.
        // The demo has this year's, quarter's and month's goals too: the row is the one of next month.
        var nextMonthName = new System.Globalization.CultureInfo("ru-RU").DateTimeFormat.GetMonthName(month.Start.Month);
        var row = page.Locator("[data-testid^=goal-]").Filter(new() { HasText = "Организация" })
            .Filter(new() { HasText = $"{nextMonthName} {month.Start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)}" });
        await row.First.GetByTestId("goal-split").ClickAsync();
        var split = page.GetByTestId("split-dialog");
        await split.WaitForAsync();
        await Assertions.Expect(page.GetByTestId("split-gap")).ToContainTextAsync("сходится");
        // Round thousands by default, the digits grouped as Russian writes them.
        await Assertions.Expect(page.GetByTestId("split-target-0"))
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,3}(\s\d{3})*\s000$"));
        await page.GetByTestId("split-save").ClickAsync();
        await Assertions.Expect(split).ToBeHiddenAsync();
        await Assertions.Expect(row.First.GetByTestId("goal-split-Managers")).ToContainTextAsync("сходится");

        // The KPI board of that month: every manager has a revenue plan.
        await page.GetByTestId("nav-kpi").ClickAsync();
        await page.WaitForURLAsync("**/kpi");
        var board = page.GetByTestId("kpi-board");
        await board.WaitForAsync();
        await page.GetByTestId("period-next").ClickAsync();
        var monthName = new System.Globalization.CultureInfo("ru-RU").DateTimeFormat.GetMonthName(month.Start.Month);
        await Assertions.Expect(page.GetByTestId("period-label")).ToContainTextAsync(monthName, new() { IgnoreCase = true });
        await page.GetByTestId("kpi-fill").ClickAsync();
        await Assertions.Expect(board.Locator("[data-testid^=kpi-row-]")).ToHaveCountAsync(12);
        foreach (var cell in await board.Locator("[data-testid^=kpi-row-] [data-testid=kpi-cell-Revenue]").AllAsync())
            await Assertions.Expect(cell).ToContainTextAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Только незаданные" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-overlay-scrim")).ToHaveCountAsync(0);
        // The month has not begun: nothing is due yet, so no pace chip is red; each says so, and its tooltip why.
        await Assertions.Expect(board.GetByTestId("kpi-pace")).ToHaveCountAsync(0);
        var noPace = board.GetByTestId("kpi-pace-none");
        await Assertions.Expect(noPace.First).ToHaveTextAsync("темпа пока нет");
        await noPace.First.HoverAsync();
        await Assertions.Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "ещё ничего не нужно" })).ToBeVisibleAsync();

        // A manager's own plan: calls per working day first.
        var manager = await app.NewPageAsync();
        await new LoginPage(manager).SignInAsync("manager3", DemoApp.DemoPassword);
        await manager.GetByTestId("nav-my-plan").ClickAsync();
        await manager.WaitForURLAsync("**/plans/my");
        // This month comes with the demo's goals.
        await manager.GetByTestId("plan-target").WaitForAsync();
        await Assertions.Expect(manager.GetByTestId("plan-no-goal")).ToHaveCountAsync(0);
        await manager.GetByTestId("period-next").ClickAsync();
        await Assertions.Expect(manager.GetByTestId("period-label")).ToContainTextAsync(monthName, new() { IgnoreCase = true });
        var calls = manager.GetByTestId("today-Call").GetByTestId("today-need");
        // Whole calls a day, rounded up; the exact figure is in the tooltip.
        await Assertions.Expect(calls).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await calls.HoverAsync();
        await Assertions.Expect(manager.Locator(".mud-tooltip").Filter(new() { HasText = "раб. дн.: точно" })).ToBeVisibleAsync();
        // Rates under one a day read per week or by the period's end, never as "1 a day".
        await Assertions.Expect(manager.GetByTestId("today-Call").GetByTestId("today-unit")).ToContainTextAsync("в день");
        await Assertions.Expect(manager.GetByTestId("plan-stages").Locator("tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(manager.GetByTestId("plan-target")).Not.ToHaveTextAsync("0 ₽");
        // Managers have no goals tree and no board of others.
        await Assertions.Expect(manager.GetByTestId("nav-goals")).ToHaveCountAsync(0);
        await Assertions.Expect(manager.GetByTestId("nav-kpi")).ToHaveCountAsync(0);
    }
}
