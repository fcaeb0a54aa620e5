using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Organisation;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>The order rules are tried in, moved by the director, and a rule that takes only one form's leads.</summary>
public class RoutingRulesApiTests(LeadApp app) : IClassFixture<LeadApp>
{
    [Fact]
    public async Task The_first_rule_that_matches_routes_and_moving_a_rule_up_changes_which_that_is()
    {
        var director = await app.As("director");
        var teamRule = await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Сайт — команда А", source = "order", strategy = "RoundRobin", teamId = app.TeamA,
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        var personRule = await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Сайт — Третий", source = "order", strategy = "RoundRobin", people = new Dictionary<string, decimal>
            {
                [app.UserIds["manager3"].ToString(System.Globalization.CultureInfo.InvariantCulture)] = 1,
            },
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        var first = await director.PostAsJsonAsync("/api/v1/leads", new { email = "one@order.example", source = "order" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal(teamRule.Id, first.RuleId);

        var order = await director.PostAsJsonAsync($"/api/v1/routing/rules/{personRule.Id}/move", new { by = -1 })
            .Expect<List<RoutingRuleResponse>>();
        var ids = order.Select(r => r.Id).ToList();
        Assert.Equal(ids.IndexOf(teamRule.Id) - 1, ids.IndexOf(personRule.Id));
        Assert.Equal(Enumerable.Range(1, order.Count).Select(i => i * 10), order.Select(r => r.Position));
        var second = await director.PostAsJsonAsync("/api/v1/leads", new { email = "two@order.example", source = "order" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal((personRule.Id, app.UserIds["manager3"]), (second.RuleId!.Value, second.AssigneeId!.Value));

        // Up and up again: from the top it stays on top. A step of two, or a senior's move, is refused.
        for (var i = 0; i <= order.Count; i++)
            order = await director.PostAsJsonAsync($"/api/v1/routing/rules/{personRule.Id}/move", new { by = -1 })
                .Expect<List<RoutingRuleResponse>>();
        Assert.Equal(personRule.Id, order[0].Id);
        var bad = await director.PostAsJsonAsync($"/api/v1/routing/rules/{personRule.Id}/move", new { by = 2 })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["by"], bad.ErrorFields());
        await (await app.As("senior1")).PostAsJsonAsync($"/api/v1/routing/rules/{personRule.Id}/move", new { by = 1 })
            .Problem(HttpStatusCode.Forbidden);
        await director.PostAsJsonAsync("/api/v1/routing/rules/999999/move", new { by = 1 }).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rule_for_one_form_takes_that_forms_leads_only()
    {
        var director = await app.As("director");
        var form = await director.PostAsJsonAsync("/api/v1/forms", new { name = "Акция", source = "promo" })
            .Expect<LeadFormResponse>(HttpStatusCode.Created);
        var rule = await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Акция — команда Б", formId = form.Id, strategy = "LeastLoaded", teamId = app.TeamB,
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        var sent = await app.CreateClient().PostAsJsonAsync($"/forms/{form.Key}", new { phone = "+7 915 000-11-22" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var leads = await director.GetAsync("/api/v1/leads?q=%2B79150001122").Expect<Voronka.Core.Common.Page<LeadResponse>>();
        var fromForm = Assert.Single(leads.Items);
        Assert.Equal(rule.Id, fromForm.RuleId);
        var other = await director.PostAsJsonAsync("/api/v1/leads", new { email = "not@form.example", source = "promo" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.NotEqual(rule.Id, other.RuleId);
        await director.PostAsJsonAsync("/api/v1/routing/rules", new { name = "Нет такой", formId = 999_999, strategy = "RoundRobin",
            teamId = app.TeamB }).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_organisations_working_hours_decide_who_is_at_work_for_everyone_without_hours_of_their_own()
    {
        var director = await app.As("director");
        var org = await director.GetAsync("/api/v1/organisation").Expect<OrganisationResponse>();
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(18, 0)), (org.WorkFrom, org.WorkTo));
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.UtcNow, OrgTime.Zone(org.TimeZoneId)));
        var later = new TimeOnly(local.Hour + 2, 0);
        var bad = await director.PutJson("/api/v1/organisation", new
        {
            name = org.Name, timeZoneId = org.TimeZoneId, currency = org.Currency, version = org.Version,
            workFrom = "18:00", workTo = "09:00",
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["workTo"], bad.ErrorFields());
        org = await director.PutJson("/api/v1/organisation", new
        {
            name = org.Name, timeZoneId = org.TimeZoneId, currency = org.Currency, version = org.Version,
            workFrom = later.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), workTo = "23:00",
        }).Expect<OrganisationResponse>();
        var capacity = await director.GetAsync($"/api/v1/users/{app.UserIds["manager1"]}/capacity").Expect<LeadCapacityResponse>();
        Assert.Equal(later, capacity.WorkFrom);

        // Before the day starts nobody is at work: the lead waits, and says why.
        var lead = await director.PostAsJsonAsync("/api/v1/leads", new { email = "early@hours.example" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal(LeadStatus.New, lead.Status);
        var why = Assert.Single(await director.GetAsync($"/api/v1/leads/{lead.Id}/routing").Expect<List<RoutingDecisionResponse>>());
        Assert.All(why.Candidates, c => Assert.Equal(SkipReason.OffHours, c.Skipped));

        await director.PutJson("/api/v1/organisation", new
        {
            name = org.Name, timeZoneId = org.TimeZoneId, currency = org.Currency, version = org.Version, workFrom = "09:00",
            workTo = "18:00",
        }).Expect<OrganisationResponse>();
        await app.Services.GetRequiredService<LeadTimers>().RunAsync(CancellationToken.None);
        Assert.Equal(LeadStatus.Assigned, (await director.GetAsync($"/api/v1/leads/{lead.Id}").Expect<LeadResponse>()).Status);
    }
}
