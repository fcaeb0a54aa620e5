using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Deals;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public class DuplicatesTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_merges_two_records_of_one_client_seeing_names_not_ids_and_undoes_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..4];
        var (manager, managerName) = await app.PersonAsync("manager2");
        var companies = app.Services.GetRequiredService<CompaniesService>();
        var older = await companies.CreateAsync(manager, new CompanyRequest($"Ромашка{suffix}", Phone: "+7 495 111-22-33"));
        var newer = await companies.CreateAsync(manager, new CompanyRequest($"Ромашко{suffix}", Phone: "8 (495) 111 22 33",
            Email: $"r{suffix}@example.com"));
        var deals = app.Services.GetRequiredService<DealsService>();
        var deal = await deals.CreateAsync(manager, new CreateDealRequest($"Сделка {suffix}", CompanyId: newer.Id),
            CancellationToken.None);

        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/duplicates");
        await Blazor.WaitForCircuitAsync(page);
        var pair = page.GetByTestId("dup-pair").Filter(new() { HasText = $"Ромашко{suffix}" });
        await Assertions.Expect(pair).ToContainTextAsync($"Ромашка{suffix}");
        await pair.GetByTestId("dup-merge").ClickAsync();

        // The preview names the owner, keeps the older name and takes the e-mail only the newer one has.
        var preview = page.GetByTestId("dup-preview");
        await Assertions.Expect(preview).ToContainTextAsync(managerName);
        await Assertions.Expect(page.GetByTestId("dup-result-ownerId")).ToHaveTextAsync(managerName);
        await Assertions.Expect(page.GetByTestId("dup-result-name")).ToHaveTextAsync($"Ромашка{suffix}");
        await Assertions.Expect(page.GetByTestId("dup-result-email")).ToHaveTextAsync($"r{suffix}@example.com");
        await Assertions.Expect(page.GetByTestId("dup-result-customFields")).ToHaveCountAsync(0);
        await page.GetByTestId("dup-confirm").ClickAsync();
        await Assertions.Expect(page.GetByText("Объединено.")).ToBeVisibleAsync();
        Assert.Equal(older.Id, (await deals.GetAsync(manager, deal.Id)).CompanyId);

        var merged = page.GetByTestId("dup-merge-row").Filter(new() { HasText = $"Ромашко{suffix}" });
        await merged.GetByTestId("dup-undo").ClickAsync();
        await Assertions.Expect(page.GetByText("Слияние отменено.")).ToBeVisibleAsync();
        Assert.Equal(newer.Id, (await deals.GetAsync(manager, deal.Id)).CompanyId);
    }
}
