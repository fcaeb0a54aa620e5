using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The dashboard's charts, drawn in the browser.</summary>
[Collection(nameof(BrowserCollection))]
public class DashboardChartsBrowserTests(BrowserApp app)
{
    [Fact]
    public async Task The_dashboard_draws_a_chart_for_each_picture_and_switches_the_plan_period()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/dashboard");
        string[] charts = ["chart-pace-Month", "chart-pace-Quarter", "chart-plan-fact", "chart-forecast", "chart-funnel", "chart-activity"];
        foreach (var chart in charts)
            await Assertions.Expect(page.GetByTestId(chart).Locator("svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("chart-funnel")).ToContainTextAsync("КП отправлено");
        await Assertions.Expect(page.GetByTestId("chart-activity")).ToContainTextAsync("Звонки");

        // The plan against fact per manager follows the period switch.
        var planFact = page.GetByTestId("chart-plan-fact");
        await page.GetByTestId("chart-plan-fact-period").GetByText("Квартал").ClickAsync();
        await Assertions.Expect(planFact).ToContainTextAsync("по менеджерам: " + (app.Today.Month + 2) / 3 + " кв.");
        await page.GetByTestId("chart-plan-fact-period").GetByText("Год").ClickAsync();
        await Assertions.Expect(planFact).ToContainTextAsync($"по менеджерам: {app.Today.Year}");
        await Assertions.Expect(planFact.Locator("svg").First).ToBeVisibleAsync();
    }
}
