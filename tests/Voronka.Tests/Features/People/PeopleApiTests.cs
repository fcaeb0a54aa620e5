using System.Net;
using System.Net.Http.Headers;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.People;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.People;

public class PeopleApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task Users_are_listed_with_role_and_team()
    {
        var c = await app.As("manager1");
        var users = await c.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var m1 = users.Single(u => u.Login == "manager1");
        Assert.Equal(UserRole.Manager, m1.Role);
        Assert.Equal("Команда А", m1.TeamName);
        var seniors = await c.GetAsync("/api/v1/users?role=Senior").Expect<List<UserResponse>>();
        Assert.Equal(["senior1", "senior2"], seniors.Select(u => u.Login).Order().ToArray());
        var teams = await c.GetAsync("/api/v1/teams").Expect<List<TeamResponse>>();
        var a = teams.Single(t => t.Id == app.TeamA);
        Assert.Equal(app.UserIds["senior1"], a.LeaderId);
        Assert.Contains(app.UserIds["manager2"], a.MemberIds);
    }

    [Fact]
    public async Task A_deactivated_user_keeps_the_history_loses_access_and_gets_no_new_deals()
    {
        var d = await app.As("director");
        var user = await d.PostJson("/api/v1/users", new { login = "leaver", fullName = "Уходящий", password = "long-password-3", role = "Manager", teamId = app.TeamB })
            .Expect<UserResponse>(HttpStatusCode.Created);
        var c = await app.SignInAsync("leaver", "long-password-3");
        var deal = await c.PostJson("/api/v1/deals", new { title = "Сделка уходящего" }).Expect<DealResponse>(HttpStatusCode.Created);

        await d.PutJson($"/api/v1/users/{user.Id}", new { fullName = "Уходящий", role = "Manager", teamId = app.TeamB, isActive = false }).Expect<UserResponse>();
        await c.GetAsync("/api/v1/users/me").Problem(HttpStatusCode.Unauthorized);
        await app.CreateClient().PostJson("/api/v1/auth/token", new { login = "leaver", password = "long-password-3" }).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(user.Id, (await d.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).OwnerId);
        Assert.Equal(["ownerId"], (await d.PostJson("/api/v1/deals", new { title = "Новая", ownerId = user.Id }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["assigneeId"],
            (await d.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Call", dueAt = app.Clock.GetUtcNow(), assigneeId = user.Id }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_move_between_teams_changes_what_the_seniors_see_at_once()
    {
        var d = await app.As("director");
        var user = await d.PostJson("/api/v1/users", new { login = "mover", fullName = "Переходящий", password = "long-password-4", role = "Manager", teamId = app.TeamA })
            .Expect<UserResponse>(HttpStatusCode.Created);
        var deal = await d.PostJson("/api/v1/deals", new { title = "Переходит с владельцем", ownerId = user.Id }).Expect<DealResponse>(HttpStatusCode.Created);
        await (await app.As("senior1")).GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
        await d.PutJson($"/api/v1/users/{user.Id}", new { fullName = "Переходящий", role = "Manager", teamId = app.TeamB }).Expect<UserResponse>();
        await (await app.As("senior1")).GetAsync($"/api/v1/deals/{deal.Id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("senior2")).GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
    }

    [Fact]
    public async Task User_input_is_validated_and_the_last_director_stays()
    {
        var d = await app.As("director");
        var p = await d.PostJson("/api/v1/users", new { login = "senior1", fullName = "", password = "short", teamId = 987654 }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["fullName", "login", "role", "teamId"], p.ErrorFields());
        p = await d.PostJson("/api/v1/users", new { login = "shorty", fullName = "Коротыш", password = "short", role = "Manager" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["password"], p.ErrorFields());
        p = await d.PutJson($"/api/v1/users/{app.UserIds["director"]}", new { fullName = "Директор", role = "Manager" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["role"], p.ErrorFields());
        p = await d.PostJson("/api/v1/teams", new { name = "Без лидера", leaderId = app.UserIds["manager1"] }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["leaderId"], p.ErrorFields());
        await d.DeleteAsync($"/api/v1/teams/{app.TeamA}").Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Passwords_are_changed_by_their_owner_with_the_current_one()
    {
        var d = await app.As("director");
        await d.PostJson("/api/v1/users", new { login = "changer", fullName = "Меняет пароль", password = "long-password-5", role = "Assistant" }).Expect<UserResponse>(HttpStatusCode.Created);
        var c = await app.SignInAsync("changer", "long-password-5");
        Assert.Equal(["currentPassword"], (await c.PutJson("/api/v1/users/me/password", new { currentPassword = "nope-nope", newPassword = "long-password-6" }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.NoContent, (await c.PutJson("/api/v1/users/me/password", new { currentPassword = "long-password-5", newPassword = "long-password-6" })).StatusCode);
        await app.CreateClient().PostJson("/api/v1/auth/token", new { login = "changer", password = "long-password-6" }).Expect<TokenResponse>();
    }

    [Fact]
    public async Task The_organisation_time_zone_and_currency_are_checked()
    {
        var d = await app.As("director");
        var org = await d.GetAsync("/api/v1/organisation").Expect<OrganisationResponse>();
        Assert.Equal("Europe/Moscow", org.TimeZoneId);
        Assert.Equal("RUB", org.Currency);
        var p = await d.PutJson("/api/v1/organisation", new { name = "Рога и копыта", timeZoneId = "Mars/Olympus", currency = "XXX", version = org.Version }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["currency", "timeZoneId"], p.ErrorFields());
        var saved = await d.PutJson("/api/v1/organisation", new { name = "Рога и копыта", timeZoneId = "Asia/Yekaterinburg", currency = "RUB", version = org.Version }).Expect<OrganisationResponse>();
        Assert.Equal("Asia/Yekaterinburg", saved.TimeZoneId);
        await d.PutJson("/api/v1/organisation", new { name = "Старая", timeZoneId = "Europe/Moscow", currency = "RUB", version = org.Version }).Problem(HttpStatusCode.Conflict);
        await d.PutJson("/api/v1/organisation", new { name = "Рога и копыта", timeZoneId = "Europe/Moscow", currency = "RUB", version = saved.Version }).Expect<OrganisationResponse>();
        await (await app.As("senior1")).PutJson("/api/v1/organisation", new { name = "x", timeZoneId = "Europe/Moscow", currency = "RUB", version = 0 }).Problem(HttpStatusCode.Forbidden);
    }
}

public class AccountSafetyTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_password_reset_ends_every_token_of_the_account()
    {
        var d = await app.As("director");
        var user = await d.PostJson("/api/v1/users", new { login = "leaky", fullName = "Утечка", password = "leaky-password-1", role = "Manager", teamId = app.TeamA })
            .Expect<UserResponse>(HttpStatusCode.Created);
        var session = await app.SignInAsync("leaky", "leaky-password-1");
        var pat = await session.PostJson("/api/v1/auth/personal-tokens", new { name = "скрипт" }).Expect<CreatedPersonalTokenResponse>(HttpStatusCode.Created);
        var integration = app.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pat.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await d.PutJson($"/api/v1/users/{user.Id}/password", new { password = "new-leaky-password" })).StatusCode);
        await session.GetAsync("/api/v1/users/me").Problem(HttpStatusCode.Unauthorized);
        await integration.GetAsync("/api/v1/users/me").Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_password_change_ends_the_sessions_and_keeps_integrations()
    {
        var d = await app.As("director");
        await d.PostJson("/api/v1/users", new { login = "mover2", fullName = "Меняет", password = "mover-password-1", role = "Manager", teamId = app.TeamA }).Expect<UserResponse>(HttpStatusCode.Created);
        var session = await app.SignInAsync("mover2", "mover-password-1");
        var pat = await session.PostJson("/api/v1/auth/personal-tokens", new { name = "1С" }).Expect<CreatedPersonalTokenResponse>(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await session.PutJson("/api/v1/users/me/password", new { currentPassword = "mover-password-1", newPassword = "mover-password-2" })).StatusCode);
        await session.GetAsync("/api/v1/users/me").Problem(HttpStatusCode.Unauthorized);
        var integration = app.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pat.Token);
        await integration.GetAsync("/api/v1/users/me").Expect<UserResponse>();
    }

    [Fact]
    public async Task An_update_without_is_active_keeps_a_deactivated_user_out_and_emails_are_unique()
    {
        var d = await app.As("director");
        var user = await d.PostJson("/api/v1/users", new { login = "gone", fullName = "Ушёл", password = "gone-password-1", role = "Manager", email = "gone@firm.ru" })
            .Expect<UserResponse>(HttpStatusCode.Created);
        await d.PutJson($"/api/v1/users/{user.Id}", new { fullName = "Ушёл", role = "Manager", email = "gone@firm.ru", isActive = false }).Expect<UserResponse>();
        var renamed = await d.PutJson($"/api/v1/users/{user.Id}", new { fullName = "Ушёл насовсем", role = "Manager", email = "gone@firm.ru" }).Expect<UserResponse>();
        Assert.False(renamed.IsActive);

        var dup = await d.PostJson("/api/v1/users", new { login = "twin", fullName = "Двойник", password = "twin-password-1", role = "Manager", email = "GONE@firm.ru" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["email"], dup.ErrorFields());
    }
}
