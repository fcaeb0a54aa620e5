using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Common;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class DirectorSetupTests(BrowserApp app)
{
    private async Task<Actor> DirectorAsync()
    {
        var users = await app.Services.GetRequiredService<PeopleService>().ListUsersAsync(new Actor(1, UserRole.Director, null), new UserQuery { Role = UserRole.Director });
        return new Actor(users[0].Id, UserRole.Director, null);
    }

    [Fact]
    public async Task The_director_adds_a_stage_with_a_required_field_a_custom_field_and_a_manager_who_then_meets_the_rule()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await Assertions.Expect(page.GetByTestId("nav-settings")).ToBeVisibleAsync();
        var suffix = Guid.NewGuid().ToString("N")[..5];

        // A custom field.
        await page.GotoAsync("/settings/fields");
        await page.GetByTestId("field-name").FillAsync("Бюджет клиента " + suffix);
        await page.GetByTestId("field-key").FillAsync("client_budget_" + suffix);
        await page.GetByTestId("field-create").ClickAsync();
        await Assertions.Expect(page.GetByText("client_budget_" + suffix)).ToBeVisibleAsync();

        // A stage that requires the source.
        await page.GotoAsync("/settings/pipelines");
        var rows = page.GetByTestId("stage-row");
        await rows.First.WaitForAsync();
        var before = await rows.CountAsync();
        await page.GetByTestId("stage-add").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        var stageName = "Демонстрация " + suffix;
        await page.GetByTestId("stage-name").Last.FillAsync(stageName);
        await page.GetByTestId("stage-required").Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Источник" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        // Before the closing stages, where it belongs.
        await rows.Nth(before).GetByLabel("Выше").ClickAsync();
        await rows.Nth(before - 1).GetByLabel("Выше").ClickAsync();
        await Assertions.Expect(rows.Nth(before - 2).GetByTestId("stage-name")).ToHaveValueAsync(stageName);
        await page.GetByTestId("pipeline-save").ClickAsync();
        await Assertions.Expect(page.GetByText("Сохранено")).ToBeVisibleAsync();

        // A new manager in a team.
        await page.GotoAsync("/settings/team");
        var login = "newbie" + suffix;
        await page.GetByTestId("user-fullname").FillAsync("Новый Менеджер");
        await page.GetByTestId("user-login").FillAsync(login);
        await page.GetByTestId("user-password").FillAsync("newbie-password-1");
        await page.GetByTestId("user-team").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Команда Москва" }).ClickAsync();
        await page.GetByTestId("user-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-table").GetByText(login)).ToBeVisibleAsync();

        // What the director set is what the services now hold.
        var director = await DirectorAsync();
        var pipeline = (await app.Services.GetRequiredService<PipelinesService>().ListAsync(director)).Single(p => p.IsDefault);
        var added = pipeline.Stages.Single(s => s.Name == stageName);
        Assert.Equal(["source"], added.RequiredFields);
        Assert.Equal(StageKind.Open, added.Kind);
        Assert.True(added.Position < pipeline.Stages.Single(s => s.Kind == StageKind.Won).Position);
        Assert.Contains(await app.Services.GetRequiredService<CustomFieldsService>().ListAsync(director, CustomFieldEntity.Deal), f => f.Key == "client_budget_" + suffix);
        var newbie = (await app.Services.GetRequiredService<PeopleService>().ListUsersAsync(director, new UserQuery())).Single(u => u.Login == login);
        Assert.Equal(("Команда Москва", UserRole.Manager), (newbie.TeamName, newbie.Role));

        // The new manager signs in and meets the new rule on the board.
        var managerPage = await app.NewPageAsync();
        var board = await new LoginPage(managerPage).SignInAsync(login, "newbie-password-1");
        var deal = await board.NewDealAsync("Первая сделка " + suffix, "50000");
        var dealId = deal.Id;
        await managerPage.GotoAsync("/board");
        await board.WaitAsync();
        await board.DragAsync(dealId, stageName);
        var dialog = managerPage.GetByTestId("stage-fields-dialog");
        await dialog.WaitForAsync();
        await Assertions.Expect(dialog.Locator("[data-testid^=field-]")).ToHaveCountAsync(1);
        await managerPage.GetByTestId("field-source").FillAsync("Выставка");
        await managerPage.GetByTestId("stage-fields-save").ClickAsync();
        await Assertions.Expect(board.Column(stageName).Locator($"[data-deal=\"{dealId}\"]")).ToHaveCountAsync(1);
    }
}
