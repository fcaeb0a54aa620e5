using System.Text;
using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The director adds the year's production calendar and imports another year's from an XML file.</summary>
[Collection(nameof(BrowserCollection))]
public class CalendarTests(BrowserApp app)
{
    private static FilePayload Xml(string text) =>
        new() { Name = "calendar.xml", MimeType = "text/xml", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task The_director_adds_the_production_calendar_and_imports_a_years_file()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/calendar");
        var year = app.Today.Year;
        var yearText = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.GetByTestId("calendar-year")).ToHaveTextAsync(yearText);

        // The demo company has this year's calendar already: nothing is left to add, and the page names the source.
        await page.GetByTestId("calendar-standard").ClickAsync();
        await Assertions.Expect(page.GetByText($"{year}: добавлено дней из")).ToBeVisibleAsync();

        // The upload renders a fresh input after each file; the last one is live.
        await Blazor.UploadAsync(page, Xml("""
            <calendar year="2030"><holidays><holiday id="6" title="День Победы"/></holidays>
            <days><day d="05.09" t="1" h="6"/><day d="05.11" t="3"/></days></calendar>
            """));
        await Assertions.Expect(page.GetByText("Календарь 2030 загружен: добавлено 2, изменено 0, удалено 0.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("calendar-year")).ToHaveTextAsync("2030");
        var days = page.GetByTestId("calendar-days");
        await Assertions.Expect(days).ToContainTextAsync("09.05.2030");
        await Assertions.Expect(days).ToContainTextAsync("День Победы");
        await Assertions.Expect(days).ToContainTextAsync("11.05.2030");

        // A bad file is refused in Russian, naming the place, and changes nothing.
        await Blazor.UploadAsync(page, Xml("<calendar year=\"2030\"><days><day d=\"05.10\" t=\"7\"/></days></calendar>"));
        await Assertions.Expect(page.GetByText("«7» — не 1 (выходной)")).ToBeVisibleAsync();
        await Assertions.Expect(days.Locator("tr")).ToHaveCountAsync(2);
    }
}
