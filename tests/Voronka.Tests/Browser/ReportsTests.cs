using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The director's day-one picture and the reports behind it, in the browser.</summary>
[Collection(nameof(BrowserCollection))]
public class ReportsTests(BrowserApp app)
{
    [Theory]
    [InlineData("director", 3 + 1 + 15 + 12 + 3)]
    [InlineData("senior1", 0)]
    [InlineData("manager1", 0)]
    public async Task Every_dashboard_counter_opens_a_list_of_that_many_rows(string login, int counters)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync(login, DemoApp.DemoPassword);
        await page.GotoAsync("/dashboard");
        var found = page.Locator("[data-testid=counter][data-count]");
        await Assertions.Expect(page.GetByTestId("dashboard-attention").GetByTestId("counter")).ToHaveCountAsync(3);
        var links = new List<(string Href, string Count, string Text)>();
        for (var i = 0; i < await found.CountAsync(); i++)
            links.Add((await found.Nth(i).GetAttributeAsync("href") ?? "", await found.Nth(i).GetAttributeAsync("data-count") ?? "",
                (await found.Nth(i).TextContentAsync() ?? "").Trim()));
        // The director's: three goals, the funnel, 3 × 5 activity counts, twelve sellers, three attention counters.
        Assert.Equal(counters == 0 ? links.Count : counters, links.Count);
        Assert.Contains(links, l => l.Count != "0");
        // Each counter clicked in turn (those that open the same list, once).
        var chosen = links.DistinctBy(l => l.Href).ToList();
        foreach (var (href, count, text) in chosen)
        {
            if (!page.Url.EndsWith("/dashboard", StringComparison.Ordinal)) await page.GoBackAsync();
            await page.Locator($"[data-testid=counter][href='{href}']").First.ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith(href, StringComparison.Ordinal));
            if (href.StartsWith("/tasks", StringComparison.Ordinal))
                await Assertions.Expect(page.GetByTestId("task-item")).ToHaveCountAsync(int.Parse(count));
            else if (href.StartsWith("/deals", StringComparison.Ordinal))
            {
                await Assertions.Expect(page.GetByTestId("deals-total")).ToHaveTextAsync(Shown.Found(count!));
                // A sum on the dashboard opens deals worth that sum.
                if (count != "0" && text.Contains('₽', StringComparison.Ordinal))
                    await Assertions.Expect(page.GetByTestId("deals-amount")).ToContainTextAsync(text);
            }
            else
                await Assertions.Expect(page.GetByTestId("activities-total")).ToHaveTextAsync(Shown.Found(count!));
        }
    }

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
        // The weak seller opens that seller's funnel; a stage of it opens its deals.
        await weak.GetByTestId("bottleneck-owner").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/reports/funnel\\?.*ownerId=\\d+"));
        var stageDeals = page.GetByTestId("funnel-stage-deals").First;
        await Assertions.Expect(stageDeals).ToBeVisibleAsync();
        var count = await stageDeals.TextContentAsync();
        await stageDeals.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/deals\\?reachedStageId="));
        await Assertions.Expect(page.GetByTestId("deals-total")).ToHaveTextAsync(Shown.Found(count!));

        await page.GotoAsync("/reports/activity");
        await Assertions.Expect(page.GetByTestId("activity-table").Locator("tbody tr")).ToHaveCountAsync(13);

        // The average deal, by manager: a row per seller with won deals (other tests in this collection add some), then the total.
        await page.GotoAsync("/reports/average-deal");
        var rows = page.GetByTestId("average-table").Locator("tbody tr");
        await Assertions.Expect(rows.Last).ToContainTextAsync("Итого");
        Assert.InRange(await rows.CountAsync(), 11, 14);
    }
}
