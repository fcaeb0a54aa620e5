using System.Net;
using System.Text.RegularExpressions;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Common;

public partial class SecurityHeadersTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task Pages_and_the_api_carry_a_policy_whose_nonce_is_the_pages_own_and_a_new_one_each_time()
    {
        var c = app.CreateClient();
        var first = await c.GetAsync("/login");
        var second = await c.GetAsync("/login");
        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        var nonce = NoncePattern().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await first.Content.ReadAsStringAsync());
        Assert.NotEqual(nonce, NoncePattern().Match(second.Headers.GetValues("Content-Security-Policy").Single()).Groups[1].Value);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);

        var api = await c.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var me = await (await app.As("manager1")).GetAsync("/api/v1/users/me");
        Assert.True(me.Headers.CacheControl?.NoStore, "the API's answers are not kept by caches");
        foreach (var response in new[] { first, api })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("camera=()", string.Join(",", response.Headers.GetValues("Permissions-Policy")));
        }
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePattern();
}
