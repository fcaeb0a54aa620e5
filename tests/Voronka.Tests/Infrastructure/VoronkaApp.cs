using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.People;

namespace Voronka.Tests.Infrastructure;

/// <summary>
/// The whole application on a database of its own, with a small test company: a director, two teams
/// (senior1 with manager1 and manager2; senior2 with manager3) and an assistant. All passwords are <see cref="Password"/>.
/// </summary>
public class VoronkaApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "test-password-1";
    private readonly string _connectionString = TestDatabase.Create($"voronka_test_{Guid.NewGuid():N}");
    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>Where the application keeps its files (recordings): a folder of its own, removed with it.</summary>
    public string FilesPath { get; } = Path.Combine(Path.GetTempPath(), $"voronka-files-{Guid.NewGuid():N}");

    /// <summary>The application's clock: every "now" of the host and of the tests comes from it.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Reads the database directly, for what the API does not show.</summary>
    public async Task<T> Db<T>(Func<VoronkaDbContext, Task<T>> read)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    /// <summary>Now, from <see cref="Clock"/>.</summary>
    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in the organisation's (Moscow's) time.</summary>
    public DateOnly Today => OrgTime.Today(UtcNow, OrgTime.Zone("Europe/Moscow"));

    /// <summary>The database's connection string, for a process of the application's own started on it.</summary>
    public string ConnectionString => _connectionString;

    public Dictionary<string, int> UserIds { get; } = [];
    public int TeamA { get; private set; }
    public int TeamB { get; private set; }

    protected virtual string Environment => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", TestDatabase.Provider);
        builder.UseSetting("ConnectionStrings:Voronka", _connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Storage:Path", FilesPath);
        // Tests take the daily snapshot themselves, when the data they expect is in place.
        builder.UseSetting("Reports:DailySnapshots", "false");
        // Tests sign in far more often than people do, all from one address; the limits are tried by tests of their own.
        builder.UseSetting("Security:SignInsPerMinute", "100000");
        builder.UseSetting("Telephony:WebhookRequestsPerMinute", "1000000");
        builder.UseEnvironment(Environment);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>Starts the host, which migrates the database. Browser tests start a real Kestrel server instead.</summary>
    protected virtual void Start() => _ = Server;

    public virtual async Task InitializeAsync()
    {
        Start();
        var setup = Services.GetRequiredService<SetupService>();
        var people = Services.GetRequiredService<PeopleService>();
        var director = await setup.CreateFirstDirectorAsync(new SetupRequest("director", "Директор Дмитрий", Password));
        UserIds["director"] = director.Id;
        var actor = new Actor(director.Id, UserRole.Director, null);
        TeamA = (await people.CreateTeamAsync(actor, new TeamRequest("Команда А"))).Id;
        TeamB = (await people.CreateTeamAsync(actor, new TeamRequest("Команда Б"))).Id;
        async Task Add(string login, UserRole role, int? team) =>
            UserIds[login] = (await people.CreateUserAsync(actor, new CreateUserRequest(login, login.ToUpperInvariant(), Password, role, TeamId: team))).Id;
        await Add("senior1", UserRole.Senior, TeamA);
        await Add("senior2", UserRole.Senior, TeamB);
        await Add("manager1", UserRole.Manager, TeamA);
        await Add("manager2", UserRole.Manager, TeamA);
        await Add("manager3", UserRole.Manager, TeamB);
        await Add("assistant", UserRole.Assistant, null);
        await people.UpdateTeamAsync(actor, TeamA, new TeamRequest("Команда А", UserIds["senior1"]));
        await people.UpdateTeamAsync(actor, TeamB, new TeamRequest("Команда Б", UserIds["senior2"]));
    }

    /// <summary>A client signed in as <paramref name="login"/> with a bearer token from the API itself.</summary>
    public async Task<HttpClient> As(string login)
    {
        if (_clients.TryGetValue(login, out var cached)) return cached;
        return _clients[login] = await SignInAsync(login, Password);
    }

    /// <summary>A new client with a fresh session token for <paramref name="login"/>.</summary>
    public async Task<HttpClient> SignInAsync(string login, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Actor ActorOf(string login) => login switch
    {
        "director" => new Actor(UserIds[login], UserRole.Director, null),
        "senior1" => new Actor(UserIds[login], UserRole.Senior, TeamA),
        "senior2" => new Actor(UserIds[login], UserRole.Senior, TeamB),
        "manager1" or "manager2" => new Actor(UserIds[login], UserRole.Manager, TeamA),
        "manager3" => new Actor(UserIds[login], UserRole.Manager, TeamB),
        _ => new Actor(UserIds[login], UserRole.Assistant, null),
    };

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        await base.DisposeAsync();
        TestDatabase.Drop(_connectionString);
        if (Directory.Exists(FilesPath)) Directory.Delete(FilesPath, true);
    }
}
