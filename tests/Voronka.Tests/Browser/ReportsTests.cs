using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The director's day-one picture and the reports behind it, in the browser.</summary>
[Collection(nameof(BrowserCollection))]
public class ReportsTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_opens_the_dashboard_the_funnel_and_the_bottlenecks()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GetByTestId("nav-dashboard").ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.GetByTestId("dashboard-goal-Month")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("dashboard-hot-leads").Locator("tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByTestId("dashboard-sales").Locator("tr")).ToHaveCountAsync(12);
        await Assertions.Expect(page.GetByTestId("dashboard-attention")).ToContainTextAsync("Просроченных задач");

        await page.GotoAsync("/reports/funnel");
        await Assertions.Expect(page.GetByTestId("funnel-table").Locator("tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(page.GetByTestId("funnel-chart")).ToContainTextAsync("КП отправлено");

        await page.GotoAsync("/reports/bottlenecks");
        var weak = page.GetByTestId("bottlenecks-weak");
        await Assertions.Expect(weak).ToContainTextAsync("Светлана Егорова");
        await Assertions.Expect(weak).ToContainTextAsync("КП отправлено");
        await Assertions.Expect(page.GetByTestId("bottlenecks-slow")).ToContainTextAsync("Кирилл Андреев");

        await page.GotoAsync("/reports/activity");
        await Assertions.Expect(page.GetByTestId("activity-table").Locator("tbody tr")).ToHaveCountAsync(13);

        // The average deal, by manager: a row per seller with won deals (other tests in this collection add some), then the total.
        await page.GotoAsync("/reports/average-deal");
        var rows = page.GetByTestId("average-table").Locator("tbody tr");
        await Assertions.Expect(rows.Last).ToContainTextAsync("Итого");
        Assert.InRange(await rows.CountAsync(), 11, 14);
    }
}
