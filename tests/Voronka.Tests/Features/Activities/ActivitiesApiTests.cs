using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Deals;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Activities;

public class ActivitiesApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_call_is_logged_on_a_deal_and_inherits_its_company_and_contact()
    {
        var c = await app.As("manager1");
        var company = await c.PostJson("/api/v1/companies", new { name = $"Звонки {Guid.NewGuid():N}" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        var deal = await c.PostJson("/api/v1/deals", new { title = "Звоним", companyId = company.Id }).Expect<DealResponse>(HttpStatusCode.Created);
        var at = app.Clock.GetUtcNow().AddHours(-1);
        var call = await c.PostJson("/api/v1/activities", new
        {
            type = "Call", dealId = deal.Id, occurredAt = at, direction = "Outgoing", callResult = "Connected", durationSeconds = 315,
            recordingUrl = "https://records.example.com/42.mp3", notes = "Договорились о встрече",
        }).Expect<ActivityResponse>(HttpStatusCode.Created);
        Assert.Equal(company.Id, call.CompanyId);
        Assert.Equal(app.UserIds["manager1"], call.UserId);
        Assert.Equal(315, call.DurationSeconds);
        Assert.Equal(at.UtcDateTime, call.OccurredAt, TimeSpan.FromMilliseconds(1));

        var list = await c.GetAsync($"/api/v1/activities?dealId={deal.Id}&type=Call").Expect<Page<ActivityResponse>>();
        Assert.Equal([call.Id], list.Items.Select(a => a.Id).ToArray());
        var byCompany = await c.GetAsync($"/api/v1/activities?companyId={company.Id}").Expect<Page<ActivityResponse>>();
        Assert.Equal(1, byCompany.Total);
        var today = DateOnly.FromDateTime(app.UtcNow);
        var byDay = await c.GetAsync($"/api/v1/activities?dealId={deal.Id}&from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}").Expect<Page<ActivityResponse>>();
        Assert.Equal(1, byDay.Total);
    }

    [Fact]
    public async Task Activities_are_checked_by_type()
    {
        var c = await app.As("manager1");
        var deal = await c.PostJson("/api/v1/deals", new { title = "Проверки" }).Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Equal(["callResult", "direction"], (await c.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["direction", "durationSeconds"],
            (await c.PostJson("/api/v1/activities", new { type = "Proposal", dealId = deal.Id, direction = "Incoming", durationSeconds = 5 }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["occurredAt"],
            (await c.PostJson("/api/v1/activities", new { type = "Meeting", dealId = deal.Id, occurredAt = app.Clock.GetUtcNow().AddDays(3) }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["dealId"], (await c.PostJson("/api/v1/activities", new { type = "Note" }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["type"], (await c.PostRaw("/api/v1/activities", """{"type":"Lunch","dealId":1}""").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["recordingUrl"],
            (await c.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Incoming", callResult = "Busy", recordingUrl = "ftp://x/y" }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["userId"],
            (await c.PostJson("/api/v1/activities", new { type = "Note", dealId = deal.Id, userId = app.UserIds["manager3"] }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Only_the_author_or_their_senior_change_an_activity()
    {
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Чья встреча" }).Expect<DealResponse>(HttpStatusCode.Created);
        var meeting = await m1.PostJson("/api/v1/activities", new { type = "Meeting", dealId = deal.Id, durationSeconds = 3600 }).Expect<ActivityResponse>(HttpStatusCode.Created);
        await (await app.As("manager2")).DeleteAsync($"/api/v1/activities/{meeting.Id}").Problem(HttpStatusCode.NotFound);
        var fixedBySenior = await (await app.As("senior1")).PutJson($"/api/v1/activities/{meeting.Id}", new { type = "Meeting", dealId = deal.Id, durationSeconds = 1800 })
            .Expect<ActivityResponse>();
        Assert.Equal(1800, fixedBySenior.DurationSeconds);
        Assert.Equal(app.UserIds["manager1"], fixedBySenior.UserId);
        Assert.Equal(HttpStatusCode.NoContent, (await m1.DeleteAsync($"/api/v1/activities/{meeting.Id}")).StatusCode);
        await m1.GetAsync($"/api/v1/activities/{meeting.Id}").Problem(HttpStatusCode.NotFound);
    }
}
