using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Telephony;
using Voronka.Core.Features.Telephony.Adapters;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Telephony;

/// <summary>A company with a phone system connected: extensions 101 and 102 are team A's managers, 301 team B's.</summary>
public class TelephonyApp : VoronkaApp
{
    public IntegrationResponse Pbx { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var director = await As("director");
        Pbx = await director.PostJson("/api/v1/telephony/integrations", new { name = "Офисная АТС", missedToLeads = true })
            .Expect<IntegrationResponse>(HttpStatusCode.Created);
        await director.PutJson($"/api/v1/telephony/integrations/{Pbx.Id}/extensions", new
        {
            extensions = new object[]
            {
                new { extension = "101", userId = UserIds["manager1"] }, new { extension = "102", userId = UserIds["manager2"] },
                new { extension = "301", userId = UserIds["manager3"] },
            },
        }).Expect<List<ExtensionResponse>>();
    }

    /// <summary>Posts events signed with the integration's secret.</summary>
    public Task<HttpResponseMessage> SendAsync(object events, string? secret = null, int? integration = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(events, Http.Json);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/telephony/{integration ?? Pbx.Id}/events")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(GenericAdapter.SignatureHeader, "sha256=" + PbxAdapters.HmacSha256Hex(secret ?? Pbx.Secret, body));
        return CreateClient().SendAsync(request);
    }

    /// <summary>Processes every kept event, as the background runner does (which may take some of them first).</summary>
    public async Task SettleAsync()
    {
        var inbox = Services.GetRequiredService<TelephonyInbox>();
        for (var round = 0; round < 500; round++)
        {
            await inbox.ProcessAsync(CancellationToken.None);
            await using var db = await Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
            if (!await db.Set<TelephonyEvent>().AnyAsync(e => e.ProcessedAt == null)) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("The telephony events were not processed.");
    }
}

public class TelephonyApiTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    // Whole seconds: PostgreSQL keeps microseconds.
    private readonly DateTimeOffset _t0 = DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(app.UtcNow).ToUnixTimeSeconds() - 600);

    private DateTimeOffset At(int seconds) => _t0.AddSeconds(seconds);

    private async Task<(ContactResponse Contact, DealResponse Deal)> ClientOfManager1(string phone, string title)
    {
        var m1 = await app.As("manager1");
        var contact = await m1.PostJson("/api/v1/contacts", new { name = "Клиент " + title, phones = new[] { phone } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var deal = await m1.PostJson("/api/v1/deals", new { title, contactId = contact.Id, amount = 120000m })
            .Expect<DealResponse>(HttpStatusCode.Created);
        return (contact, deal);
    }

    [Fact]
    public async Task An_incoming_call_pops_up_for_the_rung_and_ends_as_one_call_on_the_client_s_open_deal()
    {
        var (contact, deal) = await ClientOfManager1("+7 916 100-00-01", "Звонок в сделку");
        await app.SendAsync(new object[]
        {
            new { eventId = "in1-r101", callId = "in1", type = "ringing", direction = "in", from = "89161000001", to = "74950000000",
                extensions = new[] { "101" }, startedAt = At(0) },
            new { eventId = "in1-r102", callId = "in1", type = "ringing", direction = "in", from = "89161000001", to = "74950000000",
                extensions = new[] { "102" }, startedAt = At(1) },
        }).Expect<JsonElement>();
        await app.SettleAsync();

        var card = Assert.Single(await (await app.As("manager1")).GetFromJsonAsync<List<CallCard>>("/api/v1/calls/live", Http.Json) ?? []);
        Assert.Equal((contact.Id, deal.Id, "Звонок в сделку", true),
            (card.ContactId, card.DealId, card.DealTitle, card.DealVisible));
        Assert.Equal("MANAGER1", card.OwnerName);
        var other = Assert.Single(await (await app.As("manager2")).GetFromJsonAsync<List<CallCard>>("/api/v1/calls/live", Http.Json) ?? []);
        Assert.False(other.DealVisible);
        Assert.Empty(await (await app.As("manager3")).GetFromJsonAsync<List<CallCard>>("/api/v1/calls/live", Http.Json) ?? []);

        await app.SendAsync(new object[]
        {
            new { eventId = "in1-a", callId = "in1", type = "answered", answeredBy = "101", answeredAt = At(10) },
            new { eventId = "in1-e", callId = "in1", type = "ended", endedAt = At(190), durationSec = 180, cause = "answered" },
            new { eventId = "in1-rec", callId = "in1", type = "recording", recordingUrl = "https://pbx.example/rec/in1.mp3" },
        }).Expect<JsonElement>();
        await app.SettleAsync();

        var m1 = await app.As("manager1");
        var activity = Assert.Single((await m1.GetFromJsonAsync<Voronka.Core.Common.Page<ActivityResponse>>(
            $"/api/v1/activities?dealId={deal.Id}", Http.Json))!.Items);
        Assert.Equal((ActivityType.Call, app.UserIds["manager1"], CallDirection.Incoming, 180, CallResult.Connected),
            (activity.Type, activity.UserId, activity.Direction, activity.DurationSeconds, activity.CallResult));
        Assert.Equal(contact.Id, activity.ContactId);
        var call = Assert.Single((await m1.GetFromJsonAsync<Voronka.Core.Common.Page<CallResponse>>($"/api/v1/calls?dealId={deal.Id}",
            Http.Json))!.Items);
        Assert.Equal((CallStatus.Ended, activity.Id, true, "+79161000001"),
            (call.Status, call.ActivityId, call.HasRecording, call.ClientPhone));
        Assert.Equal(["101", "102"], call.Extensions);
        Assert.Empty(await m1.GetFromJsonAsync<List<CallCard>>("/api/v1/calls/live", Http.Json) ?? []);
        // The call is the deal's: team B cannot see it; the senior of team A and the director can.
        await (await app.As("manager3")).GetAsync($"/api/v1/calls/{call.Id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("senior2")).GetAsync($"/api/v1/calls/{call.Id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("senior1")).GetAsync($"/api/v1/calls/{call.Id}").Expect<CallResponse>();
        await (await app.As("director")).GetAsync($"/api/v1/calls/{call.Id}").Expect<CallResponse>();
    }

    [Fact]
    public async Task A_wrong_or_missing_signature_is_refused_and_nothing_is_kept()
    {
        var before = await app.Db(db => db.Set<TelephonyEvent>().CountAsync());
        var e = new { eventId = "forged-1", callId = "forged", type = "ringing", direction = "in", from = "+79160000000" };
        await app.SendAsync(e, secret: "not-the-secret").Problem(HttpStatusCode.Unauthorized);
        var unsigned = await app.CreateClient().PostAsJsonAsync($"/api/v1/telephony/{app.Pbx.Id}/events", e);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        await app.SendAsync(e, integration: 999_999).Problem(HttpStatusCode.NotFound);
        Assert.Equal(before, await app.Db(db => db.Set<TelephonyEvent>().CountAsync()));
        Assert.False(await app.Db(db => db.Set<Call>().AnyAsync(c => c.ExternalId == "forged")));
    }

    [Fact]
    public async Task A_bad_event_is_refused_naming_the_field_and_nothing_of_the_request_is_kept()
    {
        var problem = await app.SendAsync(new object[]
        {
            new { eventId = "bad-0", callId = "bad", type = "ringing" },
            new { eventId = "bad-1", callId = "bad", type = "hangup", durationSec = -3 },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["events[1].durationSec", "events[1].type"], problem.ErrorFields().Order());
        var broken = await app.SendAsync(new { eventId = "bad-2", callId = "bad", type = "ringing", startedAt = "yesterday" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["startedAt"], broken.ErrorFields());
        Assert.False(await app.Db(db => db.Set<TelephonyEvent>().AnyAsync(x => x.CallId == "bad")));
    }

    [Fact]
    public async Task The_same_event_twice_and_an_end_before_the_ring_make_one_call()
    {
        var end = new { eventId = "dup-e", callId = "dup", type = "ended", direction = "in", answeredBy = "102", answeredAt = At(5),
            endedAt = At(65), cause = "answered" };
        var first = await app.SendAsync(end).Expect<JsonElement>();
        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        await app.SettleAsync();
        var again = await app.SendAsync(end).Expect<JsonElement>();
        Assert.Equal((0, 1), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        await app.SendAsync(new { eventId = "dup-r", callId = "dup", type = "ringing", direction = "in", from = "+79162000002",
            extensions = new[] { "101", "102" }, startedAt = At(0) }).Expect<JsonElement>();
        await app.SettleAsync();

        var calls = await app.Db(db => db.Set<Call>().Where(c => c.ExternalId == "dup").ToListAsync());
        var call = Assert.Single(calls);
        Assert.Equal((CallStatus.Ended, app.UserIds["manager2"], 60, "+79162000002"), (call.Status, call.UserId, call.DurationSeconds,
            call.ClientPhone));
        Assert.Equal(At(0).UtcDateTime, call.StartedAt);
        Assert.Equal(1, await app.Db(db => db.Activities.CountAsync(a => a.Id == call.ActivityId)));
        Assert.Equal(2, await app.Db(db => db.Set<TelephonyEvent>().CountAsync(x => x.CallId == "dup")));
    }

    [Fact]
    public async Task Two_thousand_events_in_a_burst_record_every_call_once()
    {
        const int calls = 500;
        var events = Enumerable.Range(0, calls).SelectMany(i => new object[]
        {
            new { eventId = $"b{i}-r", callId = $"burst-{i}", type = "ringing", direction = "out", from = "101",
                to = $"+7916{i:0000000}", extensions = new[] { "101" }, startedAt = At(i) },
            new { eventId = $"b{i}-a", callId = $"burst-{i}", type = "answered", answeredAt = At(i + 5) },
            new { eventId = $"b{i}-e", callId = $"burst-{i}", type = "ended", endedAt = At(i + 35), cause = "answered" },
            new { eventId = $"b{i}-x", callId = $"burst-{i}", type = "recording", recordingUrl = $"https://pbx.example/b{i}.mp3" },
        }).ToList();
        // Shuffled, in 100 requests of 20, ten at a time, and the first ten requests sent twice.
        var random = new Random(2000);
        var batches = events.OrderBy(_ => random.Next()).Chunk(20).ToList();
        var replies = new List<JsonElement>();
        using var gate = new SemaphoreSlim(10);
        await Task.WhenAll(batches.Concat(batches.Take(10)).Select(async batch =>
        {
            await gate.WaitAsync();
            try
            {
                var reply = await app.SendAsync(batch).Expect<JsonElement>();
                lock (replies) replies.Add(reply);
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.Equal(2000, replies.Sum(r => r.GetProperty("accepted").GetInt32()));
        Assert.Equal(200, replies.Sum(r => r.GetProperty("duplicates").GetInt32()));
        await app.SettleAsync();

        var kept = await app.Db(db => db.Set<Call>().Where(c => c.ExternalId.StartsWith("burst-"))
            .Select(c => new { c.ExternalId, c.Status, c.ActivityId, c.DurationSeconds, c.RecordingUrl }).ToListAsync());
        Assert.Equal(calls, kept.Count);
        Assert.All(kept, c => Assert.Equal((CallStatus.Ended, 30), (c.Status, c.DurationSeconds ?? -1)));
        Assert.All(kept, c => Assert.NotNull(c.RecordingUrl));
        var activities = kept.Select(c => c.ActivityId).ToList();
        Assert.Equal(calls, activities.OfType<long>().Distinct().Count());
        Assert.Equal(calls, await app.Db(db => db.Activities.CountAsync(a => activities.Contains(a.Id)
            && a.UserId == app.UserIds["manager1"] && a.Direction == CallDirection.Outgoing)));
    }

    [Fact]
    public async Task A_missed_call_tells_the_client_s_owner_and_an_unknown_number_becomes_a_lead()
    {
        var (_, deal) = await ClientOfManager1("+7 916 300-00-03", "Пропущенный");
        await app.SendAsync(new object[]
        {
            new { eventId = "ms1-r", callId = "ms1", type = "ringing", direction = "in", from = "+79163000003",
                extensions = new[] { "102" } },
            new { eventId = "ms1-e", callId = "ms1", type = "ended", cause = "no-answer" },
            new { eventId = "ms2-r", callId = "ms2", type = "ringing", direction = "in", from = "+79163999999",
                extensions = new[] { "301" } },
            new { eventId = "ms2-e", callId = "ms2", type = "ended", cause = "no-answer" },
        }).Expect<JsonElement>();
        await app.SettleAsync();

        var known = await app.Db(db => db.Set<Call>().SingleAsync(c => c.ExternalId == "ms1"));
        Assert.Equal((deal.Id, CallResult.NoAnswer, (long?)null, (int?)null), (known.DealId, known.Result, known.ActivityId, known.LeadId));
        var told = await app.Db(db => db.Notifications.Where(n => n.Kind == NotificationKind.MissedCall).ToListAsync());
        Assert.Contains(told, n => n.UserId == app.UserIds["manager1"] && n.Link == $"/deals/{deal.Id}");
        Assert.DoesNotContain(told, n => n.UserId == app.UserIds["manager2"]);
        var unknown = await app.Db(db => db.Set<Call>().SingleAsync(c => c.ExternalId == "ms2"));
        var lead = await (await app.As("director")).GetAsync($"/api/v1/leads/{unknown.LeadId}").Expect<LeadResponse>();
        Assert.Equal((LeadChannel.Call, "+79163999999"), (lead.Channel, lead.PhoneE164));
        Assert.Contains(told, n => n.UserId == app.UserIds["manager3"] && n.Subject == "+79163999999");
        // Processing the call again changes nothing: one lead, one notice.
        await (await app.As("director")).PostJson($"/api/v1/telephony/integrations/{app.Pbx.Id}/replay", new { })
            .Expect<ReplayResponse>();
        await app.SettleAsync();
        Assert.Equal(1, await app.Db(db => db.Leads.CountAsync(l => l.PhoneE164 == "+79163999999")));
        Assert.Equal(told.Count, await app.Db(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.MissedCall)));
    }

    [Fact]
    public async Task An_answered_unknown_number_is_made_a_lead_once_by_the_one_who_took_it()
    {
        await app.SendAsync(new object[]
        {
            new { eventId = "ml-r", callId = "ml", type = "ringing", direction = "in", from = "+79167000007",
                extensions = new[] { "101" } },
            new { eventId = "ml-e", callId = "ml", type = "ended", answeredBy = "101", durationSec = 50, cause = "answered" },
        }).Expect<JsonElement>();
        await app.SettleAsync();
        var id = await app.Db(db => db.Set<Call>().Where(c => c.ExternalId == "ml").Select(c => c.Id).SingleAsync());
        await (await app.As("manager3")).PostAsync($"/api/v1/calls/{id}/lead", null).Problem(HttpStatusCode.NotFound);
        var m1 = await app.As("manager1");
        var call = await m1.PostAsync($"/api/v1/calls/{id}/lead", null).Expect<CallResponse>();
        var again = await m1.PostAsync($"/api/v1/calls/{id}/lead", null).Expect<CallResponse>();
        Assert.NotNull(call.LeadId);
        Assert.Equal(call.LeadId, again.LeadId);
        var lead = await app.Db(db => db.Leads.SingleAsync(l => l.Id == call.LeadId));
        Assert.Equal((LeadChannel.Call, "+79167000007"), (lead.Channel, lead.PhoneE164));
    }

    [Fact]
    public async Task Click_to_call_asks_the_pbx_to_ring_the_manager_s_extension_then_the_number()
    {
        await using var pbx = await FakePbx.StartAsync();
        var director = await app.As("director");
        var line = await director
            .PostJson("/api/v1/telephony/integrations", new { name = "Звонки из CRM", callbackUrl = pbx.BaseUrl + "/dial" })
            .Expect<IntegrationResponse>(HttpStatusCode.Created);
        await director.PutJson($"/api/v1/telephony/integrations/{line.Id}/extensions",
            new { extensions = new[] { new { extension = "701", userId = app.UserIds["manager2"] } } }).Expect<JsonElement>();

        var dialled = await (await app.As("manager2")).PostJson("/api/v1/calls/dial", new { phone = "8 (916) 900-00-09" })
            .Expect<DialResponse>(HttpStatusCode.Accepted);
        Assert.Equal((line.Id, "701", "+79169000009"), (dialled.IntegrationId, dialled.Extension, dialled.Phone));
        var (path, body, _) = Assert.Single(pbx.Requests);
        Assert.Equal("/dial", path);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(("701", "+79169000009", dialled.RequestId), (json.RootElement.GetProperty("extension").GetString(),
            json.RootElement.GetProperty("to").GetString(), json.RootElement.GetProperty("requestId").GetString()));

        Assert.Equal(["phone"], (await (await app.As("manager2")).PostJson("/api/v1/calls/dial", new { phone = "12" })
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        await (await app.As("senior2")).PostJson("/api/v1/calls/dial", new { phone = "+79169000009" }).Problem(HttpStatusCode.Conflict);
        await director.PutJson($"/api/v1/telephony/integrations/{line.Id}", new { callbackUrl = pbx.BaseUrl + "/fail" })
            .Expect<IntegrationResponse>();
        var refused = await (await app.As("manager2")).PostJson("/api/v1/calls/dial", new { phone = "+79169000009" })
            .Problem(HttpStatusCode.BadGateway);
        Assert.Contains("500", refused.GetProperty("detail").GetString());
        await director.PutJson($"/api/v1/telephony/integrations/{line.Id}", new { isActive = false }).Expect<IntegrationResponse>();
    }

    [Fact]
    public async Task Only_the_director_sets_telephony_up_and_bad_settings_are_refused()
    {
        var director = await app.As("director");
        await (await app.As("senior1")).GetAsync("/api/v1/telephony/integrations").Problem(HttpStatusCode.Forbidden);
        var listed = Assert.Single(await director.GetFromJsonAsync<List<IntegrationResponse>>("/api/v1/telephony/integrations", Http.Json)
            ?? [], i => i.Id == app.Pbx.Id);
        Assert.Equal(("Офисная АТС", PbxKind.Generic, $"/api/v1/telephony/{app.Pbx.Id}/events"),
            (listed.Name, listed.Kind, listed.WebhookPath));
        Assert.True(listed.Extensions >= 3);
        var zadarma = await director.PostJson("/api/v1/telephony/integrations", new { name = "Zadarma", kind = "Zadarma" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["secret"], zadarma.ErrorFields());
        var mango = await director.PostJson("/api/v1/telephony/integrations", new { name = "Mango", kind = "Mango", secret = "salt",
            callbackUrl = "ftp://x" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["callbackUrl", "key"], mango.ErrorFields().Order());
        var before = (await director.GetFromJsonAsync<List<ExtensionResponse>>(
            $"/api/v1/telephony/integrations/{app.Pbx.Id}/extensions", Http.Json))!.Count;
        var table = await director.PutJson($"/api/v1/telephony/integrations/{app.Pbx.Id}/extensions", new
        {
            extensions = new object[]
            {
                new { extension = "101", userId = app.UserIds["manager1"] }, new { extension = "101", userId = app.UserIds["manager2"] },
                new { extension = "", userId = 999_999 },
            },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["extensions[1].extension", "extensions[2].extension", "extensions[2].userId"], table.ErrorFields().Order());
        Assert.Equal(before, (await director.GetFromJsonAsync<List<ExtensionResponse>>(
            $"/api/v1/telephony/integrations/{app.Pbx.Id}/extensions", Http.Json))!.Count);
    }

    [Fact]
    public async Task A_pbx_that_cannot_sign_sends_the_secret_in_the_url_and_a_new_secret_ends_the_old()
    {
        var director = await app.As("director");
        var pbx = await director.PostJson("/api/v1/telephony/integrations", new { name = "Без подписи", auth = "UrlToken" })
            .Expect<IntegrationResponse>(HttpStatusCode.Created);
        var anonymous = app.CreateClient();
        var e = new { eventId = "tok-1", callId = "tok", type = "ringing", direction = "in", from = "+79164000004" };
        var ok = await anonymous.PostAsJsonAsync($"{pbx.WebhookPath}?token={pbx.Secret}", e).Expect<JsonElement>();
        Assert.Equal(1, ok.GetProperty("accepted").GetInt32());
        await anonymous.PostAsJsonAsync($"{pbx.WebhookPath}?token=wrong", e).Problem(HttpStatusCode.Unauthorized);
        var renewed = await director.PostAsync($"/api/v1/telephony/integrations/{pbx.Id}/secret", null).Expect<IntegrationResponse>();
        Assert.NotEqual(pbx.Secret, renewed.Secret);
        await anonymous.PostAsJsonAsync($"{pbx.WebhookPath}?token={pbx.Secret}", e).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MegaFon_asks_who_is_calling_and_Zadarma_checks_its_url()
    {
        var director = await app.As("director");
        await ClientOfManager1("+7 916 500-00-05", "Кто звонит");
        var megafon = await director
            .PostJson("/api/v1/telephony/integrations", new { name = "МегаФон", kind = "MegaFon", secret = "mf-token" })
            .Expect<IntegrationResponse>(HttpStatusCode.Created);
        await director.PutJson($"/api/v1/telephony/integrations/{megafon.Id}/extensions",
            new { extensions = new[] { new { extension = "ivanov", userId = app.UserIds["manager1"] } } }).Expect<JsonElement>();
        var anonymous = app.CreateClient();
        var reply = await anonymous.PostAsync(megafon.WebhookPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cmd"] = "contact", ["phone"] = "89165000005", ["callid"] = "mf-1", ["crm_token"] = "mf-token",
        })).Expect<JsonElement>();
        Assert.Equal(("Клиент Кто звонит", "ivanov"),
            (reply.GetProperty("contact_name").GetString(), reply.GetProperty("responsible").GetString()));
        var nobody = await anonymous.PostAsync(megafon.WebhookPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cmd"] = "contact", ["phone"] = "89165999999", ["crm_token"] = "mf-token",
        })).Expect<JsonElement>();
        Assert.Empty(nobody.EnumerateObject());
        await anonymous.PostAsync(megafon.WebhookPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cmd"] = "contact", ["phone"] = "89165000005", ["crm_token"] = "wrong",
        })).Problem(HttpStatusCode.Unauthorized);

        var zadarma = await director.PostJson("/api/v1/telephony/integrations", new { name = "Zadarma", kind = "Zadarma", secret = "zd" })
            .Expect<IntegrationResponse>(HttpStatusCode.Created);
        var echo = await anonymous.GetAsync($"{zadarma.WebhookPath}?zd_echo=abc123");
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        Assert.Equal("abc123", await echo.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_replay_rebuilds_calls_with_the_new_table_of_extensions()
    {
        await app.SendAsync(new object[]
        {
            new { eventId = "rp-r", callId = "rp", type = "ringing", direction = "in", from = "+79166000006",
                extensions = new[] { "777" } },
            new { eventId = "rp-e", callId = "rp", type = "ended", answeredBy = "777", durationSec = 42, cause = "answered" },
        }).Expect<JsonElement>();
        await app.SettleAsync();
        Assert.Null(await app.Db(db => db.Set<Call>().Where(c => c.ExternalId == "rp").Select(c => c.UserId).SingleAsync()));
        var director = await app.As("director");
        var table = (await director.GetFromJsonAsync<List<ExtensionResponse>>($"/api/v1/telephony/integrations/{app.Pbx.Id}/extensions",
            Http.Json))!.Select(x => (object)new { extension = x.Extension, userId = x.UserId })
            .Append(new { extension = "777", userId = app.UserIds["manager2"] }).ToArray();
        await director.PutJson($"/api/v1/telephony/integrations/{app.Pbx.Id}/extensions", new { extensions = table }).Expect<JsonElement>();
        var replay = await director.PostJson($"/api/v1/telephony/integrations/{app.Pbx.Id}/replay", new { }).Expect<ReplayResponse>();
        Assert.True(replay.Calls >= 1);
        await app.SettleAsync();
        var call = await app.Db(db => db.Set<Call>().SingleAsync(c => c.ExternalId == "rp"));
        Assert.Equal(app.UserIds["manager2"], call.UserId);
        var activity = await app.Db(db => db.Activities.SingleAsync(a => a.Id == call.ActivityId));
        Assert.Equal((app.UserIds["manager2"], 42), (activity.UserId, activity.DurationSeconds));
    }
}
