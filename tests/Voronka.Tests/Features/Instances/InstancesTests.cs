using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Voronka.Core.Data;
using Voronka.Tests.Infrastructure;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Instances;

public partial class InstancesTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static readonly WebApplicationFactoryClientOptions Raw = new() { AllowAutoRedirect = false, HandleCookies = false };

    [Fact]
    public async Task A_sign_in_form_from_one_instance_is_taken_by_another_and_its_session_works_on_the_first()
    {
        await using var other = new OtherInstance(TestDatabase.Provider, app.ConnectionString, app.Clock);
        var first = app.CreateClient(Raw);
        var second = other.CreateClient(Raw);

        var form = await first.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var fields = HiddenInputs(await form.Content.ReadAsStringAsync());
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.Login"] = "manager1";
        fields["Input.Password"] = VoronkaApp.Password;
        var post = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", CookiesOf(form));
        var signedIn = await second.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = CookiesOf(signedIn);
        Assert.Contains(".Voronka.Session=", session);
        var flags = signedIn.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(".Voronka.Session=", StringComparison.Ordinal));
        Assert.Contains("httponly", flags, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", flags, StringComparison.OrdinalIgnoreCase);

        // A door of the web app that only a signed-in person passes: the deal list as a spreadsheet.
        var export = new HttpRequestMessage(HttpMethod.Get, "/export/deals.xlsx");
        export.Headers.Add("Cookie", session);
        var file = await first.SendAsync(export);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        var stranger = await first.GetAsync("/export/deals.xlsx");
        Assert.NotEqual(HttpStatusCode.OK, stranger.StatusCode);
        // Kept where every instance reads them, not on one machine's disk.
        Assert.NotEqual(0, await app.Db(db => db.DataProtectionKeys.CountAsync()));
    }

    [Fact]
    public async Task Live_and_ready_answer_and_with_the_database_away_ready_and_the_api_answer_503()
    {
        var c = app.CreateClient();
        var live = await c.GetFromJsonAsync<JsonElement>("/health/live");
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        var ready = await c.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());

        // Nothing listens on port 1: a PostgreSQL that is down.
        await using var away = new OtherInstance("Postgres",
            "Host=127.0.0.1;Port=1;Database=voronka_none;Username=voronka;Password=voronka;Timeout=3", app.Clock);
        var a = away.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/health/live")).StatusCode);
        var notReady = await a.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("Unhealthy", (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var response = await a.PostJson("/api/v1/auth/token", new { login = "manager1", password = VoronkaApp.Password });
        var problem = await Task.FromResult(response).Problem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The database does not answer.", problem.GetProperty("title").GetString());
        Assert.Equal("10", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Connections_cut_by_the_server_answer_503_and_the_app_recovers_by_itself()
    {
        if (!TestDatabase.IsPostgres) return;
        var m = await app.As("manager1");
        Assert.Equal(HttpStatusCode.OK, (await m.GetAsync("/api/v1/deals")).StatusCode);

        // What a restart of PostgreSQL does to the app's connections.
        var unpooled = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Pooling = false }.ConnectionString;
        await using (var admin = new NpgsqlConnection(unpooled))
        {
            await admin.OpenAsync();
            await using var cut = new NpgsqlCommand("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where datname = current_database() and pid <> pg_backend_pid()", admin);
            Assert.True((long)(await cut.ExecuteScalarAsync())! > 0);
        }
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30 && answers.LastOrDefault() != HttpStatusCode.OK; i++)
        {
            var response = await m.GetAsync("/api/v1/deals");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                Assert.Equal("The database does not answer.",
                    (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        Assert.All(answers, a => Assert.Contains(a, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(HttpStatusCode.OK, answers[^1]);
    }

    [Fact]
    public async Task A_read_only_sqlite_file_refuses_writes_with_503_and_keeps_what_it_had()
    {
        if (TestDatabase.IsPostgres) return;
        var m = await app.As("manager1");
        var before = await app.Db(db => db.Companies.CountAsync());
        var readOnly = new SqliteConnectionStringBuilder(app.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var other = new OtherInstance("Sqlite", readOnly, app.Clock);
        var client = other.CreateClient();
        client.DefaultRequestHeaders.Authorization = m.DefaultRequestHeaders.Authorization;

        var response = await client.PostJson("/api/v1/companies", new { name = "ООО Только чтение" });
        var problem = await Task.FromResult(response).Problem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The database cannot be written.", problem.GetProperty("title").GetString());
        Assert.Equal(before, await app.Db(db => db.Companies.CountAsync()));
        var check = await app.Db(db => db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
        Assert.Equal(["ok"], check);
    }

    [Fact]
    public async Task A_round_of_a_job_runs_on_one_instance_at_a_time_on_postgresql()
    {
        var locks = app.Services.GetRequiredService<JobLocks>();
        var config = new ConfigurationBuilder().Build();
        var log = new ConcurrentQueue<string>();
        SlowJob[] instances = [new(locks, config, log, "A"), new(locks, config, log, "B")];

        var done = await Task.WhenAll(instances.Select(j => j.RunLockedAsync(CancellationToken.None)));
        if (TestDatabase.IsPostgres)
        {
            Assert.Equal(1, done.Sum());
            Assert.Equal(2, log.Count);
        }
        else
        {
            // One machine's file, one instance: nothing to keep apart.
            Assert.Equal(2, done.Sum());
        }
        // The lock goes with the round: the next round of either instance runs.
        Assert.Equal(1, await instances[1].RunLockedAsync(CancellationToken.None));
        await using (var held = await locks.TryTakeAsync(nameof(SlowJob), CancellationToken.None))
        {
            Assert.NotNull(held);
            await using var other = await locks.TryTakeAsync("AnotherJob", CancellationToken.None);
            Assert.NotNull(other);
        }
    }

    private sealed class SlowJob(JobLocks locks, IConfiguration config, ConcurrentQueue<string> log, string name)
        : PeriodicJob(locks, config, NullLogger.Instance)
    {
        protected override string Section => "Test";
        protected override string SwitchKey => "Run";
        protected override string SecondsKey => "Seconds";
        protected override double DefaultSeconds => 1;

        protected override async Task<int> RunOnceAsync(CancellationToken ct)
        {
            log.Enqueue($"{name} in");
            await Task.Delay(500, ct);
            log.Enqueue($"{name} out");
            return 1;
        }
    }

    private static Dictionary<string, string> HiddenInputs(string html) => InputPattern().Matches(html)
        .Select(m => m.Value)
        .Where(tag => tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
        .Select(tag => (Name: AttributePattern("name").Match(tag), Value: AttributePattern("value").Match(tag)))
        .Where(a => a.Name.Success)
        .ToDictionary(a => WebUtility.HtmlDecode(a.Name.Groups[1].Value),
            a => a.Value.Success ? WebUtility.HtmlDecode(a.Value.Groups[1].Value) : "");

    private static string CookiesOf(HttpResponseMessage response) => string.Join("; ",
        response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);

    private static Regex AttributePattern(string name) => new($"\\b{name}=\"([^\"]*)\"");

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputPattern();
}
