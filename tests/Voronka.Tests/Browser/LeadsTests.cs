using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Features.Leads;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The inbox: the director finds a lead, reads why it went where it did, and rejects it as spam.</summary>
[Collection(nameof(BrowserCollection))]
public class LeadsTests(BrowserApp app)
{
    [Fact]
    public async Task The_director_opens_a_lead_sees_why_it_went_where_it_did_and_rejects_it_as_spam()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var lead = await app.Services.GetRequiredService<LeadsService>().IntakeAsync(new LeadRequest(Name: $"Бот {suffix}",
            Email: $"bot{suffix}@spam.example", Source: "site", Message: "<script>alert(1)</script>"), LeadChannel.Api,
            CancellationToken.None);
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/leads");
        var row = page.GetByTestId("leads-list").Locator("tbody tr").Filter(new() { HasText = $"Бот {suffix}" });
        await row.ClickAsync();
        var card = page.GetByTestId("lead-card");
        await Assertions.Expect(card).ToContainTextAsync($"№ {lead.Id}");
        // What the client wrote is shown as text, never run.
        await Assertions.Expect(page.GetByTestId("lead-message")).ToHaveTextAsync("<script>alert(1)</script>");
        await Assertions.Expect(page.GetByTestId("lead-decision")).Not.ToHaveCountAsync(0);

        await page.GetByTestId("lead-reject-reason").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Спам" }).First.ClickAsync();
        await page.GetByTestId("lead-reject").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-status")).ToHaveTextAsync("Отклонена");
        await Assertions.Expect(row).ToContainTextAsync("Отклонена");
    }
}
