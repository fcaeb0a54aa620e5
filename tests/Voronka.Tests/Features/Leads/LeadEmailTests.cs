using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Leads;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>Leads from the sales mailbox (a raw e-mail posted by a mail gateway) and a lead merged into another.</summary>
public class LeadEmailTests(LeadApp app) : IClassFixture<LeadApp>
{
    private static HttpContent Mail(string text) => new StringContent(text.ReplaceLineEndings("\r\n"), Encoding.UTF8, "message/rfc822");

    private const string Letter = """
        From: "Анна Смирнова" <anna@smirnova.example>
        To: sales@voronka.example
        Subject: =?utf-8?B?0JfQsNC/0YDQvtGBINC60L7QvNC80LXRgNGH0LXRgdC60L7Qs9C+INC/0YDQtdC00LvQvtC20LXQvdC40Y8=?=
        Message-ID: <first-letter@smirnova.example>
        Date: Mon, 30 Nov 2026 10:15:00 +0300
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="b1"

        --b1
        Content-Type: text/html; charset=utf-8

        <html><body><p>Добрый день!</p>
        <p>Нужно 40 станков.<br>Звоните: 8 (916) 765-43-21</p><script>alert(1)</script></body></html>
        --b1--
        """;

    private async Task<int> Count(Func<Lead, bool> which)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        return (await db.Leads.AsNoTracking().ToListAsync()).Count(which);
    }

    [Fact]
    public async Task An_email_becomes_a_lead_with_the_sender_the_phone_and_the_text_and_a_second_delivery_is_the_same_lead()
    {
        var director = await app.As("director");
        var response = await director.PostAsync("/api/v1/leads/email", Mail(Letter));
        var lead = await Task.FromResult(response).Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal((LeadChannel.Email, "Анна Смирнова", "anna@smirnova.example", "+79167654321", "email"),
            (lead.Channel, lead.Name, lead.Email, lead.PhoneE164, lead.Source));
        Assert.Equal("Запрос коммерческого предложения\n\nДобрый день!\n\n"
            + "Нужно 40 станков.\nЗвоните: 8 (916) 765-43-21",
            lead.Message);
        Assert.Equal(LeadStatus.Assigned, lead.Status);

        var again = await director.PostAsync("/api/v1/leads/email", Mail(Letter)).Expect<LeadResponse>();
        Assert.Equal(lead.Id, again.Id);
        Assert.Equal(1, await Count(l => l.Email == "anna@smirnova.example"));

        // Reply-To names the client when a site's robot sends the letter.
        var relayed = await director.PostAsync("/api/v1/leads/email", Mail("""
            From: robot@site.example
            Reply-To: Борис <boris@client.example>
            Subject: Заявка с сайта
            Message-ID: <relayed@site.example>
            Content-Type: text/plain; charset=utf-8

            Прошу перезвонить.
            """)).Expect<LeadResponse>(HttpStatusCode.Created);
        Assert.Equal(("Борис", "boris@client.example", null), (relayed.Name, relayed.Email, relayed.PhoneE164));
    }

    [Fact]
    public async Task An_automatic_reply_or_something_that_is_not_a_letter_is_refused_and_nothing_is_written()
    {
        var director = await app.As("director");
        var before = await Count(_ => true);
        var auto = await director.PostAsync("/api/v1/leads/email", Mail("""
            From: mailer-daemon@site.example
            Subject: Out of office
            Auto-Submitted: auto-replied
            Message-ID: <ooo@site.example>

            I am away.
            """)).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["message"], auto.ErrorFields());
        var nobody = await director.PostAsync("/api/v1/leads/email", Mail("Subject: no sender\r\n\r\nhello"))
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["from"], nobody.ErrorFields());
        var empty = await director.PostAsync("/api/v1/leads/email", Mail("")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["message"], empty.ErrorFields());
        await director.PostAsync("/api/v1/leads/email", new ByteArrayContent(new byte[LeadEmail.MaxBytes + 1]))
            .Problem(HttpStatusCode.RequestEntityTooLarge);
        await (await app.As("assistant")).PostAsync("/api/v1/leads/email", Mail(Letter)).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await Count(_ => true));
    }

    [Fact]
    public async Task A_waiting_lead_merged_into_another_gives_it_the_phone_and_the_message_and_closes()
    {
        var director = await app.As("director");
        var first = await director.PostAsJsonAsync("/api/v1/leads",
                new { name = "Вера", email = "vera@merge.example", message = "Счёт" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        var second = await director.PostAsJsonAsync("/api/v1/leads", new { phone = "+7 926 111-22-33", message = "Перезвоните" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        var refused = await director.PostAsJsonAsync($"/api/v1/leads/{second.Id}/merge", new { intoId = second.Id })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["intoId"], refused.ErrorFields());
        await director.PostAsJsonAsync($"/api/v1/leads/{second.Id}/merge", new { intoId = 999_999 }).Problem(HttpStatusCode.BadRequest);

        var merged = await director.PostAsJsonAsync($"/api/v1/leads/{second.Id}/merge", new { intoId = first.Id, version = second.Version })
            .Expect<LeadResponse>();
        Assert.Equal((LeadStatus.Merged, first.Id), (merged.Status, merged.MergedIntoId!.Value));
        Assert.Null(merged.DueAt);
        var into = await director.GetAsync($"/api/v1/leads/{first.Id}").Expect<LeadResponse>();
        Assert.Equal(("Вера", "vera@merge.example", "+79261112233"), (into.Name, into.Email, into.PhoneE164));
        Assert.StartsWith("Счёт\n\n", into.Message, StringComparison.Ordinal);
        Assert.EndsWith("UTC: Перезвоните", into.Message, StringComparison.Ordinal);

        // Merged once: it is not merged again, nor can anything be merged into it.
        await director.PostAsJsonAsync($"/api/v1/leads/{second.Id}/merge", new { intoId = first.Id }).Problem(HttpStatusCode.Conflict);
        var third = await director.PostAsJsonAsync("/api/v1/leads", new { email = "third@merge.example" })
            .Expect<LeadResponse>(HttpStatusCode.Created);
        var closed = await director.PostAsJsonAsync($"/api/v1/leads/{third.Id}/merge", new { intoId = second.Id })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["intoId"], closed.ErrorFields());
    }
}
