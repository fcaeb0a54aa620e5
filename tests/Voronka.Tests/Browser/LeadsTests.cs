using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.People;
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

    [Fact]
    public async Task A_lead_given_to_a_manager_arrives_on_their_bell_at_once_and_opens_its_card()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        int director, manager;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
        {
            director = await db.Users.Where(u => u.UserName == "director").Select(u => u.Id).SingleAsync();
            manager = await db.Users.Where(u => u.UserName == "manager2").Select(u => u.Id).SingleAsync();
        }
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("manager2", DemoApp.DemoPassword);
        await Blazor.WaitForCircuitAsync(page);

        var leads = app.Services.GetRequiredService<LeadsService>();
        var lead = await leads.IntakeAsync(new LeadRequest(Name: $"Клиент {suffix}", Email: $"c{suffix}@bell.example"),
            LeadChannel.Api,
            CancellationToken.None);
        await leads.AssignAsync(new Actor(director, UserRole.Director, null), lead.Id, new AssignLeadRequest(manager),
            CancellationToken.None);

        // The page was open before the lead was given: the new count arrives over the circuit at once, without a reload and
        // well before the bell's next look.
        var unread = (await app.Services.GetRequiredService<Core.Features.Notifications.NotificationsService>()
            .ListAsync(new Actor(manager, UserRole.Manager, null), true, 1, CancellationToken.None)).Unread;
        await Assertions.Expect(page.Locator("[data-testid=notifications-unread] .mud-badge"))
            .ToHaveTextAsync(unread.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 5_000 });
        await page.GetByTestId("notifications").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText($"Вам передана заявка: Клиент "
            + $"{suffix}").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/leads\\?id={lead.Id}$"));
        await Assertions.Expect(page.GetByTestId("lead-card")).ToContainTextAsync($"Клиент {suffix}");
    }

    [Fact]
    public async Task The_director_writes_a_rule_and_tries_a_lead_on_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/routing");
        await page.GetByTestId("routing-name").FillAsync($"Выставка {suffix}");
        await page.GetByTestId("routing-source").FillAsync($"expo-{suffix}");
        await page.GetByTestId("routing-team").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Команда Москва" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("routing-save")).ToBeEnabledAsync();
        await page.GetByTestId("routing-save").ClickAsync();
        var row = page.GetByTestId("routing-rules").Locator("tbody tr").Filter(new() { HasText = $"Выставка {suffix}" });
        await Assertions.Expect(row).ToContainTextAsync("Команда Москва");
        await Assertions.Expect(row).ToContainTextAsync($"источник «expo-{suffix}»");

        // A lead from that source would be taken by the rule; one from elsewhere by none.
        await page.GetByTestId("routing-preview-source").FillAsync($"expo-{suffix}");
        await page.GetByTestId("routing-preview-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("routing-preview-result").First).ToContainTextAsync($"правило «Выставка "
            + $"{suffix}»");
        await page.GetByTestId("routing-preview-source").FillAsync($"elsewhere-{suffix}");
        await page.GetByTestId("routing-preview-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("routing-preview-result").First).ToContainTextAsync("ни одно правило не "
            + "подошло");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Leads.AnyAsync(l => l.Name == "preview"));
    }
}
