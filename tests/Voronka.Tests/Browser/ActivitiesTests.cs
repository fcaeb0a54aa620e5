using Microsoft.Playwright;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Browser;

/// <summary>The list of calls, meetings, proposals and presales.</summary>
[Collection(nameof(BrowserCollection))]
public class ActivitiesTests(BrowserApp app)
{
    [Fact]
    public async Task The_list_opens_with_the_count_of_everything_found_not_of_the_page()
    {
        var all = await (await app.Demo("director")).GetAsync("/api/v1/activities?pageSize=1").Expect<Page<ActivityResponse>>();
        Assert.True(all.Total > 50, $"the demo company has {all.Total} activities");
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/activities");
        await Assertions.Expect(page.GetByTestId("activities-grid").Locator("tbody tr")).ToHaveCountAsync(50);
        await Assertions.Expect(page.GetByTestId("activities-total")).ToHaveTextAsync(Shown.Found(all.Total));
    }
}
