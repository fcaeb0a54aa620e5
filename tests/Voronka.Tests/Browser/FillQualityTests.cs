using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.FillQuality;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class FillQualityTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_sees_who_keeps_the_worst_data_and_what_they_must_fix()
    {
        var director = await app.ActorAsync("director");
        var fill = app.Services.GetRequiredService<FillQualityService>();
        var report = await fill.ReportAsync(director, null, null, null, CancellationToken.None);
        var lowest = report.People.Single(p => p.UserId == report.LowestUserId);
        var toFix = await fill.ToFixAsync(director, lowest.UserId, 200, CancellationToken.None);
        var other = report.People.Last(p => p.Score is not null && p.UserId != lowest.UserId);
        var otherFix = await fill.ToFixAsync(director, other.UserId, 200, CancellationToken.None);
        Assert.True(toFix.Total > 0);

        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GetByTestId("nav-reports").ClickAsync();
        await page.GetByTestId("nav-fill-quality").ClickAsync();
        await Blazor.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("fill-lowest")).ToContainTextAsync($"Ниже всех: {lowest.Name}, {lowest.Score} %");
        await Assertions.Expect(page.GetByTestId("fill-row").First.GetByTestId("fill-score")).ToHaveTextAsync($"{lowest.Score} %");
        var list = page.GetByTestId("fill-fix");
        await Assertions.Expect(list).ToContainTextAsync($"Исправить — {lowest.Name}: {toFix.Total}");
        await Assertions.Expect(list.GetByTestId("fill-fix-deal")).ToHaveCountAsync(Math.Min(200, toFix.Total));
        await Assertions.Expect(list.GetByTestId("fill-fix-deal").First).ToContainTextAsync(toFix.Deals[0].Title);

        await page.GetByTestId("fill-row").Filter(new() { Has = page.GetByText(other.Name, new() { Exact = true }) })
            .GetByTestId("fill-open").ClickAsync();
        await Assertions.Expect(list).ToContainTextAsync($"Исправить — {other.Name}: {otherFix.Total}");
    }
}
