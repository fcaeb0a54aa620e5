using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Leads;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>A company of its own whose accept timer the tests run by hand, on its own clock; the tests share it, so each
/// looks at its own leads.</summary>
public class TimerApp : LeadApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Leads:RunTimers", "false");
    }
}

/// <summary>The accept timer on a fake clock: over a weekend, to the next person, up to the senior and the director, and
/// left alone once the manager has called.</summary>
public class LeadTimerTests(TimerApp app) : IClassFixture<TimerApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    private DateTime Local => TimeZoneInfo.ConvertTimeFromUtc(app.UtcNow, Moscow);

    private static DateTime Utc(DateOnly day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Moscow);

    private void To(DateTime utc) => app.Clock.Advance(utc - app.UtcNow);

    // The clock moves days on: a session token from before has run out, so each step signs in again.
    private Task<HttpClient> As(string login) => app.SignInAsync(login, VoronkaApp.Password);

    private Task<int> Tick() => app.Services.GetRequiredService<LeadTimers>().RunAsync(CancellationToken.None);

    [Fact]
    public async Task A_lead_not_taken_waits_over_the_weekend_then_goes_on_and_up()
    {
        var director = await As("director");
        var (m1, m2, s1) = (app.UserIds["manager1"], app.UserIds["manager2"], app.UserIds["senior1"]);
        var rule = await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Таймер", source = "timer", strategy = "RoundRobin", people = new Dictionary<int, decimal> { [m1] = 1, [m2] = 1 },
            acceptMinutes = 15, maxPasses = 1,
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        // The next Friday, ten minutes before the end of the day.
        var friday = DateOnly.FromDateTime(Local).AddDays(1);
        while (friday.DayOfWeek != DayOfWeek.Friday) friday = friday.AddDays(1);
        To(Utc(friday, 17, 50));
        director = await As("director");
        var lead = await director.PostAsJsonAsync("/api/v1/leads", new { email = "weekend@timer.example", source = "timer" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        var first = lead.AssigneeId!.Value;
        var monday = friday.AddDays(3);
        await AssertDue(lead.Id, Utc(monday, 9, 5));

        To(Utc(friday.AddDays(1), 12, 0));
        await Tick();
        await AssertDue(lead.Id, Utc(monday, 9, 5));
        To(Utc(monday, 9, 6));
        await Tick();
        director = await As("director");
        var passed = await director.GetAsync($"/api/v1/leads/{lead.Id}").Expect<LeadResponse>();
        Assert.Equal(first == m1 ? m2 : m1, passed.AssigneeId);
        await AssertDue(lead.Id, Utc(monday, 9, 21));

        // One pass allowed: next it goes up to the senior of the team, then to the director.
        To(Utc(monday, 9, 22));
        await Tick();
        var up = await director.GetAsync($"/api/v1/leads/{lead.Id}").Expect<LeadResponse>();
        Assert.Equal((s1, 1), (up.AssigneeId!.Value, up.Level));
        To(Utc(monday, 9, 38));
        await Tick();
        Assert.Equal(app.UserIds["director"], (await director.GetAsync($"/api/v1/leads/{lead.Id}").Expect<LeadResponse>()).AssigneeId);
        To(Utc(monday, 12, 0));
        await Tick();
        var path = await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>();
        Assert.Equal([RoutingDecisionKind.Routed, RoutingDecisionKind.Passed, RoutingDecisionKind.Escalated, RoutingDecisionKind.Escalated],
            path.Select(d => d.Kind));
        Assert.Equal(SkipReason.TriedBefore, path[1].Candidates.Single(c => c.UserId == first).Skipped);

        // A lead the manager answered by a call stays with them.
        var contact = await (await As("manager1")).PostAsJsonAsync("/api/v1/contacts",
            new ContactRequest("Клиент Таймера",
                Phones: ["+7 916 700-00-01"])).Expect<ContactResponse>(HttpStatusCode.Created);
        var called = await director.PostAsJsonAsync("/api/v1/leads", new { phone = "89167000001", source = "timer" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal((m1, contact.Id), (called.AssigneeId!.Value, called.ContactId!.Value));
        await (await As("manager1")).PostAsJsonAsync("/api/v1/activities",
                new { type = "Call", contactId = contact.Id, direction = "Outgoing", callResult = "Connected" })
            .Expect<System.Text.Json.JsonElement>(HttpStatusCode.Created);
        To(Utc(monday, 13, 0));
        await Tick();
        var kept = await director.GetAsync($"/api/v1/leads/{called.Id}").Expect<LeadResponse>();
        Assert.Equal((m1, (DateTime?)null), (kept.AssigneeId!.Value, kept.DueAt));
        Assert.NotNull(kept.FirstTouchAt);

        // Speed to lead: who let the lead pass and when; manager 1 answered the called lead within a working minute.
        var period = $"from={friday:yyyy-MM-dd}&to={monday:yyyy-MM-dd}";
        var speed = await director.GetAsync($"/api/v1/reports/speed-to-lead?{period}").Expect<SpeedToLeadResponse>();
        var let = speed.Breaches.Where(b => b.LeadId == lead.Id).OrderBy(b => b.MovedAt).ToList();
        Assert.Equal([first, first == m1 ? m2 : m1, s1], let.Select(b => b.UserId));
        Assert.Equal([RoutingDecisionKind.Passed, RoutingDecisionKind.Escalated, RoutingDecisionKind.Escalated], let.Select(b => b.Kind));
        var answered = speed.People.Single(p => p.UserId == m1).Answer;
        Assert.Equal(1, answered.Leads);
        Assert.InRange(answered.MedianMinutes!.Value, 0m, 1m);
        // The fair share of the rule: the first was due half of the lead and got it; the other was due the rest once the
        // first had had it, and got it too.
        var shares = await director.GetAsync($"/api/v1/reports/lead-shares?{period}&ruleId={rule.Id}").Expect<LeadSharesResponse>();
        Assert.Equal((0.5m, 1, -0.5m), shares.People.Where(p => p.UserId == first).Select(p => (p.Due, p.Received, p.Behind)).Single());
        Assert.Equal((1.5m, 1, 0.5m), shares.People.Where(p => p.UserId != first).Select(p => (p.Due, p.Received, p.Behind)).Single());
    }

    [Fact]
    public async Task A_lead_nobody_can_take_waits_and_goes_up_at_once()
    {
        var director = await As("director");
        var m3 = app.UserIds["manager3"];
        await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Никого", source = "nobody", strategy = "RoundRobin", people = new Dictionary<int, decimal> { [m3] = 1 },
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        await (await As("manager3")).PutAsJsonAsync($"/api/v1/users/{m3}/pause", new { until = app.UtcNow.AddHours(3) })
            .Expect<LeadCapacityResponse>();
        var lead = await director.PostAsJsonAsync("/api/v1/leads", new { email = "nobody@timer.example", source = "nobody" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal(app.UserIds["senior2"], lead.AssigneeId);
        var path = await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>();
        Assert.Equal([RoutingDecisionKind.Queued, RoutingDecisionKind.Escalated], path.Select(d => d.Kind));
        Assert.Equal(SkipReason.Paused, Assert.Single(path[0].Candidates).Skipped);
    }

    [Fact]
    public async Task A_lead_that_comes_at_night_waits_for_the_morning_and_goes_to_the_first_at_work()
    {
        var m2 = app.UserIds["manager2"];
        var director = await As("director");
        await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Ночь", source = "night", strategy = "RoundRobin", people = new Dictionary<int, decimal> { [m2] = 1 },
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        var morning = DateOnly.FromDateTime(Local).AddDays(1);
        while (morning.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) morning = morning.AddDays(1);
        To(Utc(morning, 6, 30));
        director = await As("director");
        var lead = await director.PostAsJsonAsync("/api/v1/leads", new { email = "night@timer.example", source = "night" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        // A returning client of manager 1 writes at night too: in the morning the lead goes to manager 1.
        var m1 = app.UserIds["manager1"];
        await (await As("manager1")).PostAsJsonAsync("/api/v1/contacts", new ContactRequest("Ночной клиент",
            Emails: ["owl@timer.example"]))
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var owl = await director.PostAsJsonAsync("/api/v1/leads", new { email = "owl@timer.example", source = "night" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal((LeadStatus.New, m1), (owl.Status, owl.CoveringForId!.Value));
        Assert.Equal((LeadStatus.New, (int?)null), (lead.Status, lead.AssigneeId));
        var waited = Assert.Single(await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>());
        Assert.Equal((RoutingDecisionKind.Queued, SkipReason.OffHours), (waited.Kind, Assert.Single(waited.Candidates).Skipped));
        To(Utc(morning, 8, 30));
        await Tick();
        Assert.Equal(LeadStatus.New, (await director.GetAsync($"/api/v1/leads/{lead.Id}").Expect<LeadResponse>()).Status);
        To(Utc(morning, 9, 1));
        await Tick();
        director = await As("director");
        var taken = await director.GetAsync($"/api/v1/leads/{lead.Id}").Expect<LeadResponse>();
        Assert.Equal((LeadStatus.Assigned, m2), (taken.Status, taken.AssigneeId!.Value));
        Assert.Equal(2, (await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>()).Count);
        var owlTaken = await director.GetAsync($"/api/v1/leads/{owl.Id}").Expect<LeadResponse>();
        Assert.Equal((LeadStatus.Assigned, m1, (int?)null), (owlTaken.Status, owlTaken.AssigneeId!.Value, owlTaken.CoveringForId));
        Assert.Equal(RoutingDecisionKind.Owner,
            (await director.GetAsync($"/api/v1/leads/{owl.Id}/routing").Expect<List<RoutingDecisionResponse>>()).Last().Kind);
    }

    private async Task AssertDue(int id, DateTime due)
    {
        await using var db = await app.Services
            .GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.VoronkaDbContext>>().CreateDbContextAsync();
        // The clock runs on while the test works: the due moment is as far from it as the lead's arrival was.
        Assert.InRange((await db.Leads.FindAsync(id))!.DueAt!.Value, due, due.AddSeconds(10));
    }
}
