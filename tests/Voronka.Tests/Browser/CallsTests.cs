using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Telephony;
using Voronka.Core.Features.Telephony.Adapters;
using Voronka.Tests.Features.Demo;

namespace Voronka.Tests.Browser;

/// <summary>A call rings: the client's card pops up for the person whose extension rings and for nobody else.</summary>
[Collection(nameof(BrowserCollection))]
public class CallsTests(BrowserApp app)
{
    private async Task SendAsync(IntegrationResponse pbx, object e)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(e, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, pbx.WebhookPath)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(GenericAdapter.SignatureHeader, "sha256=" + PbxAdapters.HmacSha256Hex(pbx.Secret, body));
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_client_s_card_pops_up_only_for_the_manager_whose_extension_rings()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (director, manager1, manager6) = (await app.ActorAsync("director"), await app.ActorAsync("manager1"),
            await app.ActorAsync("manager6"));
        var telephony = app.Services.GetRequiredService<TelephonyService>();
        var pbx = await telephony.CreateAsync(director, new IntegrationRequest($"АТС {suffix}"), CancellationToken.None);
        await telephony.SetExtensionsAsync(director, pbx.Id,
            new ExtensionsRequest([new("101", manager1.UserId), new("601", manager6.UserId)]), CancellationToken.None);
        var phone = "+7916" + Random.Shared.Next(1_000_000, 9_999_999);
        var contact = await app.Services.GetRequiredService<ContactsService>().CreateAsync(manager1,
            new ContactRequest($"Клиент {suffix}", Phones: [phone]), CancellationToken.None);
        var deal = await app.Services.GetRequiredService<DealsService>().CreateAsync(manager1,
            new CreateDealRequest($"Сделка {suffix}", ContactId: contact.Id, Amount: 250_000m), CancellationToken.None);

        var rung = await app.NewPageAsync();
        await new LoginPage(rung).SignInAsync("manager1", DemoApp.DemoPassword);
        await Blazor.WaitForCircuitAsync(rung);
        var other = await app.NewPageAsync();
        await new LoginPage(other).SignInAsync("manager6", DemoApp.DemoPassword);
        await Blazor.WaitForCircuitAsync(other);

        await SendAsync(pbx, new { eventId = $"{suffix}-r", callId = suffix, type = "ringing", direction = "in", from = phone,
            extensions = new[] { "101" } });
        var card = rung.GetByTestId("call-popup");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(card.GetByTestId("call-client")).ToHaveTextAsync($"Клиент {suffix}");
        await Assertions.Expect(card.GetByTestId("call-deal")).ToContainTextAsync($"Сделка {suffix}");
        await Assertions.Expect(card.GetByTestId("call-deal")).ToContainTextAsync("250");
        await rung.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "voronka-call-popup.png") });
        // The other manager's page has looked for calls at least once since (it looks every three seconds): nothing for them.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await Assertions.Expect(other.GetByTestId("call-popup")).ToHaveCountAsync(0);

        await card.GetByTestId("call-open-deal").ClickAsync();
        await Assertions.Expect(rung).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/deals/{deal.Id}$"));
        await SendAsync(pbx, new { eventId = $"{suffix}-e", callId = suffix, type = "ended", answeredBy = "101", durationSec = 75,
            cause = "answered" });
        await Assertions.Expect(rung.GetByTestId("call-popup")).ToHaveCountAsync(0, new() { Timeout = 10_000 });

        // The call is on the deal's timeline; its recording (uploaded here) plays there, seeking by ranges.
        long activityId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
            activityId = await db.Set<Call>().Where(c => c.ExternalId == suffix).Select(c => c.ActivityId!.Value).SingleAsync();
        var audio = new byte[4000];
        "ID3"u8.CopyTo(audio);
        var recording = await app.Services.GetRequiredService<Recordings>().UploadAsync(manager1, activityId, new MemoryStream(audio),
            CancellationToken.None);
        await rung.GotoAsync($"/deals/{deal.Id}");
        await Assertions.Expect(rung.GetByTestId("activity-player")).ToHaveAttributeAsync("src", $"/recordings/{recording.Id}");
        var status = await rung.EvaluateAsync<int>($"fetch('/recordings/{recording.Id}', {{ headers: {{ Range: 'bytes=0-9' }} }})"
            + ".then(r => r.status)");
        Assert.Equal(206, status);
        var stranger = await other.EvaluateAsync<int>($"fetch('/recordings/{recording.Id}').then(r => r.status)");
        Assert.Equal(404, stranger);

        await rung.GotoAsync("/calls");
        var row = rung.GetByTestId("calls-table").Locator("tbody tr").Filter(new() { HasText = $"Сделка {suffix}" });
        await Assertions.Expect(row).ToContainTextAsync("1:15");
        await Assertions.Expect(row).ToContainTextAsync("Павел Орлов");
    }

    [Fact]
    public async Task The_director_connects_a_phone_system_and_gives_an_extension_to_a_manager()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/settings/telephony");
        await page.GetByTestId("pbx-new").ClickAsync();
        await page.GetByTestId("pbx-name").FillAsync($"Офис {suffix}");
        await page.GetByTestId("pbx-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pbx-url")).ToContainTextAsync("/api/v1/telephony/");
        await Assertions.Expect(page.GetByTestId("pbx-secret-value")).Not.ToBeEmptyAsync();
        await page.GetByTestId("ext-add").ClickAsync();
        await page.GetByTestId("ext-0").FillAsync("205");
        await page.GetByTestId("ext-user-0").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Екатерина Зайцева" }).First
            .ClickAsync();
        await page.GetByTestId("ext-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pbx-table")).ToContainTextAsync($"Офис {suffix}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "voronka-telephony.png") });
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        var pbx = await db.Set<TelephonyIntegration>().SingleAsync(i => i.Name == $"Офис {suffix}");
        var ext = await db.Set<PhoneExtension>().SingleAsync(x => x.IntegrationId == pbx.Id);
        Assert.Equal(("205", (await app.ActorAsync("manager2")).UserId), (ext.Extension, ext.UserId));
    }

    [Fact]
    public async Task A_click_beside_a_contact_s_number_asks_the_pbx_to_connect_the_manager()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var fake = await Features.Telephony.FakePbx.StartAsync();
        var (director, manager) = (await app.ActorAsync("director"), await app.ActorAsync("manager5"));
        var telephony = app.Services.GetRequiredService<TelephonyService>();
        var pbx = await telephony.CreateAsync(director, new IntegrationRequest($"Набор {suffix}", CallbackUrl: fake.BaseUrl + "/dial"),
            CancellationToken.None);
        await telephony.SetExtensionsAsync(director, pbx.Id, new ExtensionsRequest([new("505", manager.UserId)]), CancellationToken.None);
        try
        {
            var contact = await app.Services.GetRequiredService<ContactsService>().CreateAsync(manager,
                new ContactRequest($"Набрать {suffix}", Phones: ["8 916 505-05-05"]), CancellationToken.None);
            var page = await app.NewPageAsync();
            await new LoginPage(page).SignInAsync("manager5", DemoApp.DemoPassword);
            await page.GotoAsync($"/contacts/{contact.Id}");
            await Assertions.Expect(page.GetByTestId("phone-link").First).ToContainTextAsync("+7 916 505-05-05");
            await page.GetByTestId("phone-dial").First.ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("505");
            var (path, body, _) = Assert.Single(fake.Requests);
            Assert.Equal("/dial", path);
            Assert.Contains("\"to\":\"+79165050505\"", body);
        }
        finally
        {
            await telephony.UpdateAsync(director, pbx.Id, new IntegrationRequest(IsActive: false), CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_director_reviews_a_call_on_a_scorecard_and_the_manager_reads_it_and_replies()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (director, manager1) = (await app.ActorAsync("director"), await app.ActorAsync("manager1"));
        var telephony = app.Services.GetRequiredService<TelephonyService>();
        var pbx = await telephony.CreateAsync(director, new IntegrationRequest($"Разбор {suffix}"), CancellationToken.None);
        await telephony.SetExtensionsAsync(director, pbx.Id, new ExtensionsRequest([new("111", manager1.UserId)]), CancellationToken.None);
        var cards = app.Services.GetRequiredService<Core.Features.Reviews.ScorecardsService>();
        var card = await cards.CreateAsync(director, new Core.Features.Reviews.ScorecardRequest($"Холодный звонок {suffix}",
            Questions: [new("Выявил потребность", Core.Features.Reviews.QuestionKind.YesNo, Weight: 2, Critical: true),
                new("Отработал возражение", Core.Features.Reviews.QuestionKind.Scale)]), CancellationToken.None);
        await cards.PublishAsync(director, card.Id, CancellationToken.None);
        await SendAsync(pbx, new { eventId = $"{suffix}-o", callId = suffix, type = "ended", direction = "out", from = "111",
            to = "+7916" + Random.Shared.Next(1_000_000, 9_999_999), extensions = new[] { "111" }, durationSec = 200, cause = "answered" });
        long activityId = 0;
        for (var i = 0; i < 100 && activityId == 0; i++)
        {
            await Task.Delay(100);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
            activityId = await db.Set<Call>().Where(c => c.ExternalId == suffix).Select(c => c.ActivityId ?? 0).FirstOrDefaultAsync();
        }
        var audio = new byte[6000 + Random.Shared.Next(1, 900)];
        "ID3"u8.CopyTo(audio);
        app.Transcriber.Scripts[audio.Length] = [new TranscriptSegment(0, 4, "Здравствуйте, это отдел продаж."),
            new TranscriptSegment(4, 9, $"Предлагаю обсудить пилот {suffix} на следующей неделе.")];
        await app.Services.GetRequiredService<Recordings>().UploadAsync(manager1, activityId, new MemoryStream(audio),
            CancellationToken.None);
        while (await app.Services.GetRequiredService<Transcripts>().RunNextAsync(CancellationToken.None)) { }

        var page = await app.NewPageAsync();
        await new LoginPage(page).SignInAsync("director", DemoApp.DemoPassword);
        await page.GotoAsync("/calls");
        var row = page.GetByTestId("calls-table").Locator("tbody tr").Filter(new() { Has = page.Locator("[data-testid=call-player]") })
            .First;
        await row.GetByTestId("call-review").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText($"Холодный звонок {suffix}").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/reviews/\\d+$"));
        await Assertions.Expect(page.GetByTestId("review-player")).ToBeVisibleAsync();
        // The transcript beside the player, each stretch with its moment.
        await Assertions.Expect(page.GetByTestId("transcript-segment")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("transcript-segment").Last).ToContainTextAsync("0:04");
        await Assertions.Expect(page.GetByTestId("transcript-segment").Last).ToContainTextAsync($"Предлагаю обсудить "
            + $"пилот {suffix}");
        await page.GetByTestId("answer-1").GetByText("Да").ClickAsync();
        await page.GetByTestId("answer-2").GetByText("4").ClickAsync();
        const string summary = "Потребность выявлена, возражение — неплохо";
        await page.GetByTestId("review-summary").FillAsync(summary);
        await page.GetByTestId("review-comment-text").FillAsync("Начало разговора — хорошо");
        await page.GetByTestId("review-comment-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-comment-at")).ToHaveTextAsync("0:00");
        await page.GetByTestId("review-release").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-status")).ToContainTextAsync("Опубликована");
        // (2 × 1 + 1 × 0.75) ÷ 3.
        await Assertions.Expect(page.GetByTestId("review-score")).ToContainTextAsync("91,7");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "voronka-review.png") });
        await page.GetByTestId("best-call-add").ClickAsync();
        await page.GetByTestId("best-call-title").FillAsync($"Образец {suffix}");
        await page.GetByTestId("best-call-why").FillAsync("Сразу выявил потребность");
        await page.GetByTestId("best-call-save").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Добавлен в лучшие звонки",
            new() { Timeout = 15_000 });
        var url = page.Url;

        var manager = await app.NewPageAsync();
        await new LoginPage(manager).SignInAsync("manager1", DemoApp.DemoPassword);
        await manager.GotoAsync(url);
        await Assertions.Expect(manager.GetByTestId("review-summary-text")).ToHaveTextAsync(summary);
        await manager.GetByTestId("review-comment-text").FillAsync("Спасибо, учту");
        await manager.GetByTestId("review-comment-pin").ClickAsync();
        await manager.GetByTestId("review-comment-add").ClickAsync();
        await Assertions.Expect(manager.GetByTestId("review-comment")).ToHaveCountAsync(2);
        await Assertions.Expect(manager.GetByTestId("review-comment").Last).ToContainTextAsync("Спасибо, учту");
        await manager.GotoAsync("/best-calls");
        var best = manager.GetByTestId("best-call").Filter(new() { HasText = $"Образец {suffix}" });
        await Assertions.Expect(best.GetByTestId("best-call-player")).ToHaveCountAsync(1);

        // The director's list: the review among the released, and the week's routine above it.
        await page.GotoAsync("/calls");
        await page.GetByTestId("calls-search").FillAsync($"пилот {suffix}");
        await page.GetByTestId("calls-search").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("transcript-hit")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("transcript-hit")).ToContainTextAsync($"Предлагаю обсудить пилот "
            + $"{suffix}");

        await page.GotoAsync("/reviews");
        await Assertions.Expect(page.GetByTestId("review-week")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("reviews-table")).ToContainTextAsync($"Холодный звонок {suffix}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "voronka-reviews.png") });
        await telephony.UpdateAsync(director, pbx.Id, new IntegrationRequest(IsActive: false), CancellationToken.None);
    }
}
