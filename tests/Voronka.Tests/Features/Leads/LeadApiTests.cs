using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>A company of its own whose clock stands in working hours of a working day, so that everyone can take leads.</summary>
public class LeadApp : VoronkaApp
{
    protected virtual int FormsPerMinute => 10_000;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Leads:FormSubmissionsPerMinute", FormsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        var zone = OrgTime.Zone("Europe/Moscow");
        var local = TimeZoneInfo.ConvertTimeFromUtc(UtcNow, zone);
        var days = await db.CalendarDays.AsNoTracking().ToDictionaryAsync(d => d.Date, d => d.IsWorking);
        bool Working(DateOnly d) => days.TryGetValue(d, out var w) ? w : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        var day = DateOnly.FromDateTime(local);
        if (!(Working(day) && local.Hour is >= 10 and < 16))
        {
            if (local.Hour >= 10) day = day.AddDays(1);
            while (!Working(day)) day = day.AddDays(1);
            var target = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(11, 0)), zone);
            Clock.Advance(target - UtcNow);
        }
    }
}

/// <summary>Leads through the API: duplicates found however the phone was typed, the owner of a returning client, the
/// rules and their shares, capacity, "why this manager", accept and reject, and the public form.</summary>
public class LeadApiTests(LeadApp app) : IClassFixture<LeadApp>
{
    private async Task<LeadResponse> Post(HttpClient c, object lead) =>
        await c.PostAsJsonAsync("/api/v1/leads", lead).Expect<LeadResponse>(HttpStatusCode.Created);

    [Fact]
    public async Task A_returning_client_is_found_however_the_phone_was_typed_and_goes_to_their_owner()
    {
        var m3 = await app.As("manager3");
        var contact = await m3.PostAsJsonAsync("/api/v1/contacts", new ContactRequest("Ольга Клиентова",
            Phones: ["8 (916) 123-45-67"],
            Emails: ["olga@klient.example"])).Expect<ContactResponse>(HttpStatusCode.Created);
        var director = await app.As("director");
        foreach (var (phone, email) in new[] { ("+79161234567", (string?)null), ("916 123 45 67", null), (null, "OLGA@Klient.Example") })
        {
            var lead = await Post(director, new { name = "Ольга", phone, email, source = "site" });
            Assert.Equal((contact.Id, LeadStatus.Assigned, app.UserIds["manager3"]),
                (lead.ContactId!.Value, lead.Status, lead.AssigneeId!.Value));
            Assert.Null(lead.CoveringForId);
            var why = await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>();
            Assert.Equal(RoutingDecisionKind.Owner, Assert.Single(why).Kind);
        }
        // The later leads name the first one still waiting.
        var leads = await director.GetAsync("/api/v1/leads?q=%2B79161234567").Expect<Page<LeadResponse>>();
        Assert.Equal(2, leads.Total);
        Assert.All(leads.Items.SkipLast(1), l => Assert.Equal(leads.Items[^1].Id, l.DuplicateOfId));

        // The owner away: the lead is routed to someone else, marked as covering for them.
        await director.PostAsJsonAsync("/api/v1/calendar/absences", new
        {
            userId = app.UserIds["manager3"], from = app.Today, to = app.Today.AddDays(3), kind = "Vacation",
        }).Expect<JsonElement>(HttpStatusCode.Created);
        var covered = await Post(director, new { name = "Ольга", phone = "8-916-123-45-67" });
        Assert.Equal(app.UserIds["manager3"], covered.CoveringForId);
        Assert.NotEqual(app.UserIds["manager3"], covered.AssigneeId);
        var decisions = await director.GetAsync($"/api/v1/leads/{covered.Id}/routing").Expect<List<RoutingDecisionResponse>>();
        var decision = Assert.Single(decisions);
        Assert.Equal(SkipReason.Absent, decision.Candidates.Single(c => c.UserId == app.UserIds["manager3"]).Skipped);
    }

    [Fact]
    public async Task A_rule_shares_its_leads_in_turn_and_skips_a_full_person_with_the_reason()
    {
        var director = await app.As("director");
        var rule = await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Выставка", source = "expo-rr", strategy = "RoundRobin", teamId = app.TeamA,
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        var got = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var lead = await Post(director, new { name = $"Гость {i}", email = $"guest{i}@expo-rr.example", source = "expo-rr" });
            Assert.Equal(rule.Id, lead.RuleId);
            got.Add(lead.AssigneeId!.Value);
        }
        var team = new[] { app.UserIds["senior1"], app.UserIds["manager1"], app.UserIds["manager2"] };
        Assert.All(team, id => Assert.Equal(2, got.Count(g => g == id)));

        // Manager 2 may hold one lead not yet taken, and holds two: passed over, and the decision says why.
        var capacity = await director.PutAsJsonAsync($"/api/v1/users/{app.UserIds["manager2"]}/capacity", new { maxOpenLeads = 1 })
            .Expect<LeadCapacityResponse>();
        Assert.Equal((1, 2), (capacity.MaxOpenLeads!.Value, capacity.OpenLeads));
        for (var i = 0; i < 3; i++)
        {
            var lead = await Post(director, new { email = $"late{i}@expo-rr.example", source = "expo-rr" });
            Assert.NotEqual(app.UserIds["manager2"], lead.AssigneeId);
            var why = Assert.Single(await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>());
            Assert.Equal((RoutingDecisionKind.Routed, "Выставка"), (why.Kind, why.RuleName));
            Assert.Equal(SkipReason.OpenLeadsFull, why.Candidates.Single(c => c.UserId == app.UserIds["manager2"]).Skipped);
            Assert.Equal(0.5m, why.Candidates.Single(c => c.UserId == lead.AssigneeId).Share);
        }
    }

    [Fact]
    public async Task A_person_on_pause_gets_no_leads_and_capacity_is_kept_by_the_director_and_the_senior()
    {
        var director = await app.As("director");
        await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Пауза", source = "pause-test", strategy = "RoundRobin", teamId = app.TeamB,
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        var (m3, s2) = (app.UserIds["manager3"], app.UserIds["senior2"]);
        var manager3 = await app.As("manager3");
        var paused = await manager3.PutAsJsonAsync($"/api/v1/users/{m3}/pause", new { until = app.UtcNow.AddHours(2) })
            .Expect<LeadCapacityResponse>();
        Assert.NotNull(paused.PausedUntil);
        for (var i = 0; i < 3; i++)
            Assert.Equal(s2, (await Post(director, new { email = $"p{i}@pause-test.example", source = "pause-test" })).AssigneeId);
        await manager3.PutAsJsonAsync($"/api/v1/users/{m3}/pause", new { until = (DateTimeOffset?)null }).Expect<LeadCapacityResponse>();
        // Back from the pause, manager 3 is due nothing for the leads missed: the two take the next ones in turn.
        var next = new[] { await Post(director, new { email = "b1@pause-test.example", source = "pause-test" }),
            await Post(director, new { email = "b2@pause-test.example", source = "pause-test" }) };
        Assert.Equal(new[] { m3, s2 }.Order(), next.Select(l => l.AssigneeId!.Value).Order());

        // Only the director and the team's senior set capacity; a person pauses only themselves; bad values are named.
        await manager3.PutAsJsonAsync($"/api/v1/users/{m3}/capacity", new { maxOpenLeads = 5 }).Problem(HttpStatusCode.Forbidden);
        await manager3.PutAsJsonAsync($"/api/v1/users/{s2}/pause", new { until = app.UtcNow.AddHours(1) })
            .Problem(HttpStatusCode.Forbidden);
        await (await app.As("senior1")).PutAsJsonAsync($"/api/v1/users/{m3}/capacity", new { maxOpenLeads = 5 })
            .Problem(HttpStatusCode.NotFound);
        var bad = await director.PutAsJsonAsync($"/api/v1/users/{m3}/capacity", new
        {
            maxOpenLeads = 0, maxNewPerDay = 5000, workFrom = "18:00:00", workTo = "09:00:00",
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["maxNewPerDay", "maxOpenLeads", "workTo"], bad.ErrorFields());
        var tooLong = await manager3.PutAsJsonAsync($"/api/v1/users/{m3}/pause", new { until = app.UtcNow.AddDays(40) })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["until"], tooLong.ErrorFields());
        var set = await (await app.As("senior2")).PutAsJsonAsync($"/api/v1/users/{m3}/capacity", new
        {
            maxNewPerDay = 10, workFrom = "08:00:00", workTo = "17:00:00",
        }).Expect<LeadCapacityResponse>();
        Assert.Equal((10, new TimeOnly(8, 0), new TimeOnly(17, 0)), (set.MaxNewPerDay!.Value, set.WorkFrom, set.WorkTo));
    }

    [Fact]
    public async Task A_lead_taken_becomes_a_deal_in_the_first_stage_with_a_new_contact_and_a_rejection_needs_a_reason()
    {
        var director = await app.As("director");
        var lead = await Post(director, new
        {
            name = "Пётр Новиков", phone = "+7 903 555-00-11", companyName = "ООО «Новый клиент»",
                source = "accept-test",
            utmSource = "yandex", utmCampaign = "spring",
        });
        var manager = await app.As(app.UserIds.Single(kv => kv.Value == lead.AssigneeId).Key);
        var taken = await manager.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/accept", new { version = lead.Version })
            .Expect<LeadResponse>();
        Assert.Equal(LeadStatus.Accepted, taken.Status);
        var deal = await manager.GetAsync($"/api/v1/deals/{taken.DealId}").Expect<DealResponse>();
        Assert.Equal(("ООО «Новый клиент»", lead.AssigneeId!.Value, "accept-test"), (deal.Title, deal.OwnerId,
            deal.Source));
        Assert.NotNull(deal.ContactId);
        var contact = await manager.GetAsync($"/api/v1/contacts/{deal.ContactId}").Expect<ContactResponse>();
        Assert.Equal(("Пётр Новиков", "+79035550011"), (contact.Name, Assert.Single(contact.Phones)));
        await manager.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/accept", new { }).Problem(HttpStatusCode.Conflict);

        var spam = await Post(director, new { email = "bot@spam.example", source = "accept-test" });
        var refused = await director.PostAsJsonAsync($"/api/v1/leads/{spam.Id}/reject", new { comment = "бот" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], refused.ErrorFields());
        var rejected = await director.PostAsJsonAsync($"/api/v1/leads/{spam.Id}/reject", new { reason = "Spam", comment = "бот" })
            .Expect<LeadResponse>();
        Assert.Equal((LeadStatus.Rejected, LeadRejectReason.Spam), (rejected.Status, rejected.RejectReason));
    }

    [Fact]
    public async Task The_person_a_lead_goes_to_is_notified_and_marks_it_read()
    {
        var director = await app.As("director");
        var lead = await Post(director, new { name = "Уведомляемый клиент", email = "notify@lead.example",
            source = "notify-test" });
        var login = app.UserIds.Single(kv => kv.Value == lead.AssigneeId).Key;
        var mine = await app.As(login);
        var list = await mine.GetAsync("/api/v1/notifications?unread=true").Expect<NotificationsResponse>();
        var note = Assert.Single(list.Items, n => n.Link == $"/leads?id={lead.Id}");
        Assert.Equal((NotificationKind.LeadAssigned, "Уведомляемый клиент"), (note.Kind, note.Subject));
        Assert.True(list.Unread >= 1);
        // Nobody else sees it.
        var other = await app.As(login == "manager3" ? "manager1" : "manager3");
        Assert.DoesNotContain((await other.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>()).Items,
            n => n.Id == note.Id);
        await other.PostAsJsonAsync("/api/v1/notifications/read", new { ids = new[] { note.Id } }).Expect<JsonElement>();
        Assert.Contains((await mine.GetAsync("/api/v1/notifications?unread=true")
            .Expect<NotificationsResponse>()).Items, n => n.Id == note.Id);

        var marked = await mine.PostAsJsonAsync("/api/v1/notifications/read", new { ids = new[] { note.Id } }).Expect<JsonElement>();
        Assert.Equal(1, marked.GetProperty("marked").GetInt32());
        var after = await mine.GetAsync("/api/v1/notifications?unread=true").Expect<NotificationsResponse>();
        Assert.DoesNotContain(after.Items, n => n.Id == note.Id);
        Assert.Equal(list.Unread - 1, after.Unread);
        var empty = await mine.PostAsJsonAsync("/api/v1/notifications/read", new { }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["ids"], empty.ErrorFields());
    }

    [Fact]
    public async Task Bad_leads_are_refused_naming_the_field_and_nothing_is_written()
    {
        var director = await app.As("director");
        var before = await app.Db(db => db.Leads.CountAsync());
        var none = await director.PostAsJsonAsync("/api/v1/leads",
            new { name = "Без контактов" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["phone"], none.ErrorFields());
        var bad = await director.PostAsJsonAsync("/api/v1/leads", new { phone = "позвоните", email = "not-mail",
            inn = "1234567890" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["email", "inn", "phone"], bad.ErrorFields());
        await director.PostAsJsonAsync("/api/v1/leads", new { phone = "+79160000000", colour = "red" }).Problem(HttpStatusCode.BadRequest);
        await (await app.As("assistant")).PostAsJsonAsync("/api/v1/leads", new { phone = "+79160000000" })
            .Problem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await app.Db(db => db.Leads.CountAsync()));
    }

    [Fact]
    public async Task The_public_form_takes_a_lead_from_a_plain_page_with_its_utm_and_refuses_what_it_should()
    {
        var director = await app.As("director");
        var form = await director.PostAsJsonAsync("/api/v1/forms", new { name = "Сайт", source = "site-form" })
            .Expect<LeadFormResponse>(HttpStatusCode.Created);
        Assert.True(form.Key.Length >= 32);
        var anonymous = app.CreateClient();
        var page = new HttpRequestMessage(HttpMethod.Post, $"/forms/{form.Key}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "<script>alert(1)</script> Иван", ["phone"] = "8 912 000-11-22", ["message"] = "Нужен счёт",
                ["utm_source"] = "google", ["utm_medium"] = "cpc", ["utm_campaign"] = "brand", ["page"] = "https://site.example/price",
                ["website"] = "",
            }),
        };
        page.Headers.Referrer = new Uri("https://site.example/price?utm_source=google");
        var answer = await anonymous.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Заявка принята", await answer.Content.ReadAsStringAsync());
        var lead = await app.Db(db => db.Leads.AsNoTracking().SingleAsync(l => l.FormId == form.Id));
        Assert.Equal((LeadChannel.Form, "site-form", "google", "cpc", "brand", "+79120001122"),
            (lead.Channel, lead.Source, lead.UtmSource, lead.UtmMedium, lead.UtmCampaign, lead.PhoneE164));
        Assert.Equal("<script>alert(1)</script> Иван", lead.Name);
        Assert.Contains("Нужен счёт", lead.Payload);
        Assert.NotNull(lead.AssigneeId);

        var before = await app.Db(db => db.Leads.CountAsync());
        // A robot fills the hidden field: answered as taken, kept nowhere.
        var robot = await anonymous.PostAsync($"/forms/{form.Key}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["phone"] = "+79120001123", ["website"] = "http://spam.example",
        }));
        Assert.Equal(HttpStatusCode.OK, robot.StatusCode);
        var empty = await anonymous.PostAsJsonAsync($"/forms/{form.Key}", new { name = "Никак" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["phone"], empty.ErrorFields());
        await anonymous.PostAsJsonAsync("/forms/no-such-key", new { phone = "+79120001124" }).Problem(HttpStatusCode.NotFound);
        var huge = new StringContent($"{{\"phone\":\"+79120001125\",\"message\":\"{new string('x', 5 * 1024 * 1024)}\"}}", Encoding.UTF8,
            "application/json");
        var tooLarge = await anonymous.PostAsync($"/forms/{form.Key}", huge).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("64 KB", tooLarge.GetProperty("detail").GetString());
        Assert.Equal(before, await app.Db(db => db.Leads.CountAsync()));

        // JSON from a script is taken too.
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync($"/forms/{form.Key}", new { email = "json@site.example" }))
            .StatusCode);
    }
}

/// <summary>A company whose forms take 30 submissions a minute from one address.</summary>
public class LimitedFormsApp : LeadApp
{
    protected override int FormsPerMinute => 30;
}

public class LeadFormLimitTests(LimitedFormsApp app) : IClassFixture<LimitedFormsApp>
{
    [Fact]
    public async Task A_hundred_submissions_a_minute_from_one_address_are_refused_after_the_limit()
    {
        var director = await app.As("director");
        var form = await director.PostAsJsonAsync("/api/v1/forms", new { name = "Лендинг" })
            .Expect<LeadFormResponse>(HttpStatusCode.Created);
        var anonymous = app.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
            codes.Add((await anonymous.PostAsJsonAsync($"/forms/{form.Key}", new { email = $"flood{i}@site.example" })).StatusCode);
        Assert.Equal(30, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(70, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        var problem = await anonymous.PostAsJsonAsync($"/forms/{form.Key}", new { email = "more@site.example" })
            .Problem(HttpStatusCode.TooManyRequests);
        Assert.Contains("30 submissions a minute", problem.GetProperty("detail").GetString());
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        Assert.Equal(30, await db.Leads.CountAsync(l => l.FormId == form.Id));
    }
}
