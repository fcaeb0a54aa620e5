using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class CompaniesTests(BrowserApp app)
{
    [Fact]
    public async Task A_manager_is_warned_of_a_known_inn_and_adds_a_company_with_a_contact()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("manager2", DemoApp.DemoPassword);

        await page.GotoAsync("/companies");
        await page.GetByTestId("new-company").ClickAsync();
        await page.GetByTestId("company-name").FillAsync("ООО «Новая Волна»");
        await page.GetByTestId("company-inn").FillAsync("7707083893");
        await page.GetByTestId("company-inn").PressAsync("Tab");
        await page.GetByTestId("company-save").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/companies/\\d+$"), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByText("ООО «Новая Волна»").First).ToBeVisibleAsync();

        await page.GetByTestId("new-contact").ClickAsync();
        await page.GetByTestId("contact-name").FillAsync("Ирина Волнова");
        await page.GetByTestId("contact-phone").FillAsync("8 916 700-11-22");
        await page.GetByTestId("contact-save").ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Контакты" }).ClickAsync();
        // The number is stored as +79167001122 and shown as people read it, as a tel: link.
        await Assertions.Expect(page.Locator("a[href=\"tel:+79167001122\"]")).ToHaveTextAsync("+7 916 700-11-22");

        // A file on the company: listed with its size and who attached it, handed out only as an attachment, removable.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Файлы" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Файлов пока нет.")).ToBeVisibleAsync();
        await Blazor.UploadAsync(page, new FilePayload
        {
            Name = "Реквизиты.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"u8.ToArray(),
        });
        var row = page.GetByTestId("file-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Реквизиты.pdf");
        await Assertions.Expect(row).ToContainTextAsync("35 Б");
        await Assertions.Expect(row).ToContainTextAsync("Екатерина Зайцева");
        var href = await row.GetByRole(AriaRole.Link).GetAttributeAsync("href");
        var download = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, download.Status);
        Assert.StartsWith("attachment", download.Headers["content-disposition"]);
        Assert.Equal("application/pdf", download.Headers["content-type"]);
        await row.GetByTestId("file-delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Удалить" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("file-row")).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.APIRequest.GetAsync(href!)).Status);

        // Another company with the same INN is flagged before it is even saved.
        await page.GotoAsync("/companies");
        await page.GetByTestId("new-company").ClickAsync();
        await page.GetByTestId("company-name").FillAsync("ООО «Дубликат»");
        await page.GetByTestId("company-inn").FillAsync("7707083893");
        await page.GetByTestId("company-inn").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("duplicate-warning")).ToBeVisibleAsync();
        await page.GetByTestId("company-save").ClickAsync();
        await Assertions.Expect(page.GetByText("уже принадлежит другой компании.")).ToBeVisibleAsync();
    }
}
