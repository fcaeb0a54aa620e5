using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class ToolsTests(BrowserApp app)
{
    [Fact]
    public async Task The_search_box_finds_a_company_by_its_inn_and_the_list_exports_what_it_shows()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("senior1", DemoApp.DemoPassword);

        // Search by INN: take the INN of a company senior1 sees, and find it from the box in the bar.
        await page.GotoAsync("/companies");
        var firstLink = page.Locator("a[href^='/companies/']").First;
        await firstLink.WaitForAsync();
        var name = await firstLink.InnerTextAsync();
        await firstLink.ClickAsync();
        var innLine = page.GetByText("ИНН:").First;
        await innLine.WaitForAsync();
        var inn = System.Text.RegularExpressions.Regex.Match(await innLine.InnerTextAsync(), @"\d{10,12}").Value;
        Assert.NotEmpty(inn);

        await page.GetByTestId("global-search").FillAsync(inn);
        var hit = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = inn });
        await hit.First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/companies/\\d+$"), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("h5").First).ToHaveTextAsync(name);

        // Export: the file holds the rows of the current filter.
        var list = new DealsListPage(page);
        await list.OpenAsync();
        await list.Links.First.WaitForAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("deals-export").ClickAsync());
        var path = await download.PathAsync();
        var sheet = MiniExcelLibs.MiniExcel.Query(path!, useHeaderRow: false, excelType: MiniExcelLibs.ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains("Название", sheet[0].Values);
        var rows = sheet.Count - 1;
        var total = await app.Services.GetRequiredService<Voronka.Core.Features.Deals.DealsService>()
            .ListAsync(await SeniorAsync(), new Voronka.Core.Features.Deals.DealQuery { PageSize = 1 });
        Assert.Equal(total.Total, rows);
    }

    private async Task<Voronka.Core.Common.Actor> SeniorAsync()
    {
        var people = app.Services.GetRequiredService<Voronka.Core.Features.People.PeopleService>();
        var all = await people.ListUsersAsync(new Voronka.Core.Common.Actor(0, Voronka.Core.Features.People.UserRole.Director, null), new());
        var senior = all.Single(u => u.Login == "senior1");
        return new Voronka.Core.Common.Actor(senior.Id, senior.Role, senior.TeamId);
    }
}
