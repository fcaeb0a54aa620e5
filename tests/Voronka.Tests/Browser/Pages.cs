using Microsoft.Playwright;

namespace Voronka.Tests.Browser;

/// <summary>Page objects: what a person sees and does, so the tests read as a day at work.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task<BoardPage> SignInAsync(string login, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("login").FillAsync(login);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        var board = new BoardPage(page);
        await board.WaitAsync();
        return board;
    }
}

public sealed class BoardPage(IPage page)
{
    public ILocator Heading => page.Locator("h5").First;

    public async Task WaitAsync()
    {
        await page.WaitForURLAsync(url => url.EndsWith('/') || url.Contains("/board", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByTestId("column").First.WaitForAsync();
        await Blazor.WaitForCircuitAsync(page);
    }

    public ILocator Column(string stage) => page.Locator($"[data-testid=column][data-stage=\"{stage}\"]");

    public ILocator Card(int dealId) => page.Locator($"[data-testid=deal-card][data-deal=\"{dealId}\"]");

    public async Task<DealPage> NewDealAsync(string title, string? amount = null)
    {
        await page.GetByTestId("new-deal").ClickAsync();
        var dialog = page.GetByTestId("new-deal-dialog");
        await dialog.WaitForAsync();
        async Task FillAndCreateAsync()
        {
            await page.GetByTestId("new-deal-title").FillAsync(title);
            if (amount is not null)
            {
                // The field hands its value over when it loses focus: leave it before pressing Create.
                await page.GetByTestId("new-deal-amount").FillAsync(amount);
                await page.GetByTestId("new-deal-amount").PressAsync("Tab");
            }
            await Blazor.WaitForCircuitAsync(page);
            await page.GetByTestId("new-deal-create").ClickAsync();
        }
        await FillAndCreateAsync();
        var moved = false;
        try
        {
            await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/deals/\\d+$"),
                new() { WaitUntil = WaitUntilState.Commit, Timeout = 15_000 });
            moved = true;
        }
        catch (TimeoutException)
        {
        }
        // The press reached a busy circuit before the values did and the dialog is still open: once more.
        if (!moved && await dialog.IsVisibleAsync()) await FillAndCreateAsync();
        var deal = new DealPage(page);
        await deal.WaitAsync();
        return deal;
    }

    /// <summary>Drags a card onto a column, as a mouse would. The page must not scroll on the way, or the drag
    /// would start on whichever card slid under the pointer, so the viewport is tall enough for both.</summary>
    public async Task DragAsync(int dealId, string stage)
    {
        await Card(dealId).DragToAsync(Column(stage).Locator(".mud-drop-zone"), new() { TargetPosition = new() { X = 40, Y = 10 } });
    }
}

public sealed class DealPage(IPage page)
{
    public async Task WaitAsync()
    {
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/deals/\\d+$"), new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByTestId("deal-title").WaitForAsync();
        await Blazor.WaitForCircuitAsync(page);
    }

    public int Id => int.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

    public ILocator Stage => page.GetByTestId("deal-stage");

    public async Task LogCallAsync(string notes, int minutes)
    {
        await page.GetByTestId("compose-call").ClickAsync();
        await page.GetByTestId("activity-minutes").FillAsync(minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("activity-notes").FillAsync(notes);
        await page.GetByTestId("activity-log").ClickAsync();
        await page.GetByTestId("activity-item").Filter(new() { HasText = "Звонок" }).Or(page.GetByTestId("activity-item").Filter(new() { HasText = "Call" })).First.WaitForAsync();
    }

    /// <summary>Sets a task for tomorrow from the deal's composer.</summary>
    public async Task AddTaskAsync(string title)
    {
        await page.GetByTestId("compose-task").ClickAsync();
        await page.GetByTestId("task-title").FillAsync(title);
        await page.GetByTestId("task-create").ClickAsync();
        await page.GetByTestId("task-item").Filter(new() { HasText = title }).WaitForAsync();
    }

    /// <summary>The stage moves on the deal's timeline, oldest first.</summary>
    public async Task<IReadOnlyList<string>> StageHistoryAsync()
    {
        var moves = page.GetByTestId("stage-move");
        await moves.First.WaitForAsync();
        return (await moves.AllInnerTextsAsync()).Reverse().ToList();
    }
}

public sealed class DealsListPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/deals");
        await page.GetByTestId("deals-grid").WaitForAsync();
        await Blazor.WaitForCircuitAsync(page);
    }

    public async Task FilterAsync(string text)
    {
        await page.GetByTestId("deals-filter-text").FillAsync(text);
        await page.WaitForTimeoutAsync(800); // the filter waits for typing to stop
    }

    public ILocator Links => page.GetByTestId("deal-link");
}

public sealed class MyTasksPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/tasks");
        await page.GetByTestId("tasks-upcoming").Or(page.GetByRole(AriaRole.Tab).First).First.WaitForAsync();
    }

    /// <summary>Completes a task due tomorrow, from the "Upcoming" tab, writing its result.</summary>
    public async Task CompleteAsync(string title, string result)
    {
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("Предстоящие|Upcoming") }).ClickAsync();
        var item = page.GetByTestId("task-item").Filter(new() { HasText = title });
        await item.GetByTestId("task-complete").ClickAsync();
        await item.GetByTestId("task-result").FillAsync(result);
        await item.GetByTestId("task-done").ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-item").Filter(new() { HasText = title })).ToHaveCountAsync(0);
    }
}

internal static class Blazor
{
    /// <summary>Interactive pages answer clicks once their circuit is up.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('#components-reconnect-modal, .components-reconnect-show') === null");

    /// <summary>Gives the page's last file input a file once Blazor has hooked the input up; a file given before that
    /// is never seen by the page. <paramref name="within"/> names the part of the page that holds the input.</summary>
    public static async Task UploadAsync(IPage page, FilePayload file, ILocator? within = null)
    {
        var input = (within ?? page.Locator("body")).Locator("input[type=file]").Last;
        await input.EvaluateAsync("e => new Promise(done => { const ready = () => e._blazorInputFileNextFileId !== undefined "
            + "? done() : setTimeout(ready, 50); ready(); })");
        await input.SetInputFilesAsync(file);
    }
}
