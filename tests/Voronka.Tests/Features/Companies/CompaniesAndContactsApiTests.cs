using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Companies;

public class CompaniesAndContactsApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_company_is_created_normalised_found_updated_and_audited()
    {
        var c = await app.As("manager1");
        var company = await c.PostJson("/api/v1/companies", new
        {
            name = "  ООО «Ромашка»  ", inn = "7736 207 543", industry = "IT", phone = "8 (495) 111-22-33", email = "Info@Romashka.RU",
        }).Expect<CompanyResponse>(HttpStatusCode.Created);
        Assert.Equal("ООО «Ромашка»", company.Name);
        Assert.Equal("7736207543", company.Inn);
        Assert.Equal("+74951112233", company.Phone);
        Assert.Equal("info@romashka.ru", company.Email);
        Assert.Equal(app.UserIds["manager1"], company.OwnerId);

        Assert.Equal(1, (await c.GetAsync("/api/v1/companies?q=ромашка").Expect<Page<CompanyResponse>>()).Total);
        Assert.Equal(1, (await c.GetAsync("/api/v1/companies?q=7736207543").Expect<Page<CompanyResponse>>()).Total);
        Assert.Equal(1, (await c.GetAsync("/api/v1/companies?q=%2B7 495 111 22 33").Expect<Page<CompanyResponse>>()).Total);

        var updated = await c.PutJson($"/api/v1/companies/{company.Id}", new
        {
            name = "ООО «Ромашка-Плюс»", inn = company.Inn, industry = company.Industry, phone = "+7 495 111-22-33", email = company.Email, version = company.Version,
        })
            .Expect<CompanyResponse>();
        Assert.Equal(company.Version + 1, updated.Version);
        await c.PutJson($"/api/v1/companies/{company.Id}", new { name = "Старая копия", version = company.Version }).Problem(HttpStatusCode.Conflict);
        Assert.Equal("ООО «Ромашка-Плюс»", (await c.GetAsync($"/api/v1/companies/{company.Id}").Expect<CompanyResponse>()).Name);
        var history = await c.GetAsync($"/api/v1/companies/{company.Id}/history").Expect<List<Voronka.Core.Features.Deals.AuditEntryResponse>>();
        Assert.Equal(["created", "name"], history.Select(h => h.Field).ToArray());
        Assert.Equal(("ООО «Ромашка»", "ООО «Ромашка-Плюс»"), (history[1].OldValue, history[1].NewValue));
        await (await app.As("manager3")).GetAsync($"/api/v1/companies/{company.Id}/history").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_inn_is_checked_and_unique()
    {
        var c = await app.As("manager2");
        var bad = await c.PostJson("/api/v1/companies", new { name = "Кривой ИНН", inn = "1234567890" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["inn"], bad.ErrorFields());
        await c.PostJson("/api/v1/companies", new { name = "Первая", inn = "500100732259" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        var dup = await (await app.As("manager3")).PostJson("/api/v1/companies", new { name = "Вторая", inn = "500100732259" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["inn"], dup.ErrorFields());
        // Companies without an INN are many, and that is fine.
        await c.PostJson("/api/v1/companies", new { name = "Без ИНН 1" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        await c.PostJson("/api/v1/companies", new { name = "Без ИНН 2" }).Expect<CompanyResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Duplicates_are_found_by_inn_phone_and_email_without_revealing_others_clients()
    {
        var m1 = await app.As("manager1");
        var company = await m1.PostJson("/api/v1/companies", new { name = "ООО «Дубль»", inn = "7707083893" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        var contact = await m1.PostJson("/api/v1/contacts", new { name = "Пётр Дублёв", companyId = company.Id, phones = new[] { "8 916 555-44-33" }, emails = new[] { "Petr@Dubl.ru" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        Assert.Equal(["+79165554433"], contact.Phones);
        Assert.Equal(["petr@dubl.ru"], contact.Emails);

        var own = await m1.GetAsync("/api/v1/companies/duplicates?inn=7707083893&phone=%2B79165554433&email=PETR@dubl.ru").Expect<List<DuplicateMatch>>();
        Assert.Contains(own, m => m.Kind == "company" && m.Id == company.Id && m.MatchedOn == "inn");
        Assert.Contains(own, m => m.Kind == "contact" && m.Id == contact.Id && m.MatchedOn == "phone");
        Assert.Contains(own, m => m.Kind == "contact" && m.Id == contact.Id && m.MatchedOn == "email");

        var other = await (await app.As("manager3")).GetAsync("/api/v1/companies/duplicates?phone=89165554433").Expect<List<DuplicateMatch>>();
        var hidden = Assert.Single(other);
        Assert.Equal(0, hidden.Id);
        Assert.Equal("", hidden.Name);

        var byPhone = await m1.GetAsync("/api/v1/contacts?q=8(916)5554433").Expect<Page<ContactResponse>>();
        Assert.Equal([contact.Id], byPhone.Items.Select(x => x.Id).ToArray());
    }

    [Fact]
    public async Task Contacts_reject_bad_phones_and_emails_by_position()
    {
        var c = await app.As("manager1");
        var problem = await c.PostJson("/api/v1/contacts", new { name = "Ошибка", phones = new[] { "+79161234567", "12" }, emails = new[] { "нет" } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["emails[0]", "phones[1]"], problem.ErrorFields());
        Assert.Equal(["name"], (await c.PostJson("/api/v1/contacts", new { name = "" }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["companyId"], (await c.PostJson("/api/v1/contacts", new { name = "x", companyId = 987654 }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_company_with_deals_is_not_deleted_and_an_empty_one_is()
    {
        var c = await app.As("manager1");
        var used = await c.PostJson("/api/v1/companies", new { name = "ООО «Занятая»" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        await c.PostJson("/api/v1/deals", new { title = "Держит компанию", companyId = used.Id }).Expect<Voronka.Core.Features.Deals.DealResponse>(HttpStatusCode.Created);
        await c.DeleteAsync($"/api/v1/companies/{used.Id}").Problem(HttpStatusCode.Conflict);
        var empty = await c.PostJson("/api/v1/companies", new { name = "ООО «Пустая»" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/companies/{empty.Id}")).StatusCode);
        await c.GetAsync($"/api/v1/companies/{empty.Id}").Problem(HttpStatusCode.NotFound);
    }
}
