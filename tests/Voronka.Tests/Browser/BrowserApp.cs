using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Voronka.Core.Common;
using Voronka.Core.Features.Telephony;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Features.Telephony;

namespace Voronka.Tests.Browser;

/// <summary>
/// The demo company served by a real Kestrel server on a free port, and a headless Debian Chromium driven by Playwright.
/// </summary>
public class BrowserApp : DemoApp
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Debian's Chromium, headless, with nothing that reaches outside the machine.</summary>
    public static BrowserTypeLaunchOptions Launch => new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"],
    };
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A broken circuit tells the browser console why, which the tests print when they fail.
        builder.UseSetting("DetailedErrors", "true");
        builder.UseSetting("Transcription:Run", "false");
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ITranscriber>(Transcriber)));
    }

    /// <summary>A demo person by login: the actor the services take, and the name the screens show.</summary>
    public Task<(Actor Actor, string Name)> PersonAsync(string login) => Db(async db =>
    {
        var u = await db.Users.Where(x => x.UserName == login).Select(x => new { x.Id, x.Role, x.TeamId, x.FullName }).SingleAsync();
        return (new Actor(u.Id, u.Role, u.TeamId), u.FullName);
    });

    public async Task<Actor> ActorAsync(string login) => (await PersonAsync(login)).Actor;

    /// <summary>The speech model: the tests transcribe with it themselves (the background round is off).</summary>
    public FakeTranscriber Transcriber { get; } = new();

    protected override void Start()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(Launch);
    }

    /// <summary>What the browser refused under the app's Content Security Policy, on any page of any test.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CspViolations { get; } = new();

    /// <summary>A fresh browser profile (no cookies) in the given language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "ru-RU")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 2600, Height = 2400 } });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Type != "error") return;
            Console.Error.WriteLine($"[browser] {m.Text}");
            if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) CspViolations.Enqueue($"{page.Url}: {m.Text}");
        };
        return page;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>The same, on an empty database: the first run of a new organisation.</summary>
public sealed class EmptyBrowserApp : BrowserApp
{
    protected override bool SeedsDemo => false;
}
