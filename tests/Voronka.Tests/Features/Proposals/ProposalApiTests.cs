using System.Net;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Products;
using Voronka.Core.Features.Proposals;
using Voronka.Tests.Features.Telephony;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Proposals;

/// <summary>A company of its own for proposals.</summary>
public class ProposalApp : VoronkaApp;

public class ProposalApiTests(ProposalApp app) : IClassFixture<ProposalApp>
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    [Fact]
    public async Task A_proposal_is_made_for_the_deal_attached_logged_and_its_link_records_the_client_opening_it_until_it_expires()
    {
        var director = await app.SignInAsync("director", VoronkaApp.Password);
        var m1 = await app.SignInAsync("manager1", VoronkaApp.Password);
        var broken = await director.PostJson("/api/v1/arsenal", new { kind = "proposalTemplate", title = "Черновик" })
            .Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        var refused = await director.PutAsync($"/api/v1/arsenal/{broken.Id}/file", RecordingApp.File(Docs.Docx("Для {{company.nme}}"),
            "kp.docx"))
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal("has an unknown field {{company.nme}}.", refused.GetProperty("errors").GetProperty("file")[0].GetString());
        var made = await m1.PostJson($"/api/v1/deals/1/proposals", new { templateId = broken.Id }).Problem(HttpStatusCode.NotFound);

        var template = await director.PostJson("/api/v1/arsenal", new { kind = "proposalTemplate", title = "КП на станки" })
            .Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        var docx = Docs.Docx(Docs.Split("Коммерческое предложение для {{company.name}} (ИНН {{company.inn}})"),
            Docs.Split("Уважаемый {{contact.name}}! Ваш менеджер — {{manager.name}}. "
                + "Действует до {{validUntil}}."),
            Docs.Table(["{{line.number}}", "{{line.product}}", "{{line.quantity}}", "{{line.price}}", "{{line.total}}"],
                ["", "Итого", "", "", "{{lines.total}}"]));
        await director.PutAsync($"/api/v1/arsenal/{template.Id}/file", RecordingApp.File(docx, "КП.docx")).Expect<ArsenalItemResponse>();
        Assert.Contains(template.Id, (await m1.GetAsync("/api/v1/proposal-templates").Expect<List<ProposalTemplateResponse>>())
            .Select(t => t.Id));
        Assert.Contains("line.total", await m1.GetAsync("/api/v1/proposal-templates/fields").Expect<List<string>>());

        var company = await m1.PostJson("/api/v1/companies", new { name = "ООО «Завод»", inn = "7707083893" })
            .Expect<CompanyResponse>(HttpStatusCode.Created);
        var contact = await m1.PostJson("/api/v1/contacts", new { name = "Иван Петров", companyId = company.Id })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var machine = await director.PostJson("/api/v1/products", new { name = "Станок", listPrice = 500000 })
            .Expect<ProductResponse>(HttpStatusCode.Created);
        var setup = await director.PostJson("/api/v1/products", new { name = "Наладка", listPrice = 1200.5 })
            .Expect<ProductResponse>(HttpStatusCode.Created);
        var deal = await m1.PostJson("/api/v1/deals", new
        {
            title = "Станки для завода", companyId = company.Id, contactId = contact.Id,
            lines = new object[] { new { productId = machine.Id, quantity = 2 }, new { productId = setup.Id, quantity = 1 } },
        }).Expect<DealResponse>(HttpStatusCode.Created);

        var bad = await m1.PostJson($"/api/v1/deals/{deal.Id}/proposals", new { templateId = broken.Id, expiresInDays = 0,
            language = "de" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["expiresInDays", "language", "templateId"], bad.ErrorFields().Order());
        await (await app.SignInAsync("manager3", VoronkaApp.Password)).PostJson($"/api/v1/deals/{deal.Id}/proposals",
            new { templateId = template.Id }).Problem(HttpStatusCode.NotFound);
        var proposal = await m1.PostJson($"/api/v1/deals/{deal.Id}/proposals", new { templateId = template.Id, expiresInDays = 7 })
            .Expect<ProposalResponse>(HttpStatusCode.Created);
        Assert.Equal(43, proposal.Token.Length);
        Assert.Equal(app.UtcNow.Date.AddDays(7), proposal.ExpiresAt.Date);

        // Attached to the deal and logged as a proposal sent.
        var files = await m1.GetAsync($"/api/v1/files?ownerType=Deal&ownerId={deal.Id}").Expect<List<FileResponse>>();
        var file = Assert.Single(files);
        Assert.Equal($"Коммерческое предложение — ООО «Завод» — {app.Today:dd.MM.yyyy}.docx",
            file.FileName);
        var logged = await m1.GetAsync($"/api/v1/activities/{proposal.ActivityId}").Expect<ActivityResponse>();
        Assert.Equal((ActivityType.Proposal, deal.Id, "КП на станки"), (logged.Type, logged.DealId, logged.Subject));
        var filled = Docs.Read(await (await m1.GetAsync($"/api/v1/files/{file.Id}")).Content.ReadAsByteArrayAsync());
        // Thousands are kept apart by a space that does not break (as the language's number format has it).
        Assert.Contains('\u00A0', filled[2]);
        var until = app.Today.AddDays(7).ToString("dd.MM.yyyy");
        Assert.Equal([
            "Коммерческое предложение для ООО «Завод» (ИНН 7707083893)",
            $"Уважаемый Иван Петров! Ваш менеджер — MANAGER1. Действует до {until}.",
            "1 | Станок | 2 | 500 000 | 1 000 000",
            "2 | Наладка | 1 | 1 200,50 | 1 200,50",
            " | Итого |  |  | 1 001 200,50",
        ], filled.Select(l => l.Replace('\u00A0', ' ')));

        // The client's link: a wrong token is 404, a link preview is not an opening, the client's browser is.
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/p/" + new string('x', 43))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/p/" + new string('x', 43) + "/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/p/short")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(anonymous, $"/p/{proposal.Token}", "TelegramBot (like TwitterBot)")).StatusCode);
        Assert.Equal(0, (await m1.GetAsync($"/api/v1/deals/{deal.Id}/proposals").Expect<List<ProposalResponse>>())[0].Opens);
        var page = await Get(anonymous, $"/p/{proposal.Token}", Browser);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("MANAGER1", await page.Content.ReadAsStringAsync());
        var download = await Get(anonymous, $"/p/{proposal.Token}/file", Browser);
        Assert.Equal(filled, Docs.Read(await download.Content.ReadAsByteArrayAsync()));
        await Get(anonymous, $"/p/{proposal.Token}", Browser);
        var seen = (await m1.GetAsync($"/api/v1/deals/{deal.Id}/proposals").Expect<List<ProposalResponse>>()).Single();
        Assert.Equal(2, seen.Opens);
        Assert.NotNull(seen.FirstOpenedAt);
        var told = await m1.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Single(told.Items, n => n.Kind == NotificationKind.ProposalOpened && n.Link == $"/deals/{deal.Id}");

        app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(HttpStatusCode.Gone, (await Get(anonymous, $"/p/{proposal.Token}", Browser)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(anonymous, $"/p/{proposal.Token}/file", Browser)).StatusCode);
        m1 = await app.SignInAsync("manager1", VoronkaApp.Password);
        var expired = (await m1.GetAsync($"/api/v1/deals/{deal.Id}/proposals").Expect<List<ProposalResponse>>()).Single();
        Assert.Equal((true, 2), (expired.Expired, expired.Opens));
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string url, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return client.SendAsync(request);
    }
}
