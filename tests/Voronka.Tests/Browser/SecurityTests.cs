using Microsoft.Playwright;

namespace Voronka.Tests.Browser;

/// <summary>The app works under its Content Security Policy: every page of the director's menu opens live, and the
/// browser refuses nothing on them (nor on any page another browser test opened before).</summary>
[Collection(nameof(BrowserCollection))]
public class SecurityTests(BrowserApp app)
{
    private static readonly string[] Pages =
    [
        "/", "/dashboard", "/deals", "/companies", "/contacts", "/activities", "/tasks", "/leads", "/calls", "/reviews",
        "/reports/funnel", "/reports/activity", "/reports/bottlenecks", "/kpi", "/plans/goals", "/arsenal", "/objections",
        "/meetings", "/team/workload", "/requests", "/settings/pipelines", "/settings/team", "/profile",
    ];

    [Fact]
    public async Task Every_page_of_the_directors_menu_opens_live_with_nothing_refused_by_the_policy()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", Features.Demo.DemoApp.DemoPassword);
        foreach (var path in Pages)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response?.Ok, $"{path}: {response?.Status}");
            Assert.False(string.IsNullOrEmpty(response!.Headers.GetValueOrDefault("content-security-policy")), path);
            await Blazor.WaitForCircuitAsync(page);
            await page.Locator(".mud-main-content").First.WaitForAsync();
            await Assertions.Expect(page.GetByTestId("page-error")).ToHaveCountAsync(0);
        }
        Assert.Empty(app.CspViolations);
    }
}
