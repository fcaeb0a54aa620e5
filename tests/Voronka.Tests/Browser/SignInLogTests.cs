using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The director reads who tried to sign in: a wrong password typed for a manager is there, with the login as
/// typed, the person it named and the door, and the outcome filter keeps it.</summary>
[Collection(nameof(BrowserCollection))]
public class SignInLogTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_sees_a_failed_sign_in_with_the_person_it_named_and_filters_by_the_outcome()
    {
        var stranger = await app.NewPageAsync();
        await stranger.GotoAsync("/login");
        await stranger.GetByTestId("login").FillAsync("manager2");
        await stranger.GetByTestId("password").FillAsync("not-the-password");
        await stranger.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(stranger).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));

        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/sign-ins");
        var grid = page.GetByTestId("sign-ins-grid");
        var failed = grid.Locator("tr", new() { HasText = "Неверный пароль" }).Filter(new() { HasText = "manager2" });
        await Assertions.Expect(failed.First).ToContainTextAsync("Страница входа");
        await Assertions.Expect(grid.Locator("tr", new() { HasText = "Вошёл" }).Filter(new() { HasText = "director" }).First)
            .ToBeVisibleAsync();

        await page.GetByTestId("sign-ins-outcome").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Неверный пароль" }).ClickAsync();
        await Assertions.Expect(grid.Locator("tr", new() { HasText = "Вошёл" })).ToHaveCountAsync(0);
        await Assertions.Expect(failed.First).ToBeVisibleAsync();
    }
}
