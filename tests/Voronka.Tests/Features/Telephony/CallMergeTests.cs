using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Telephony;

namespace Voronka.Tests.Features.Telephony;

/// <summary>The events of a call folded into one call whatever their order, with the people on the extensions.</summary>
public class CallMergeTests
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 11, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> People = new() { ["101"] = 7, ["102"] = 8 };

    private static readonly CallEvent[] Incoming =
    [
        new("e1", "c1", "ringing", "in", "8 (916) 123-45-67", "74951234567", ["101"], StartedAt: T0),
        new("e2", "c1", "ringing", "in", "+79161234567", "74951234567", ["102"], StartedAt: T0.AddSeconds(1)),
        new("e3", "c1", "answered", "in", AnsweredBy: "102", AnsweredAt: T0.AddSeconds(12)),
        new("e4", "c1", "ended", "in", EndedAt: T0.AddSeconds(192), DurationSec: 180, Cause: "answered"),
        new("e5", "c1", "recording", RecordingUrl: "https://pbx.example/rec/c1.mp3"),
    ];

    private static Call Fold(IEnumerable<CallEvent> events)
    {
        var call = new Call { IntegrationId = 1, ExternalId = "c1" };
        foreach (var e in events) CallMerge.Apply(call, e, T0.AddMinutes(10).UtcDateTime);
        CallMerge.Settle(call, People);
        return call;
    }

    [Fact]
    public void Agent_legs_fold_into_one_answered_call_with_its_recording()
    {
        var call = Fold(Incoming);
        Assert.Equal(CallWay.In, call.Way);
        Assert.Equal(CallStatus.Ended, call.Status);
        Assert.Equal(["101", "102"], call.Extensions);
        Assert.Equal([7, 8], call.RungUserIds);
        Assert.Equal(8, call.UserId);
        Assert.Equal("+79161234567", call.ClientPhone);
        Assert.Equal(T0.UtcDateTime, call.StartedAt);
        Assert.Equal(T0.AddSeconds(12).UtcDateTime, call.AnsweredAt);
        Assert.Equal(T0.AddSeconds(192).UtcDateTime, call.EndedAt);
        Assert.Equal(180, call.DurationSeconds);
        Assert.Equal(CallResult.Connected, call.Result);
        Assert.Equal("https://pbx.example/rec/c1.mp3", call.RecordingUrl);
    }

    [Fact]
    public void Any_order_of_the_events_gives_the_same_call()
    {
        var expected = Fold(Incoming);
        var random = new Random(15);
        for (var i = 0; i < 20; i++)
        {
            var call = Fold(Incoming.OrderBy(_ => random.Next()));
            Assert.Equal((expected.Status, expected.StartedAt, expected.AnsweredAt, expected.EndedAt, expected.UserId, expected.Result),
                (call.Status, call.StartedAt, call.AnsweredAt, call.EndedAt, call.UserId, call.Result));
            Assert.Equal(expected.Extensions.Order(), call.Extensions.Order());
        }
    }

    [Fact]
    public void An_end_without_an_answer_is_a_missed_call_and_a_ringing_one_has_no_result_yet()
    {
        var missed = Fold([Incoming[0], new CallEvent("e9", "c1", "ended", "in", Cause: "no-answer", EndedAt: T0.AddSeconds(30))]);
        Assert.Equal(CallResult.NoAnswer, missed.Result);
        Assert.Null(missed.UserId);
        Assert.Equal(0, missed.DurationSeconds ?? 0);
        var ringing = Fold([Incoming[0]]);
        Assert.Equal(CallStatus.Ringing, ringing.Status);
        Assert.Null(ringing.Result);
        Assert.Equal([7], ringing.RungUserIds);
    }

    [Fact]
    public void A_call_out_is_the_dialler_s_and_its_client_is_the_number_dialled()
    {
        var call = Fold([
            new CallEvent("o1", "c1", "ringing", "out", "101", "8 495 123-45-67", ["101"], StartedAt: T0),
            new CallEvent("o2", "c1", "ended", "out", EndedAt: T0.AddSeconds(20), Cause: "busy"),
        ]);
        Assert.Equal(7, call.UserId);
        Assert.Equal([7], call.RungUserIds);
        Assert.Equal("+74951234567", call.ClientPhone);
        Assert.Equal(CallResult.Busy, call.Result);
    }

    [Fact]
    public void A_number_is_shown_as_people_read_it()
    {
        Assert.Equal("+7 916 123-45-67", Voronka.Core.Features.Contacts.ContactNormalizer.Readable("89161234567"));
        Assert.Equal("101", Voronka.Core.Features.Contacts.ContactNormalizer.Readable("101"));
    }

    [Fact]
    public void An_internal_call_has_no_client()
    {
        var call = Fold([new CallEvent("i1", "c1", "ended", "internal", "101", "102", ["101", "102"], "102", T0, T0.AddSeconds(2),
            T0.AddSeconds(62))]);
        Assert.Null(call.ClientPhone);
        Assert.Equal(60, call.DurationSeconds);
    }

    [Fact]
    public void A_bad_event_is_refused_naming_each_field()
    {
        var v = new Validator();
        new CallEvent(null, "", "hangup", "sideways", Extensions: [""], DurationSec: -1, RecordingUrl: "ftp://x",
            StartedAt: T0, EndedAt: T0.AddSeconds(-5)).Check(v, "events[2].");
        var errors = Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid).Errors;
        Assert.Equal(["events[2].callId", "events[2].direction", "events[2].durationSec", "events[2].endedAt", "events[2].eventId",
            "events[2].extensions", "events[2].recordingUrl", "events[2].type"], errors.Keys.Order());
    }
}
