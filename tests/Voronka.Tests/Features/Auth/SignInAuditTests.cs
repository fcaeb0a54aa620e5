using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Auth;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Auth;

/// <summary>A company whose sign-in doors take five attempts a minute from one address.</summary>
public class FewSignInsApp : VoronkaApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Security:SignInsPerMinute", "5");
    }
}

public class SignInAuditTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task Every_attempt_is_kept_for_the_director_with_its_outcome_and_never_the_password()
    {
        var c = app.CreateClient();
        await c.PostJson("/api/v1/auth/token", new { login = "manager2", password = "not-the-password" })
            .Problem(HttpStatusCode.Unauthorized);
        await c.PostJson("/api/v1/auth/token", new { login = "nobody-here", password = "whatever-1" }).Problem(HttpStatusCode.Unauthorized);
        await app.SignInAsync("manager2", VoronkaApp.Password);

        var director = await app.As("director");
        var all = await director.GetAsync($"/api/v1/auth/sign-ins?from={app.Today:yyyy-MM-dd}&to={app.Today:yyyy-MM-dd}&pageSize=200")
            .Expect<Page<SignInEventResponse>>();
        var manager2 = all.Items.Where(e => e.Login == "manager2").ToList();
        Assert.Contains(manager2, e => e.Outcome == SignInOutcome.WrongPassword && e.UserId == app.UserIds["manager2"]
            && e.UserName == "MANAGER2" && e.Door == SignInDoor.Api);
        Assert.Contains(manager2, e => e.Outcome == SignInOutcome.SignedIn);
        var stranger = Assert.Single(all.Items, e => e.Login == "nobody-here");
        Assert.Equal(SignInOutcome.UnknownLogin, stranger.Outcome);
        Assert.Null(stranger.UserId);
        var raw = await (await director.GetAsync("/api/v1/auth/sign-ins?pageSize=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("not-the-password", raw);
        Assert.DoesNotContain(VoronkaApp.Password, raw);

        var failed = await director.GetAsync($"/api/v1/auth/sign-ins?userId={app.UserIds["manager2"]}&outcome=WrongPassword")
            .Expect<Page<SignInEventResponse>>();
        Assert.All(failed.Items, e => Assert.Equal(SignInOutcome.WrongPassword, e.Outcome));
        Assert.True(failed.Total >= 1);
        Assert.True(all.Items.Zip(all.Items.Skip(1)).All(p => p.First.At >= p.Second.At), "newest first");

        await (await app.As("senior1")).GetAsync("/api/v1/auth/sign-ins").Problem(HttpStatusCode.Forbidden);
        Assert.Equal(["to"], (await director.GetAsync("/api/v1/auth/sign-ins?from=2026-12-10&to=2026-12-01")
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
    }
}

public class SignInLimitTests(FewSignInsApp app) : IClassFixture<FewSignInsApp>
{
    [Fact]
    public async Task The_sign_in_door_takes_so_many_attempts_a_minute_from_one_address_and_says_when_to_come_back()
    {
        var c = app.CreateClient();
        for (var i = 0; i < 5; i++)
            await c.PostJson("/api/v1/auth/token", new { login = "nobody", password = "whatever-1" }).Problem(HttpStatusCode.Unauthorized);
        var response = await c.PostJson("/api/v1/auth/token", new { login = "director", password = VoronkaApp.Password });
        var problem = await Task.FromResult(response).Problem(HttpStatusCode.TooManyRequests);
        Assert.Equal("At most 5 sign-in attempts a minute are taken from one address. Try again in a minute.",
            problem.GetProperty("detail").GetString());
        Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
        // The sign-in page's form has the same limit (its posts without the form's token are refused as well).
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            codes.Add((await app.CreateClient().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Login"] = "director", ["Input.Password"] = VoronkaApp.Password, ["_handler"] = "login",
            }))).StatusCode);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, codes.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[5]);
    }
}
