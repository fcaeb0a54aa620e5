using System.Net;
using System.Net.Http.Headers;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.People;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Auth;

public class AuthApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_login_gets_a_token_that_expires_and_can_be_revoked()
    {
        var c = app.CreateClient();
        var token = await c.PostJson("/api/v1/auth/token", new { login = "manager2", password = VoronkaApp.Password }).Expect<TokenResponse>();
        Assert.StartsWith("vk_", token.Token);
        Assert.InRange(token.ExpiresAt, app.UtcNow.AddHours(11), app.UtcNow.AddHours(13));
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        var me = await c.GetAsync("/api/v1/users/me").Expect<UserResponse>();
        Assert.Equal("manager2", me.Login);
        Assert.Equal(UserRole.Manager, me.Role);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync("/api/v1/auth/token")).StatusCode);
        await c.GetAsync("/api/v1/users/me").Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_passwords_get_401_and_then_429_with_retry_after()
    {
        var c = app.CreateClient();
        var unknown = await c.PostJson("/api/v1/auth/token", new { login = "nobody", password = "whatever1" }).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong login or password.", unknown.GetProperty("detail").GetString());
        Assert.Equal(["login", "password"], (await c.PostJson("/api/v1/auth/token", new { }).Problem(HttpStatusCode.BadRequest)).ErrorFields());

        for (var i = 0; i < 4; i++) await c.PostJson("/api/v1/auth/token", new { login = "manager3", password = "wrong-password" }).Problem(HttpStatusCode.Unauthorized);
        var response = await c.PostJson("/api/v1/auth/token", new { login = "manager3", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        // Locked: even the right password waits.
        await c.PostJson("/api/v1/auth/token", new { login = "manager3", password = VoronkaApp.Password }).Problem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Personal_tokens_are_shown_once_listed_without_secret_and_revoked()
    {
        var m = await app.As("manager1");
        var created = await m.PostJson("/api/v1/auth/personal-tokens", new { name = "1С-интеграция", expiresInDays = 30 }).Expect<CreatedPersonalTokenResponse>(HttpStatusCode.Created);
        var list = await m.GetAsync("/api/v1/auth/personal-tokens").Expect<List<PersonalTokenResponse>>();
        var listed = Assert.Single(list, t => t.Id == created.Id);
        Assert.StartsWith(listed.Prefix, created.Token);
        Assert.DoesNotContain(created.Token, await (await m.GetAsync("/api/v1/auth/personal-tokens")).Content.ReadAsStringAsync());

        var integration = app.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        Assert.Equal("manager1", (await integration.GetAsync("/api/v1/users/me").Expect<UserResponse>()).Login);
        await (await app.As("manager2")).DeleteAsync($"/api/v1/auth/personal-tokens/{created.Id}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await m.DeleteAsync($"/api/v1/auth/personal-tokens/{created.Id}")).StatusCode);
        await integration.GetAsync("/api/v1/users/me").Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(["expiresInDays", "name"],
            (await m.PostJson("/api/v1/auth/personal-tokens", new { name = "", expiresInDays = 0 }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Setup_is_open_only_while_there_are_no_users()
    {
        var p = await app.CreateClient().PostJson("/api/v1/setup", new { login = "intruder", fullName = "Чужой", password = "long-password-2" }).Problem(HttpStatusCode.Conflict);
        Assert.Contains("already set up", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Health_and_the_api_description_are_public()
    {
        var c = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health")).StatusCode);
        var doc = await c.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/auth/token", "/api/v1/deals", "/api/v1/deals/{id}/move", "/api/v1/deals/{id}/history", "/api/v1/users", "/api/v1/pipelines" })
            Assert.Contains($"\"{path}\"", doc);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/scalar/v1")).StatusCode);
        await c.GetAsync("/api/v1/no-such-thing").Problem(HttpStatusCode.NotFound);
        var director = await app.As("director");
        await director.GetAsync("/api/v1/no-such-thing").Problem(HttpStatusCode.NotFound);
    }
}
