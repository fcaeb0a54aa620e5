using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The director brings in a file of history: the dry run names the unknown stage, the director maps it, checks
/// again, commits, finds the deals, and rolls the import back.</summary>
[Collection(nameof(BrowserCollection))]
public class ImportTests(BrowserApp app)
{
    private static FilePayload Zip(string suffix)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string csv)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(csv);
            }
            Add("companies.csv", $"""
                external_id;name;owner
                BR-{suffix}-C1;ООО «Импорт {suffix}»;manager1
                """);
            Add("deals.csv", $"""
                external_id;title;stage;owner;company;amount;created_at;closed_at;status
                BR-{suffix}-D1;Старая сделка {suffix};Успешно;manager1;BR-{suffix}-C1;120 000;10.02.2025 10:00;20.03.2025 12:00;won
                BR-{suffix}-D2;Думающая сделка {suffix};Думает;manager1;BR-{suffix}-C1;30 000;01.04.2025 10:00;;open
                """);
        }
        return new FilePayload { Name = "history.zip", MimeType = "application/zip", Buffer = buffer.ToArray() };
    }

    [Fact]
    public async Task The_director_maps_an_unknown_stage_commits_the_history_and_rolls_it_back()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/import");
        await page.Locator("input[type=file]").Last.SetInputFilesAsync(Zip(suffix));

        var status = page.GetByTestId("import-status");
        await Assertions.Expect(status).ToHaveTextAsync("Проверен", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("import-errors")).ToContainTextAsync("Думает");
        await Assertions.Expect(page.GetByTestId("import-commit")).ToBeDisabledAsync();

        await page.GetByTestId("map-stage").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Квалификация" }).First.ClickAsync();
        await page.GetByTestId("import-recheck").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-counts").Locator("tr[data-table=deals]")).ToContainTextAsync("2",
            new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("import-errors")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("import-batch")).ToContainTextAsync("120 000");

        await page.GetByTestId("import-commit").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Записан", new() { Timeout = 60_000 });
        await page.GotoAsync($"/deals?q={suffix}");
        await Assertions.Expect(page.GetByText($"Старая сделка {suffix}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"Думающая сделка {suffix}")).ToBeVisibleAsync();

        await page.GotoAsync("/settings/import");
        await page.GetByTestId("import-list").Locator("tbody tr").First.ClickAsync();
        await page.GetByTestId("import-rollback").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Откачен", new() { Timeout = 60_000 });
        await page.GotoAsync($"/deals?q={suffix}");
        await Assertions.Expect(page.GetByText($"Старая сделка {suffix}")).ToHaveCountAsync(0);
    }
}
