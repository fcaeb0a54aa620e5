using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class PhoneTests(BrowserApp app)
{
    [Fact]
    public async Task On_a_phone_sized_screen_the_board_and_the_card_fit_the_width()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ru-RU", BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var board = await new LoginPage(page).SignInAsync("manager5", DemoApp.DemoPassword);
        // The page itself does not scroll sideways: only the board's columns do.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));
        var column = await board.Column("Новый лид").BoundingBoxAsync();
        Assert.NotNull(column);
        Assert.InRange(column!.Width, 250, 390);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "voronka-phone-board.png") });

        var first = await page.GetByTestId("deal-card").First.GetAttributeAsync("data-deal");
        await page.GotoAsync($"/deals/{first}");
        await page.GetByTestId("deal-title").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "voronka-phone-deal.png") });
        await context.CloseAsync();
    }
}
