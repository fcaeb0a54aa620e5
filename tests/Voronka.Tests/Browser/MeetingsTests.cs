using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Meetings;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class MeetingsTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_starts_the_meeting_records_two_decisions_and_the_next_meeting_opens_with_them()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        // A series held on today's day of the week, its last meeting a week ago and not held yet.
        var director = await app.ActorAsync("director");
        var meetings = app.Services.GetRequiredService<MeetingsService>();
        var held = await meetings.CreateSeriesAsync(director, new SeriesRequest($"Планёрка {suffix}", Day: app.Today.DayOfWeek),
            CancellationToken.None);
        var first = await meetings.PlanAsync(director, new MeetingRequest(held.Id, app.Today.AddDays(-7)), CancellationToken.None);
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync($"/meetings/{first.Id}");
        await Blazor.WaitForCircuitAsync(page);
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
        var series = page.GetByTestId("meeting-series").Filter(new() { HasText = $"Планёрка {suffix}" });
        await series.GetByTestId("meeting-plan").ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Запланировано");
        await page.GetByTestId("meeting-start").ClickAsync();
        var carried = page.GetByTestId("agenda-decisions").GetByTestId("decision");
        await Assertions.Expect(carried).ToHaveCountAsync(2);
        await Assertions.Expect(carried.First).ToContainTextAsync($"Разобрать зависшие сделки {suffix}");
        await Assertions.Expect(carried.First.GetByTestId("decision-carried")).ToContainTextAsync("1");
    }
}
