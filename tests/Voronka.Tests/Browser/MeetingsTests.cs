using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class MeetingsTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_starts_the_meeting_records_two_decisions_and_the_next_meeting_opens_with_them()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/meetings");
        await Blazor.WaitForCircuitAsync(page);
        await page.GetByTestId("series-name").FillAsync($"Планёрка {suffix}");
        await page.GetByTestId("series-create").ClickAsync();
        var series = page.GetByTestId("meeting-series").Filter(new() { HasText = $"Планёрка {suffix}" });
        await series.GetByTestId("meeting-plan").ClickAsync();
        await page.GetByTestId("meeting-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Идёт");
        await Assertions.Expect(page.GetByTestId("agenda-plan-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("agenda-funnel")).ToContainTextAsync("Новые:");

        foreach (var (text, owner) in new[] { ($"Разобрать зависшие сделки {suffix}", "Павел Орлов"),
            ($"Обновить скрипт {suffix}", "Екатерина Зайцева") })
        {
            await page.GetByTestId("decision-text").FillAsync(text);
            await page.GetByTestId("decision-owner").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = owner }).First.ClickAsync();
            await page.GetByTestId("decision-due").FillAsync(app.Today.AddDays(3).ToString("dd.MM.yyyy",
                System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByTestId("decision-due").PressAsync("Enter");
            await page.GetByTestId("decision-add").ClickAsync();
            await Assertions.Expect(page.GetByTestId("meeting-decisions").GetByTestId("decision").Filter(new() { HasText = text }))
                .ToHaveCountAsync(1);
        }
        await page.GetByTestId("notes-funnel").FillAsync("Мало встреч на квалификации");
        await page.GetByTestId("meeting-end").ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Завершено");

        // The next meeting opens with both decisions carried in.
        await page.GotoAsync("/meetings");
        await Blazor.WaitForCircuitAsync(page);
        await series.GetByTestId("meeting-plan").ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Запланировано");
        await page.GetByTestId("meeting-start").ClickAsync();
        var carried = page.GetByTestId("agenda-decisions").GetByTestId("decision");
        await Assertions.Expect(carried).ToHaveCountAsync(2);
        await Assertions.Expect(carried.First).ToContainTextAsync($"Разобрать зависшие сделки {suffix}");
        await Assertions.Expect(carried.First.GetByTestId("decision-carried")).ToContainTextAsync("1");
    }
}
