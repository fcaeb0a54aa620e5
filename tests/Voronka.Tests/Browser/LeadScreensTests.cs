using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>The leads' screens besides the inbox: a web form put on a plain page of a site, each seller's capacity, the
/// speed-to-lead and fair-share report, and a person's own channels and pause.</summary>
[Collection(nameof(BrowserCollection))]
public class LeadScreensTests(BrowserApp app)
{
    [Fact]
    public async Task A_form_made_by_the_director_and_put_on_a_plain_page_brings_a_lead_with_its_utm()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/forms");
        await Blazor.WaitForCircuitAsync(page);
        await page.GetByTestId("form-name").FillAsync($"Лендинг {suffix}");
        await page.GetByTestId("form-source").FillAsync($"landing-{suffix}");
        await Assertions.Expect(page.GetByTestId("form-save")).ToBeEnabledAsync();
        await page.GetByTestId("form-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("forms-table")).ToContainTextAsync($"Лендинг {suffix}");
        var snippet = await page.GetByTestId("form-snippet").InnerTextAsync();
        Assert.Contains($"{app.BaseUrl.TrimEnd('/')}/forms/", snippet);

        // The site: a page of its own, elsewhere, with nothing but the snippet on it.
        var visitor = await app.NewPageAsync();
        await visitor.RouteAsync("http://site.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"<!doctype html><html><meta charset=\"utf-8\"><body><h1>Станки</h1>{snippet}</body></html>",
        }));
        await visitor.GotoAsync("http://site.example/landing?utm_source=yandex&utm_campaign=spring");
        await visitor.Locator("input[name=name]").FillAsync($"Посетитель {suffix}");
        await visitor.Locator("input[name=phone]").FillAsync("8 (905) 111-22-33");
        await visitor.Locator("textarea[name=message]").FillAsync("<b>Нужен</b> станок");
        await visitor.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync("Заявка принята");

        var lead = await app.Db(db => db.Leads.AsNoTracking().SingleAsync(l => l.Source == $"landing-{suffix}"));
        Assert.Equal(($"Посетитель {suffix}", "+79051112233", "yandex", "spring"), (lead.Name, lead.PhoneE164, lead.UtmSource,
            lead.UtmCampaign));
        Assert.Equal("http://site.example/landing?utm_source=yandex&utm_campaign=spring", lead.Page);
        Assert.True(await app.Db(db => db.RoutingDecisions.AnyAsync(d => d.LeadId == lead.Id)));

        await page.GotoAsync("/leads");
        await page.GetByTestId("leads-list").Locator("tbody tr").Filter(new() { HasText = $"Посетитель {suffix}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-message")).ToHaveTextAsync("<b>Нужен</b> станок");
    }

    [Fact]
    public async Task The_director_sets_a_sellers_capacity_and_reads_speed_to_lead_and_the_fair_share()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/leads/team");
        await Blazor.WaitForCircuitAsync(page);
        var manager = await app.Db(db => db.Users.Where(u => u.UserName == "manager3").Select(u => new { u.Id, u.FullName }).SingleAsync());
        var row = page.GetByTestId($"capacity-{manager.Id}");
        await Assertions.Expect(row).ToContainTextAsync(manager.FullName);
        var max = row.GetByTestId("max-open");
        await max.FillAsync("7");
        await max.BlurAsync();
        await row.GetByTestId("capacity-save").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Сохранено");
        Assert.Equal(7, await app.Db(db => db.LeadCapacities.Where(c => c.UserId == manager.Id).Select(c => c.MaxOpenLeads).SingleAsync()));

        await page.GotoAsync("/reports/leads");
        await Assertions.Expect(page.GetByTestId("speed-routing")).ToContainTextAsync("Поступила → передана");
        await Assertions.Expect(page.GetByTestId("shares-table")).ToBeVisibleAsync();

        // The fair share of one rule: the people of that rule only, as the report's API counts them.
        var director = await app.Db(db => db.Users.Where(u => u.UserName == "director").Select(u => u.Id).SingleAsync());
        const string Moscow = "Сайт — Команда Москва";
        var rule = await app.Db(db => db.RoutingRules.Where(r => r.Name == Moscow).Select(r => r.Id).SingleAsync());
        var today = Core.Common.OrgTime.Today(app.UtcNow, Core.Common.OrgTime.Zone("Europe/Moscow"));
        var expected = await app.Services.GetRequiredService<Core.Features.Leads.LeadReports>().SharesAsync(
            new Core.Common.Actor(director, Core.Features.People.UserRole.Director, null), new DateOnly(today.Year, today.Month, 1), today,
            rule, CancellationToken.None);
        await page.GetByTestId("shares-rule").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = Moscow }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("shares-table").Locator("tbody tr")).ToHaveCountAsync(expected.People.Count);
    }

    [Fact]
    public async Task A_manager_chooses_e_mail_for_overdue_tasks_and_pauses_new_leads_for_an_hour()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("manager1", DemoApp.DemoPassword);
        await page.GotoAsync("/profile");
        await Blazor.WaitForCircuitAsync(page);
        var me = await app.Db(db => db.Users.Where(u => u.UserName == "manager1").Select(u => u.Id).SingleAsync());
        await Assertions.Expect(page.GetByTestId("notification-settings")).ToContainTextAsync("Моя задача просрочена");
        await page.GetByTestId("inapp-TaskOverdue").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Сохранено");
        var chosen = await app.Db(db => db.Set<NotificationPreference>().SingleAsync(p => p.UserId == me
            && p.Kind == NotificationKind.TaskOverdue));
        Assert.False(chosen.InApp);

        await page.GetByTestId("lead-pause-hour").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-pause-state")).ToContainTextAsync("Пауза до");
        Assert.NotNull(await app.Db(db => db.LeadCapacities.Where(c => c.UserId == me).Select(c => c.PausedUntil).SingleAsync()));
        await page.GetByTestId("lead-resume").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-pause-state")).ToContainTextAsync("Вы принимаете заявки");
    }

    [Fact]
    public async Task The_director_enters_a_lead_taken_by_phone_and_the_dashboard_counts_the_leads_waiting()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/leads");
        await Blazor.WaitForCircuitAsync(page);
        await page.GetByTestId("lead-new").ClickAsync();
        await page.GetByTestId("lead-new-name").FillAsync($"Звонивший {suffix}");
        await page.GetByTestId("lead-new-phone").FillAsync("+7 (926) 555-12-34");
        await Assertions.Expect(page.GetByTestId("lead-new-save")).ToBeEnabledAsync();
        await page.GetByTestId("lead-new-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-card")).ToContainTextAsync($"Звонивший {suffix}");
        var lead = await app.Db(db => db.Leads.AsNoTracking().SingleAsync(l => l.Name == $"Звонивший {suffix}"));
        Assert.Equal((Core.Features.Leads.LeadChannel.Manual, "+79265551234", "manual"), (lead.Channel, lead.PhoneE164, lead.Source));

        await page.GotoAsync("/dashboard");
        var waiting = await app.Db(db => db.Leads.CountAsync(l => l.Status == Core.Features.Leads.LeadStatus.New
            || l.Status == Core.Features.Leads.LeadStatus.Assigned));
        await Assertions.Expect(page.GetByTestId("leads-waiting")).ToHaveTextAsync($"Ждут ответа: {waiting}");
        await page.GetByTestId("leads-waiting").ClickAsync();
        await Assertions.Expect(page.GetByTestId("leads-list")).ToContainTextAsync($"Звонивший {suffix}");
    }

    [Fact]
    public async Task The_director_imports_a_list_of_leads_and_a_bad_row_is_named_before_anything_is_written()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/leads");
        static FilePayload Csv(string name, string text) =>
            new() { Name = name, MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(text) };
        await Blazor.UploadAsync(page, Csv("expo-bad.csv",
            $"Имя;Телефон\nГость {suffix};+7 916 700-00-01\nБез телефона {suffix};\n"));
        await Assertions.Expect(page.GetByTestId("leads-import-result")).ToContainTextAsync("Строка 3, Телефон");
        Assert.False(await app.Db(db => db.Leads.AnyAsync(l => l.Name == $"Гость {suffix}")));

        await Blazor.UploadAsync(page, Csv("expo.csv",
            $"Имя;Телефон;Источник\nГость {suffix};+7 916 700-00-01;expo\n"));
        await Assertions.Expect(page.GetByTestId("leads-import-result")).ToContainTextAsync("Загружено заявок: 1");
        await Assertions.Expect(page.GetByTestId("leads-list")).ToContainTextAsync($"Гость {suffix}");
    }
}
