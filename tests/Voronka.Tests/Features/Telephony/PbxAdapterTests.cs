using System.Text;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Telephony;
using Voronka.Core.Features.Telephony.Adapters;

namespace Voronka.Tests.Features.Telephony;

/// <summary>Each PBX's native webhooks, written from its public documentation, read into canonical events that fold
/// into one call; their signatures checked.</summary>
public class PbxAdapterTests
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");
    private static readonly DateTime Start = new(2026, 6, 30, 8, 59, 0, DateTimeKind.Utc);

    internal static PbxRequest Form(Dictionary<string, string> fields, string path = "", Dictionary<string, string>? headers = null,
        Dictionary<string, string>? query = null)
    {
        var body = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        return new PbxRequest("POST", path, Encoding.UTF8.GetBytes(body), query ?? [], headers ?? [], fields);
    }

    private static Call Fold(IPbxAdapter adapter, IEnumerable<PbxRequest> requests, Dictionary<string, int> people)
    {
        var events = requests.SelectMany(r => adapter.Read(r, Moscow).Events).ToList();
        foreach (var e in events)
        {
            var v = new Validator();
            e.Check(v);
            v.ThrowIfInvalid();
        }
        Assert.Single(events.Select(e => e.CallId).Distinct());
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        var call = new Call();
        foreach (var e in events) CallMerge.Apply(call, e, Start.AddHours(1));
        CallMerge.Settle(call, people);
        return call;
    }

    // --- Zadarma -----------------------------------------------------------------------------------------------------------

    private static Dictionary<string, string> Zd(string name, params (string, string)[] more)
    {
        var f = new Dictionary<string, string> { ["event"] = name, ["pbx_call_id"] = "in_5f2a9c", ["call_start"] = "2026-06-30 11:59:00",
            ["caller_id"] = "79161234567", ["called_did"] = "74951234567" };
        foreach (var (k, v) in more) f[k] = v;
        return f;
    }

    private static readonly Dictionary<string, string>[] ZadarmaCall =
    [
        Zd("NOTIFY_START"),
        Zd("NOTIFY_INTERNAL", ("internal", "101")),
        Zd("NOTIFY_INTERNAL", ("internal", "102")),
        Zd("NOTIFY_ANSWER", ("destination", "102"), ("internal", "102")),
        Zd("NOTIFY_END", ("internal", "102"), ("duration", "95"), ("disposition", "answered"), ("status_code", "16"),
            ("is_recorded", "1"), ("call_id_with_rec", "1593500340.123")),
        new() { ["event"] = "NOTIFY_RECORD", ["pbx_call_id"] = "in_5f2a9c", ["call_id_with_rec"] = "1593500340.123" },
    ];

    [Fact]
    public void Zadarma_signs_with_base64_of_the_hex_hmac_sha1()
    {
        // Worked out apart from the code: base64(hex(HMAC-SHA1("zd-secret", caller_id + called_did + call_start))).
        Assert.Equal("NTk1OTU3MzRiNGUwOTQxNDg2MDhhMGMwOTY5NTNiZDdlMmE1ODIxYQ==",
            ZadarmaAdapter.Sign("zd-secret", "+79161234567+749512345672026-06-30 11:59:00"));
        var integration = new TelephonyIntegration { Kind = PbxKind.Zadarma, Secret = "zd-secret" };
        var adapter = new ZadarmaAdapter();
        foreach (var fields in ZadarmaCall)
        {
            var signed = fields["event"] switch
            {
                "NOTIFY_ANSWER" => fields["caller_id"] + fields["destination"] + fields["call_start"],
                "NOTIFY_RECORD" => fields["pbx_call_id"] + fields["call_id_with_rec"],
                _ => fields["caller_id"] + fields["called_did"] + fields["call_start"],
            };
            var good = new Dictionary<string, string> { ["Signature"] = ZadarmaAdapter.Sign("zd-secret", signed) };
            Assert.True(adapter.Authentic(integration, Form(fields, headers: good)));
            var bad = new Dictionary<string, string> { ["Signature"] = ZadarmaAdapter.Sign("other", signed) };
            Assert.False(adapter.Authentic(integration, Form(fields, headers: bad)));
            Assert.False(adapter.Authentic(integration, Form(fields)));
        }
    }

    [Fact]
    public void Zadarma_s_notifications_make_one_answered_call_read_in_the_organisation_s_time()
    {
        var call = Fold(new ZadarmaAdapter(), ZadarmaCall.Select(f => Form(f)), new() { ["101"] = 1, ["102"] = 2 });
        Assert.Equal((CallWay.In, CallStatus.Ended, CallResult.Connected), (call.Way, call.Status, call.Result));
        Assert.Equal(Start, call.StartedAt);
        Assert.Equal(["101", "102"], call.Extensions);
        Assert.Equal((2, 95, "+79161234567"), (call.UserId, call.DurationSeconds, call.ClientPhone));
        Assert.Equal(ZadarmaAdapter.RecordApi + "?call_id=1593500340.123", call.RecordingUrl);
    }

    [Fact]
    public void Zadarma_s_missed_and_outgoing_calls_and_its_url_check()
    {
        var missed = Fold(new ZadarmaAdapter(), [Form(Zd("NOTIFY_START")), Form(Zd("NOTIFY_END", ("duration", "0"),
            ("disposition", "no answer")))], []);
        Assert.Equal(CallResult.NoAnswer, missed.Result);
        var outgoing = Fold(new ZadarmaAdapter(), [
            Form(new() { ["event"] = "NOTIFY_OUT_START", ["pbx_call_id"] = "out_1", ["call_start"] = "2026-06-30 11:59:00",
                ["internal"] = "101", ["destination"] = "84951234567" }),
            Form(new() { ["event"] = "NOTIFY_OUT_END", ["pbx_call_id"] = "out_1", ["call_start"] = "2026-06-30 11:59:00",
                ["internal"] = "101", ["destination"] = "84951234567", ["duration"] = "0", ["disposition"] = "busy" }),
        ], new() { ["101"] = 1 });
        Assert.Equal((CallWay.Out, 1, "+74951234567", CallResult.Busy),
            (outgoing.Way, outgoing.UserId, outgoing.ClientPhone, outgoing.Result));
        var echo = new PbxRequest("GET", "", [], new Dictionary<string, string> { ["zd_echo"] = "x1y2" }, new Dictionary<string, string>(),
            new Dictionary<string, string>());
        Assert.True(new ZadarmaAdapter().Authentic(new TelephonyIntegration { Secret = "s" }, echo));
        Assert.Equal("x1y2", new ZadarmaAdapter().Read(echo, Moscow).Echo);
    }

    // --- MegaFon ------------------------------------------------------------------------------------------------------------

    private static Dictionary<string, string> Mf(string cmd, params (string, string)[] more)
    {
        var f = new Dictionary<string, string> { ["cmd"] = cmd, ["callid"] = "43294397431", ["phone"] = "88005553535",
            ["diversion"] = "74951234567", ["user"] = "ivanov", ["ext"] = "510", ["crm_token"] = "mf-token" };
        foreach (var (k, v) in more) f[k] = v;
        return f;
    }

    [Fact]
    public void MegaFon_s_events_and_history_make_one_answered_call_with_its_recording()
    {
        var requests = new[]
        {
            Mf("event", ("type", "INCOMING"), ("direction", "in")),
            Mf("event", ("type", "INCOMING"), ("direction", "in"), ("user", "petrov"), ("ext", "511")),
            Mf("event", ("type", "CANCELLED"), ("direction", "in"), ("user", "petrov"), ("ext", "511")),
            Mf("event", ("type", "ACCEPTED"), ("direction", "in")),
            Mf("event", ("type", "COMPLETED"), ("direction", "in")),
            Mf("history", ("type", "in"), ("start", "20260630T085900Z"), ("duration", "95"), ("status", "Success"),
                ("link", "https://vats.example/rec/43294397431.mp3")),
        }.Select(f => Form(f)).ToList();
        var adapter = new MegaFonAdapter();
        var integration = new TelephonyIntegration { Kind = PbxKind.MegaFon, Secret = "mf-token" };
        Assert.All(requests, r => Assert.True(adapter.Authentic(integration, r)));
        Assert.False(adapter.Authentic(integration, Form(Mf("event", ("crm_token", "wrong")))));
        var call = Fold(adapter, requests, new() { ["ivanov"] = 1, ["petrov"] = 2 });
        Assert.Equal((CallWay.In, CallStatus.Ended, CallResult.Connected, 1), (call.Way, call.Status, call.Result, call.UserId));
        Assert.Equal([1, 2], call.RungUserIds);
        Assert.Equal((Start, 95, "+78005553535"), (call.StartedAt, call.DurationSeconds, call.ClientPhone));
        Assert.Equal("https://vats.example/rec/43294397431.mp3", call.RecordingUrl);
    }

    [Fact]
    public void MegaFon_s_missed_call_and_its_number_lookup()
    {
        var call = Fold(new MegaFonAdapter(), [Form(Mf("event", ("type", "INCOMING"), ("direction", "in"))),
            Form(Mf("history", ("type", "in"), ("start", "20260630T085900Z"), ("duration", "30"), ("status", "missed")))], []);
        Assert.Equal((CallResult.NoAnswer, 0), (call.Result, call.DurationSeconds));
        Assert.Equal("88005553535", new MegaFonAdapter().Read(Form(Mf("contact")), Moscow).LookupPhone);
        var lookup = ((IPbxAdapter)new MegaFonAdapter()).LookupReply("ООО Ромашка", "ivanov");
        var reply = System.Text.RegularExpressions.Regex.Unescape(System.Text.Json.JsonSerializer.Serialize(lookup));
        Assert.Equal("{\"contact_name\":\"ООО Ромашка\",\"responsible\":\"ivanov\"}", reply);
    }

    // --- Mango Office --------------------------------------------------------------------------------------------------------

    private static PbxRequest Mango(string path, string json, string key = "mango-key", string salt = "mango-salt") =>
        Form(new() { ["vpbx_api_key"] = key, ["sign"] = MangoAdapter.Sign(key, json, salt), ["json"] = json }, path);

    [Fact]
    public void Mango_signs_with_sha256_of_key_json_and_salt()
    {
        Assert.Equal("ba6de06b807d28bf2a7347052bf91ca4ff084d9caa4d6b1f0fcce6e0e2e31ee1",
            MangoAdapter.Sign("mango-key", "{\"entry_id\":\"E1\"}", "mango-salt"));
        var integration = new TelephonyIntegration { Kind = PbxKind.Mango, Key = "mango-key", Secret = "mango-salt" };
        var adapter = new MangoAdapter();
        Assert.True(adapter.Authentic(integration, Mango("call", "{\"entry_id\":\"E1\"}")));
        Assert.False(adapter.Authentic(integration, Mango("call", "{\"entry_id\":\"E1\"}", salt: "other")));
        Assert.False(adapter.Authentic(integration, Mango("call", "{\"entry_id\":\"E1\"}", key: "other-key")));
    }

    [Fact]
    public void Mango_s_legs_summary_and_recording_make_one_answered_call()
    {
        var requests = new[]
        {
            Mango("call", """
                {"entry_id":"MTYxNzM5NjY0OTE=","call_id":"MToxMDA4","timestamp":1782809940,"seq":1,
                "call_state":"Appeared","location":"abonent","from":{"number":"79607164646"},
                "to":{"extension":"222","number":"79776307393"}}
                """),
            Mango("call", """
                {"entry_id":"MTYxNzM5NjY0OTE=","call_id":"MToxMDA4","timestamp":1782809955,"seq":2,
                "call_state":"Connected","location":"abonent","from":{"number":"79607164646"},
                "to":{"extension":"222","number":"79776307393"}}
                """),
            Mango("summary", """
                {"entry_id":"MTYxNzM5NjY0OTE=","call_direction":1,"from":{"number":"79607164646"},
                "to":{"extension":"222","number":"79776307393"},"create_time":1782809940,"forward_time":1782809940,
                "talk_time":1782809955,"end_time":1782810074,"entry_result":1,"disconnect_reason":1110}
                """),
            Mango("recording", """
                {"entry_id":"MTYxNzM5NjY0OTE=","call_id":"MToxMDA4","extension":"222",
                "recording_id":"MToxMDA4NjI3Nzo","recording_state":"Completed","seq":1,"timestamp":1782810074}
                """),
        };
        var call = Fold(new MangoAdapter(), requests, new() { ["222"] = 5 });
        Assert.Equal((CallWay.In, CallStatus.Ended, CallResult.Connected, 5), (call.Way, call.Status, call.Result, call.UserId));
        Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(1782809940).UtcDateTime, 119, "+79607164646"),
            (call.StartedAt, call.DurationSeconds, call.ClientPhone));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1782809955).UtcDateTime, call.AnsweredAt);
        Assert.Equal(MangoAdapter.RecordingApi + "?recording_id=MToxMDA4NjI3Nzo", call.RecordingUrl);
    }

    [Fact]
    public void Mango_s_missed_call_ends_without_an_answer()
    {
        var call = Fold(new MangoAdapter(), [
            Mango("summary", """
                {"entry_id":"E2","call_direction":1,"from":{"number":"79607164646"},"to":{"extension":"222"},
                "create_time":1782809940,"talk_time":0,"end_time":1782809970,"entry_result":0}
                """)],
            new() { ["222"] = 5 });
        Assert.Equal((CallResult.NoAnswer, (int?)null), (call.Result, call.UserId));
        Assert.Equal([5], call.RungUserIds);
    }

    // --- Click-to-call ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Each_pbx_is_asked_to_place_a_call_in_its_own_words()
    {
        var generic = new TelephonyIntegration { Kind = PbxKind.Generic, Secret = "s3", CallbackUrl = "https://pbx.example/dial" };
        using var g = new GenericAdapter().Dial(generic, "101", "+79161234567", "req1");
        var body = await g.Content!.ReadAsByteArrayAsync();
        Assert.Equal("{\"requestId\":\"req1\",\"extension\":\"101\",\"to\":\"+79161234567\"}", Encoding.UTF8.GetString(body));
        Assert.Equal("sha256=" + PbxAdapters.HmacSha256Hex("s3", body), g.Headers.GetValues(GenericAdapter.SignatureHeader).Single());

        var zadarma = new TelephonyIntegration { Kind = PbxKind.Zadarma, Key = "zkey", Secret = "zsecret" };
        using var z = new ZadarmaAdapter().Dial(zadarma, "101", "+79161234567", "req2");
        const string query = "format=json&from=101&to=%2B79161234567";
        Assert.Equal("https://api.zadarma.com/v1/request/callback/?" + query, z.RequestUri!.ToString());
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(query)));
        Assert.Equal("zkey:" + ZadarmaAdapter.Sign("zsecret", "/v1/request/callback/" + query + md5),
            z.Headers.NonValidated["Authorization"].ToString());

        var megafon = new TelephonyIntegration
        {
            Kind = PbxKind.MegaFon, Key = "atskey", Secret = "t", CallbackUrl = "https://x.megapbx.ru/sys/crm_api.wcgp",
        };
        using var m = new MegaFonAdapter().Dial(megafon, "ivanov", "+79161234567", "req3");
        Assert.Equal("cmd=makeCall&phone=79161234567&user=ivanov&token=atskey", await m.Content!.ReadAsStringAsync());

        var mango = new TelephonyIntegration { Kind = PbxKind.Mango, Key = "mkey", Secret = "msalt" };
        using var n = new MangoAdapter().Dial(mango, "222", "+79161234567", "req4");
        Assert.Equal("https://app.mango-office.ru/vpbx/commands/callback", n.RequestUri!.ToString());
        var form = System.Web.HttpUtility.ParseQueryString(await n.Content!.ReadAsStringAsync());
        Assert.Equal("{\"command_id\":\"req4\",\"from\":{\"extension\":\"222\"},\"to_number\":\"79161234567\"}", form["json"]);
        Assert.Equal(MangoAdapter.Sign("mkey", form["json"]!, "msalt"), form["sign"]);
    }
}
