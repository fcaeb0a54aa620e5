using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.Telephony;
using Voronka.Tests.Infrastructure;
using Voronka.Web.Features.Telephony;

namespace Voronka.Tests.Features.Telephony;

/// <summary>A company with a phone system whose recordings the tests copy themselves (the background round is off).</summary>
public class RecordingApp : TelephonyApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telephony:FetchRecordings", "false");
    }

    /// <summary>Runs the fetcher's rounds, moving the clock past each retry's wait, until nothing is left waiting.</summary>
    public async Task FetchAllAsync()
    {
        var fetcher = Services.GetRequiredService<RecordingFetcher>();
        for (var round = 0; round < 10; round++)
        {
            await fetcher.FetchDueAsync(CancellationToken.None);
            if (!await Db(db => db.Set<Recording>().AnyAsync(r => r.State == RecordingState.Waiting))) return;
            Clock.Advance(TimeSpan.FromMinutes(20));
        }
    }

    public static byte[] Mp3(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "ID3"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A call activity of manager 1 on a deal of theirs.</summary>
    public async Task<(DealResponse Deal, ActivityResponse Call)> LoggedCallAsync(string title)
    {
        var m1 = await As("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title }).Expect<DealResponse>(HttpStatusCode.Created);
        var call = await m1.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Outgoing",
            callResult = "Connected", durationSeconds = 120 }).Expect<ActivityResponse>(HttpStatusCode.Created);
        return (deal, call);
    }

    public static MultipartFormDataContent File(byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return form;
    }
}

public class RecordingTests(RecordingApp app) : IClassFixture<RecordingApp>
{
    [Fact]
    public async Task A_recording_that_fails_twice_is_copied_on_the_third_try_and_played_in_ranges_by_those_who_see_the_call()
    {
        await using var pbx = await FakePbx.StartAsync();
        var audio = RecordingApp.Mp3(50_000, 1);
        var url = pbx.Serve("/rec/r1.mp3", audio, failFirst: 2);
        var m1 = await app.As("manager1");
        var contact = await m1.PostJson("/api/v1/contacts", new { name = "Записанный", phones = new[] { "+79168000008" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var deal = await m1.PostJson("/api/v1/deals", new { title = "С записью", contactId = contact.Id })
            .Expect<DealResponse>(HttpStatusCode.Created);
        await app.SendAsync(new object[]
        {
            new { eventId = "rec1-r", callId = "rec1", type = "ringing", direction = "in", from = "+79168000008",
                extensions = new[] { "101" } },
            new { eventId = "rec1-e", callId = "rec1", type = "ended", answeredBy = "101", durationSec = 64, cause = "answered" },
            new { eventId = "rec1-x", callId = "rec1", type = "recording", recordingUrl = url },
        }).Expect<JsonElement>();
        await app.SettleAsync();
        await app.FetchAllAsync();

        Assert.Equal(3, pbx.Hits("/rec/r1.mp3"));
        var call = Assert.Single((await m1.GetFromJsonAsync<Page<CallResponse>>($"/api/v1/calls?dealId={deal.Id}", Http.Json))!.Items);
        var id = call.RecordingId ?? throw new Xunit.Sdk.XunitException("The recording was not kept.");
        var info = await m1.GetAsync($"/api/v1/recordings/{id}/info").Expect<RecordingResponse>();
        Assert.Equal((RecordingState.Stored, (long?)audio.Length, Convert.ToHexStringLower(SHA256.HashData(audio)), 3),
            (info.State, info.Size, info.Sha256, info.Attempts));
        var activity = Assert.Single((await m1.GetFromJsonAsync<Page<ActivityResponse>>($"/api/v1/activities?dealId={deal.Id}",
            Http.Json))!.Items);
        Assert.Equal(id, activity.RecordingId);

        var whole = await m1.GetAsync($"/api/v1/recordings/{id}");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/mpeg", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(audio, await whole.Content.ReadAsByteArrayAsync());
        var part = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/recordings/{id}")
        {
            Headers = { Range = new RangeHeaderValue(1000, 1999) },
        };
        var ranged = await m1.SendAsync(part);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal($"bytes 1000-1999/{audio.Length}", ranged.Content.Headers.ContentRange?.ToString());
        Assert.Equal(audio[1000..2000], await ranged.Content.ReadAsByteArrayAsync());

        // The recording follows the deal: team B does not see it, team A's senior does.
        await (await app.As("manager3")).GetAsync($"/api/v1/recordings/{id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("senior2")).GetAsync($"/api/v1/recordings/{id}/info").Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await (await app.As("senior1")).GetAsync($"/api/v1/recordings/{id}")).StatusCode);
        var listens = await (await app.As("director")).GetAsync($"/api/v1/recordings/{id}/listens")
            .Expect<List<RecordingAccessResponse>>();
        Assert.Equal(2, listens.Count(l => l.UserId == app.UserIds["manager1"]));
        Assert.Single(listens, l => l.UserId == app.UserIds["senior1"]);
        await m1.GetAsync($"/api/v1/recordings/{id}/listens").Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_recording_that_is_not_audio_is_not_kept_and_is_tried_again()
    {
        await using var pbx = await FakePbx.StartAsync();
        var url = pbx.Serve("/rec/page.mp3", "<html>Access denied</html>"u8.ToArray());
        await app.SendAsync(new object[]
        {
            new { eventId = "rec2-e", callId = "rec2", type = "ended", direction = "out", from = "101", to = "+79168000009",
                extensions = new[] { "101" }, durationSec = 10, cause = "answered" },
            new { eventId = "rec2-x", callId = "rec2", type = "recording", recordingUrl = url },
        }).Expect<JsonElement>();
        await app.SettleAsync();
        await app.Services.GetRequiredService<RecordingFetcher>().FetchDueAsync(CancellationToken.None);
        var recording = await app.Db(db => db.Set<Recording>().SingleAsync(r => r.SourceUrl == url));
        Assert.Equal((RecordingState.Waiting, 1, null), (recording.State, recording.Attempts, recording.StorageKey));
        Assert.Contains("not an audio recording", recording.LastError);
        Assert.Empty(Directory.Exists(app.FilesPath)
            ? Directory.EnumerateFiles(app.FilesPath, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".part")) : []);
    }

    [Fact]
    public async Task A_recording_of_a_call_from_a_personal_phone_is_uploaded_by_hand()
    {
        var (_, call) = await app.LoggedCallAsync("Звонок с мобильного");
        var m1 = await app.As("manager1");
        var audio = RecordingApp.Mp3(20_000, 2);
        var kept = await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(audio, "call.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);
        Assert.Equal(audio, await (await m1.GetAsync($"/api/v1/recordings/{kept.Id}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(kept.Id, (await m1.GetAsync($"/api/v1/activities/{call.Id}").Expect<ActivityResponse>()).RecordingId);

        var text = await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File("not audio"u8.ToArray(), "call.mp3"))
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["file"], text.ErrorFields());
        await (await app.As("manager3")).PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(audio, "x.mp3"))
            .Problem(HttpStatusCode.NotFound);
        var meeting = await m1.PostJson("/api/v1/activities", new { type = "Meeting", dealId = call.DealId })
            .Expect<ActivityResponse>(HttpStatusCode.Created);
        Assert.Equal(["activityId"], (await m1.PostAsync($"/api/v1/activities/{meeting.Id}/recording", RecordingApp.File(audio, "x.mp3"))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        // A second upload replaces the first.
        var second = RecordingApp.Mp3(10_000, 3);
        var replaced = await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(second, "call2.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);
        Assert.Equal(kept.Id, replaced.Id);
        Assert.Equal(second, await (await m1.GetAsync($"/api/v1/recordings/{kept.Id}")).Content.ReadAsByteArrayAsync());
    }
}

/// <summary>A company of its own, whose clock jumps a month.</summary>
public class RetentionApp : RecordingApp;

public class RecordingRetentionTests(RetentionApp app) : IClassFixture<RetentionApp>
{
    [Fact]
    public async Task Recordings_older_than_the_organisation_s_retention_are_deleted()
    {
        var (_, call) = await app.LoggedCallAsync("Старая запись");
        var m1 = await app.As("manager1");
        var kept = await m1.PostAsync($"/api/v1/activities/{call.Id}/recording", RecordingApp.File(RecordingApp.Mp3(5_000, 4), "a.mp3"))
            .Expect<RecordingResponse>(HttpStatusCode.Created);
        var director = await app.As("director");
        var org = await director.GetAsync("/api/v1/organisation").Expect<OrganisationResponse>();
        var bad = await director.PutJson("/api/v1/organisation", new { org.Name, org.TimeZoneId, org.Currency, org.Version,
            recordingRetentionDays = 5000 }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["recordingRetentionDays"], bad.ErrorFields());
        var saved = await director.PutJson("/api/v1/organisation", new { org.Name, org.TimeZoneId, org.Currency, org.Version,
            recordingRetentionDays = 30 }).Expect<OrganisationResponse>();
        Assert.Equal(30, saved.RecordingRetentionDays);

        app.Clock.Advance(TimeSpan.FromDays(29));
        await app.FetchAllAsync();
        Assert.Equal(RecordingState.Stored,
            await app.Db(db => db.Set<Recording>().Where(r => r.Id == kept.Id).Select(r => r.State).SingleAsync()));
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.FetchAllAsync();
        var gone = await app.Db(db => db.Set<Recording>().SingleAsync(r => r.Id == kept.Id));
        Assert.Equal((RecordingState.Deleted, null), (gone.State, gone.StorageKey));
        Assert.Empty(Directory.EnumerateFiles(app.FilesPath, "*.mp3", SearchOption.AllDirectories));
        var fresh = await app.SignInAsync("manager1", VoronkaApp.Password);
        await fresh.GetAsync($"/api/v1/recordings/{kept.Id}").Problem(HttpStatusCode.NotFound);
    }
}
