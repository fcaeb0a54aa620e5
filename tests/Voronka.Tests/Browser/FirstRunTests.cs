using Microsoft.Playwright;

namespace Voronka.Tests.Browser;

[CollectionDefinition(nameof(FirstRunCollection), DisableParallelization = true)]
public class FirstRunCollection : ICollectionFixture<EmptyBrowserApp>;

[Collection(nameof(FirstRunCollection))]
public class FirstRunTests(EmptyBrowserApp app)
{
    [Fact]
    public async Task The_first_visitor_creates_the_director_and_lands_in_the_settings_then_the_door_closes()
    {
        var page = await app.NewPageAsync("en-US");
        // The first page of a fresh server compiles the app's pages: on a busy machine that may take longer than a click.
        await page.GotoAsync("/", new() { Timeout = 90_000 });
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/setup"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("First run");

        await page.Locator("input[name='Input.Organisation']").FillAsync("ООО «Первая»");
        await page.Locator("input[name='Input.FullName']").FillAsync("Ольга Первая");
        await page.Locator("input[name='Input.Login']").FillAsync("olga");
        await page.Locator("input[name='Input.Password']").FillAsync("short");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".account-error")).ToContainTextAsync("Password");

        await page.Locator("input[name='Input.Password']").FillAsync("first-password-1");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/settings"), new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("stages-table")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Once there is a director, setup sends everyone to sign in.
        var stranger = await app.NewPageAsync("en-US");
        await stranger.GotoAsync("/setup");
        await stranger.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }
}
