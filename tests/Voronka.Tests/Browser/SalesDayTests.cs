using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class SalesDayTests(BrowserApp app)
{
    [Fact]
    public async Task A_manager_creates_a_deal_logs_a_call_and_moves_it_into_a_stage_that_asks_for_fields()
    {
        var page = await app.NewPageAsync();
        var board = await new LoginPage(page).SignInAsync("manager1", DemoApp.DemoPassword);
        // A manager has no settings, neither in the menu nor by address.
        await Assertions.Expect(page.GetByTestId("nav-settings")).ToHaveCountAsync(0);
        await page.GotoAsync("/settings/pipelines");
        await Assertions.Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("stages-table")).ToHaveCountAsync(0);
        await page.GotoAsync("/board");
        await board.WaitAsync();
        var title = $"Поставка роутеров {Guid.NewGuid().ToString("N")[..6]}";

        var deal = await board.NewDealAsync(title);
        await Assertions.Expect(deal.Stage).ToHaveTextAsync("Новый лид");
        await deal.LogCallAsync("Обсудили объём поставки", 7);
        var dealId = deal.Id;
        await deal.AddTaskAsync("Отправить спецификацию");

        // The task is done from "My tasks", with its result.
        var tasks = new MyTasksPage(page);
        await tasks.OpenAsync();
        await tasks.CompleteAsync("Отправить спецификацию", "Спецификация отправлена");

        await page.GotoAsync("/board");
        await board.WaitAsync();
        await board.DragAsync(dealId, "КП отправлено");
        var dialog = page.GetByTestId("stage-fields-dialog");
        await dialog.WaitForAsync();
        // Exactly the two missing fields are asked for.
        await Assertions.Expect(page.GetByTestId("field-amount")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("field-expectedCloseDate")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("[data-testid^=field-]")).ToHaveCountAsync(2);
        await Assertions.Expect(board.Column("Новый лид").Locator($"[data-deal=\"{dealId}\"]")).ToHaveCountAsync(1);

        await page.GetByTestId("field-amount").FillAsync("125000");
        await page.GetByTestId("field-expectedCloseDate").FillAsync(app.Today.AddDays(30).ToString("dd.MM.yyyy"));
        await page.GetByTestId("field-expectedCloseDate").PressAsync("Tab");
        await page.GetByTestId("stage-fields-save").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(board.Column("КП отправлено").Locator($"[data-deal=\"{dealId}\"]")).ToHaveCountAsync(1);

        var list = new DealsListPage(page);
        await list.OpenAsync();
        await Assertions.Expect(page.GetByText("Строк на странице:")).ToBeVisibleAsync();
        await list.FilterAsync(title);
        await Assertions.Expect(list.Links).ToHaveCountAsync(1);
        await list.Links.First.ClickAsync();
        var card = new DealPage(page);
        await card.WaitAsync();
        await Assertions.Expect(card.Stage).ToHaveTextAsync("КП отправлено");
        var history = await card.StageHistoryAsync();
        Assert.Equal(2, history.Count);
        Assert.Matches("Новый лид → КП отправлено", history[1]);

        // A file attached from the card's composer shows in its feed.
        await page.GetByTestId("compose-file").ClickAsync();
        var spec = new FilePayload
        {
            Name = "Спецификация.txt", MimeType = "text/plain", Buffer = "Роутеры, 40 шт."u8.ToArray(),
        };
        await Blazor.UploadAsync(page, spec, page.GetByTestId("deal-composer"));
        await Assertions.Expect(page.GetByTestId("feed-file")).ToContainTextAsync("Спецификация.txt");

        // A manager of the other team cannot find it.
        var other = await app.NewPageAsync();
        await new LoginPage(other).SignInAsync("manager6", DemoApp.DemoPassword);
        var otherList = new DealsListPage(other);
        await otherList.OpenAsync();
        await otherList.FilterAsync(title);
        await Assertions.Expect(otherList.Links).ToHaveCountAsync(0);
        await other.GotoAsync($"/deals/{dealId}");
        await Assertions.Expect(other.GetByText("Сделка не найдена или недоступна.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_board_follows_the_browser_language_until_another_is_chosen()
    {
        var page = await app.NewPageAsync("en-US");
        var board = await new LoginPage(page).SignInAsync("manager2", DemoApp.DemoPassword);
        await Assertions.Expect(board.Heading).ToHaveTextAsync("Deal board");
        await Assertions.Expect(page.GetByTestId("nav-deals")).ToContainTextAsync("Deals");

        await page.GotoAsync("/culture?c=ru&returnUrl=/board");
        await board.WaitAsync();
        await Assertions.Expect(board.Heading).ToHaveTextAsync("Доска сделок");
        await Assertions.Expect(page.GetByTestId("nav-deals")).ToContainTextAsync("Сделки");
    }

    [Fact]
    public async Task A_deal_is_lost_only_with_a_reason_from_the_list()
    {
        var page = await app.NewPageAsync();
        var board = await new LoginPage(page).SignInAsync("manager3", DemoApp.DemoPassword);
        var deal = await board.NewDealAsync("Уйдёт к конкуренту " + Guid.NewGuid().ToString("N")[..5], "90000");
        await page.GetByTestId("deal-lost").ClickAsync();
        var dialog = page.GetByTestId("stage-fields-dialog");
        await dialog.WaitForAsync();
        await page.GetByTestId("field-lossReasonId").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Выбрали конкурента" }).ClickAsync();
        await page.GetByTestId("stage-fields-save").ClickAsync();
        await Assertions.Expect(deal.Stage).ToHaveTextAsync("Проиграно");
        await Assertions.Expect(page.GetByText("Проиграна: Выбрали конкурента.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_door_shut()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/board");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.GetByTestId("login").FillAsync("manager3");
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Неверный логин или пароль.");
    }
}

/// <summary>Browser tests share one server and browser, and run on their own after the others, so a busy machine
/// does not starve the page of its server.</summary>
[CollectionDefinition(nameof(BrowserCollection), DisableParallelization = true)]
public class BrowserCollection : ICollectionFixture<BrowserApp>;
