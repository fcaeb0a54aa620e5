using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Data;
using Voronka.Core.Features.Import;
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
        await Blazor.UploadAsync(page, Zip(suffix));

        var status = page.GetByTestId("import-status");
        await Assertions.Expect(status).ToHaveTextAsync("Проверен", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("import-errors")).ToContainTextAsync("Думает");
        // The error names the file's table and header, and the format's column beside it.
        await Assertions.Expect(page.GetByTestId("import-errors").Locator("thead")).ToContainTextAsync("Строка");
        await Assertions.Expect(page.GetByTestId("import-errors").Locator("tbody")).ToContainTextAsync("Сделки");
        await Assertions.Expect(page.GetByTestId("import-commit")).ToBeDisabledAsync();

        await page.GetByTestId("map-stage").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Квалификация" }).First.ClickAsync();
        await page.GetByTestId("import-recheck").ClickAsync();
        // The dry run runs again: the commit is offered once it has found nothing wrong.
        await Assertions.Expect(page.GetByTestId("import-commit")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-counts").Locator("tr[data-table=deals]")).ToContainTextAsync("2",
            new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("import-errors")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("import-batch")).ToContainTextAsync("120 000");
        // The stage mapped stays in view after the dry run, to review or change.
        await Assertions.Expect(page.GetByTestId("import-batch")).ToContainTextAsync("Этап из файла «Думает»");

        // Writing is asked for twice: a cancelled confirmation writes nothing.
        await page.GetByTestId("import-commit").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Отмена" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Проверен");
        await page.GetByTestId("import-commit").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Да" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Записан", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-batch")).ToContainTextAsync("Что записано");
        await page.GotoAsync($"/deals?q={suffix}");
        await Assertions.Expect(page.GetByText($"Старая сделка {suffix}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"Думающая сделка {suffix}")).ToBeVisibleAsync();

        await page.GotoAsync("/settings/import");
        await page.GetByTestId("import-list").Locator("tbody tr").First.ClickAsync();
        await page.GetByTestId("import-rollback").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Да" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Откачен", new() { Timeout = 60_000 });
        await page.GotoAsync($"/deals?q={suffix}");
        await Assertions.Expect(page.GetByText($"Старая сделка {suffix}")).ToHaveCountAsync(0);

        // The rolled back import is discarded from the list.
        await page.GotoAsync("/settings/import");
        var row = page.GetByTestId("import-list").Locator("tbody tr").First;
        var number = (await row.Locator("td").First.InnerTextAsync()).Trim();
        await row.GetByTestId("import-discard").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Да" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-list] tbody tr td:first-child").GetByText(number, new() { Exact = true }))
            .ToHaveCountAsync(0);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        Assert.False(await db.ImportBatches.AnyAsync(b => b.Id == int.Parse(number)));
    }

    private static FilePayload Csv(string name, string suffix) => new()
    {
        Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes($"""
            external_id;title;stage;owner;created_at;status;Метка
            PR-{name}-{suffix};Сделка из выгрузки {suffix};Новый лид;manager1;01.04.2025 10:00;open;выставка
            """),
    };

    private async Task<ImportMapping> LastMappingAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        var json = await db.ImportBatches.OrderByDescending(b => b.Id).Select(b => b.Mapping).FirstAsync();
        return JsonSerializer.Deserialize<ImportMapping>(json, ImportService.Json)!;
    }

    [Fact]
    public async Task The_director_places_a_column_by_hand_saves_the_mapping_and_reads_the_next_file_with_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/import");
        await Blazor.UploadAsync(page, Csv("export-2025-11", suffix));
        var status = page.GetByTestId("import-status");
        await Assertions.Expect(status).ToHaveTextAsync("Проверен", new() { Timeout = 30_000 });
        // The column the file names its own way is left out until the director places it.
        Assert.Null((await LastMappingAsync()).Tables[0].Columns["Метка"]);

        await page.GetByText("Таблицы и колонки файла").ClickAsync();
        await page.Locator("[data-testid=map-column][data-column='Метка']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "source" }).First.ClickAsync();
        await page.GetByTestId("import-columns-recheck").ClickAsync();
        for (var i = 0; i < 300 && (await LastMappingAsync()).Tables[0].Columns["Метка"] is null; i++) await Task.Delay(100);
        Assert.Equal("source", (await LastMappingAsync()).Tables[0].Columns["Метка"]);
        await Assertions.Expect(page.GetByTestId("import-commit")).ToBeEnabledAsync(new() { Timeout = 60_000 });

        await page.GetByTestId("import-preset-name").FillAsync($"Выгрузка {suffix}");
        // The button is offered once the page has the name.
        await Assertions.Expect(page.GetByTestId("import-preset-save")).ToBeEnabledAsync();
        await page.GetByTestId("import-preset-save").ClickAsync();
        await Assertions.Expect(page.GetByText($"Сопоставление «Выгрузка {suffix}» сохранено.")).ToBeVisibleAsync();

        // Next month's file, read with the saved mapping: it stays chosen on this browser.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("import-preset-delete")).ToBeVisibleAsync();
        await Blazor.UploadAsync(page, Csv("export-2025-12", suffix));
        await Assertions.Expect(page.GetByTestId("import-batch")).ToContainTextAsync("export-2025-12", new() { Timeout = 30_000 });
        await Assertions.Expect(status).ToHaveTextAsync("Проверен", new() { Timeout = 30_000 });
        var next = await LastMappingAsync();
        Assert.Equal(("export-2025-12", "source"), (next.Tables[0].Source, next.Tables[0].Columns["Метка"]));
    }
}
