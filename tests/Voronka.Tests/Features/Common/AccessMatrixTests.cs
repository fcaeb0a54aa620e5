using System.Net;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>
/// manager1 (team A) owns a company, its contact and two deals; the assistant holds a task on a second deal
/// (of a second company) only.
/// </summary>
public sealed class AccessWorld : VoronkaApp
{
    public int CompanyId { get; private set; }
    public int ContactId { get; private set; }
    public int DealId { get; private set; }
    public int AssistedCompanyId { get; private set; }
    public int AssistedDealId { get; private set; }
    public int AssistantTaskId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var m1 = await As("manager1");
        CompanyId = (await m1.PostJson("/api/v1/companies", new { name = "ООО «Закрытая»", inn = "7707083893" }).Expect<CompanyResponse>(HttpStatusCode.Created)).Id;
        ContactId = (await m1.PostJson("/api/v1/contacts", new { name = "Закрытый Контакт", companyId = CompanyId, phones = new[] { "+79160000001" } })
            .Expect<ContactResponse>(HttpStatusCode.Created)).Id;
        DealId = (await m1.PostJson("/api/v1/deals", new { title = "Сделка manager1", companyId = CompanyId, contactId = ContactId })
            .Expect<DealResponse>(HttpStatusCode.Created)).Id;
        AssistedCompanyId = (await m1.PostJson("/api/v1/companies", new { name = "ООО «С документами»" }).Expect<CompanyResponse>(HttpStatusCode.Created)).Id;
        AssistedDealId = (await m1.PostJson("/api/v1/deals", new { title = "Сделка с документами", companyId = AssistedCompanyId }).Expect<DealResponse>(HttpStatusCode.Created)).Id;
        AssistantTaskId = (await m1.PostJson("/api/v1/tasks", new
        {
            dealId = AssistedDealId, kind = "Paperwork", title = "Согласовать договор", assigneeId = UserIds["assistant"], dueAt = Clock.GetUtcNow().AddDays(1),
        }).Expect<TaskResponse>(HttpStatusCode.Created)).Id;
    }
}

public class AccessMatrixTests(AccessWorld w) : IClassFixture<AccessWorld>
{
    [Theory]
    [InlineData("director", HttpStatusCode.OK)]
    [InlineData("senior1", HttpStatusCode.OK)]
    [InlineData("manager1", HttpStatusCode.OK)]
    [InlineData("manager2", HttpStatusCode.NotFound)]
    [InlineData("senior2", HttpStatusCode.NotFound)]
    [InlineData("manager3", HttpStatusCode.NotFound)]
    [InlineData("assistant", HttpStatusCode.NotFound)]
    public async Task Reading_a_deal_its_company_contact_and_history(string login, HttpStatusCode expected)
    {
        var c = await w.As(login);
        foreach (var url in new[] { $"/api/v1/deals/{w.DealId}", $"/api/v1/deals/{w.DealId}/history", $"/api/v1/companies/{w.CompanyId}", $"/api/v1/contacts/{w.ContactId}" })
        {
            var response = await c.GetAsync(url);
            Assert.True(expected == response.StatusCode, $"{login} GET {url}: {(int)response.StatusCode}");
        }
        var list = await c.GetAsync("/api/v1/deals?pageSize=200").Expect<Voronka.Core.Common.Page<DealResponse>>();
        Assert.Equal(expected == HttpStatusCode.OK, list.Items.Any(d => d.Id == w.DealId));
    }

    [Theory]
    [InlineData("director", HttpStatusCode.OK)]
    [InlineData("senior1", HttpStatusCode.OK)]
    [InlineData("manager1", HttpStatusCode.OK)]
    [InlineData("manager2", HttpStatusCode.NotFound)]
    [InlineData("senior2", HttpStatusCode.NotFound)]
    [InlineData("manager3", HttpStatusCode.NotFound)]
    [InlineData("assistant", HttpStatusCode.NotFound)]
    public async Task Editing_and_moving_a_deal(string login, HttpStatusCode expected)
    {
        var director = await w.As("director");
        var c = await w.As(login);
        var current = await director.GetAsync($"/api/v1/deals/{w.DealId}").Expect<DealResponse>();
        var put = await c.PutJson($"/api/v1/deals/{w.DealId}", new { version = current.Version, title = $"Правка {login}", companyId = w.CompanyId, contactId = w.ContactId });
        Assert.Equal(expected, put.StatusCode);
        var move = await c.PostJson($"/api/v1/deals/{w.DealId}/move", new { stageId = current.StageId });
        Assert.Equal(expected, move.StatusCode);
        var after = await director.GetAsync($"/api/v1/deals/{w.DealId}").Expect<DealResponse>();
        Assert.Equal(expected == HttpStatusCode.OK ? $"Правка {login}" : current.Title, after.Title);
    }

    [Fact]
    public async Task The_assistant_sees_deals_with_her_tasks_read_only_and_completes_her_task()
    {
        var c = await w.As("assistant");
        var deal = await c.GetAsync($"/api/v1/deals/{w.AssistedDealId}").Expect<DealResponse>();
        await c.GetAsync($"/api/v1/companies/{w.AssistedCompanyId}").Expect<CompanyResponse>();
        await c.PutJson($"/api/v1/companies/{w.AssistedCompanyId}", new { name = "Переименую", version = 0 }).Problem(HttpStatusCode.Forbidden);
        var list = await c.GetAsync("/api/v1/deals").Expect<Voronka.Core.Common.Page<DealResponse>>();
        Assert.Equal([w.AssistedDealId], list.Items.Select(d => d.Id).ToArray());

        await c.PutJson($"/api/v1/deals/{w.AssistedDealId}", new { version = deal.Version, title = "Чужая правка" }).Problem(HttpStatusCode.Forbidden);
        await c.PostJson($"/api/v1/deals/{w.AssistedDealId}/move", new { stageId = deal.StageId }).Problem(HttpStatusCode.Forbidden);
        await c.DeleteAsync($"/api/v1/deals/{w.AssistedDealId}").Problem(HttpStatusCode.Forbidden);
        await c.PostJson("/api/v1/deals", new { title = "Своя сделка" }).Problem(HttpStatusCode.Forbidden);
        await c.PostJson("/api/v1/companies", new { name = "ООО «Помощник»" }).Problem(HttpStatusCode.Forbidden);
        await c.PostJson("/api/v1/activities", new { type = "Note", dealId = w.AssistedDealId }).Problem(HttpStatusCode.Forbidden);
        await c.PostJson("/api/v1/tasks", new { dealId = w.AssistedDealId, kind = "Call", dueAt = w.Clock.GetUtcNow() }).Problem(HttpStatusCode.Forbidden);
        await c.PutJson($"/api/v1/tasks/{w.AssistantTaskId}", new { dealId = w.AssistedDealId, kind = "Call", dueAt = w.Clock.GetUtcNow(), version = 0 }).Problem(HttpStatusCode.Forbidden);

        var done = await c.PostJson($"/api/v1/tasks/{w.AssistantTaskId}/complete", new { result = "Договор согласован с юристом" }).Expect<TaskResponse>();
        Assert.Equal(DealTaskStatus.Done, done.Status);
        Assert.NotNull(done.CompletedAt);
    }

    [Theory]
    [InlineData("manager1", "manager2", HttpStatusCode.BadRequest)]
    [InlineData("manager1", "manager1", HttpStatusCode.Created)]
    [InlineData("senior1", "manager2", HttpStatusCode.Created)]
    [InlineData("senior1", "manager3", HttpStatusCode.BadRequest)]
    [InlineData("director", "manager3", HttpStatusCode.Created)]
    [InlineData("director", "assistant", HttpStatusCode.BadRequest)]
    public async Task Who_may_give_a_deal_to_whom(string login, string owner, HttpStatusCode expected)
    {
        var c = await w.As(login);
        var response = await c.PostJson("/api/v1/deals", new { title = $"Передача {Guid.NewGuid():N}", ownerId = w.UserIds[owner] });
        Assert.Equal(expected, response.StatusCode);
    }

    public static TheoryData<string, string, string> DirectorOnly => new()
    {
        { "POST", "/api/v1/products", """{"name":"Товар-ROLE","listPrice":10}""" },
        { "POST", "/api/v1/loss-reasons", """{"name":"Причина-ROLE"}""" },
        { "POST", "/api/v1/regions", """{"name":"Регион-ROLE"}""" },
        { "POST", "/api/v1/teams", """{"name":"Команда-ROLE"}""" },
        { "POST", "/api/v1/custom-fields", """{"entity":"Deal","key":"f_ROLE","name":"Поле","type":"Text"}""" },
        { "POST", "/api/v1/users", """{"login":"user-ROLE","fullName":"Новый","password":"long-password-1","role":"Manager"}""" },
        { "POST", "/api/v1/pipelines", """{"name":"Воронка-ROLE","stages":[{"name":"Открыта"},{"name":"Выиграна","kind":"Won"},{"name":"Проиграна","kind":"Lost"}]}""" },
    };

    [Theory]
    [MemberData(nameof(DirectorOnly))]
    public async Task Settings_are_the_directors(string method, string url, string body)
    {
        foreach (var login in new[] { "senior1", "manager1", "assistant" })
        {
            var c = await w.As(login);
            var response = await c.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(body.Replace("ROLE", login), System.Text.Encoding.UTF8, "application/json"),
            });
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{login} {method} {url}: {(int)response.StatusCode}");
        }
        var director = await w.As("director");
        var ok = await director.PostRaw(url, body.Replace("ROLE", "director"));
        Assert.True(ok.StatusCode == HttpStatusCode.Created, $"director {url}: {await ok.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Without_a_valid_token_everything_under_the_api_is_401()
    {
        var anonymous = w.CreateClient();
        await anonymous.GetAsync("/api/v1/deals").Problem(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "vk_not-a-real-token");
        await anonymous.GetAsync("/api/v1/users").Problem(HttpStatusCode.Unauthorized);
        await anonymous.PostJson("/api/v1/deals", new { title = "x" }).Problem(HttpStatusCode.Unauthorized);
    }
}
