using System.Net;
using System.Net.Http.Headers;
using Voronka.Core.Features.Auth;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Auth;

/// <summary>
/// The app's own process, logging as in production and its SQL besides: passwords typed right and wrong, the session
/// and personal tokens, a refused token and the mail server's password never reach the log; a token's last use is kept
/// with the address it came from.
/// </summary>
public class SecretsTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task No_secret_reaches_the_log_and_a_tokens_use_is_kept_with_its_address()
    {
        const string smtpPassword = "smtp-Secret-5831";
        const string wrongPassword = "Wrong-Secret-7142";
        const string badToken = "vk_RefusedTokenSecret_000000000000000000000";
        await using var instance = await AppProcess.StartAsync(TestDatabase.Provider, app.ConnectionString, new Dictionary<string, string>
        {
            ["Database__MigrateOnStartup"] = "false",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = "1",
            ["Smtp__User"] = "voronka",
            ["Smtp__Password"] = smtpPassword,
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        });
        var wrong = await instance.Http.PostJson("/api/v1/auth/token", new { login = "manager1", password = wrongPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var c = await instance.SignInAsync("manager1");
        var session = c.DefaultRequestHeaders.Authorization!.Parameter!;
        var personal = await c.PostJson("/api/v1/auth/personal-tokens", new { name = "1С", expiresInDays = 30 })
            .Expect<CreatedPersonalTokenResponse>(HttpStatusCode.Created);
        using var integration = new HttpClient { BaseAddress = instance.Http.BaseAddress };
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", personal.Token);
        (await integration.GetAsync("/api/v1/users/me")).EnsureSuccessStatusCode();
        using var stranger = new HttpClient { BaseAddress = instance.Http.BaseAddress };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", badToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/users/me")).StatusCode);

        var listed = Assert.Single(await c.GetAsync("/api/v1/auth/personal-tokens").Expect<List<PersonalTokenResponse>>(),
            t => t.Id == personal.Id);
        Assert.Equal("127.0.0.1", listed.LastUsedFrom);
        Assert.NotNull(listed.LastUsedAt);

        await Task.Delay(500);
        var log = instance.Log;
        Assert.Contains("A bearer token was refused", log);
        Assert.Contains("SELECT", log, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in new[] { smtpPassword, wrongPassword, VoronkaApp.Password, session, personal.Token, badToken })
            Assert.DoesNotContain(secret, log);
    }
}
