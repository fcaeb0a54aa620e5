using System.Text.Json.Serialization;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Contacts;

namespace Voronka.Core.Features.Telephony;

/// <summary>
/// One event of a call in Voronka's canonical form, the one the generic webhook takes and every PBX adapter produces.
/// <see cref="Type"/> is <c>ringing</c>, <c>answered</c>, <c>ended</c> or <c>recording</c>; <see cref="Direction"/>
/// <c>in</c>, <c>out</c> or <c>internal</c>; <see cref="Extensions"/> the extensions that rang (or dialled);
/// <see cref="AnsweredBy"/> the extension that took the call; <see cref="Cause"/> why it ended (<c>answered</c>,
/// <c>no-answer</c>, <c>busy</c>, <c>cancelled</c>, <c>failed</c>, <c>voicemail</c>, or the PBX's own word);
/// <see cref="DurationSec"/> the talk time. The events of one <see cref="CallId"/> may come in any order.
/// </summary>
public sealed record CallEvent(
    string? EventId,
    string? CallId,
    string? Type,
    string? Direction = null,
    string? From = null,
    string? To = null,
    IReadOnlyList<string>? Extensions = null,
    string? AnsweredBy = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? EndedAt = null,
    int? DurationSec = null,
    string? Cause = null,
    string? RecordingUrl = null)
{
    public const int MaxId = 200;
    public const int MaxNumber = 64;
    public const int MaxExtension = 32;
    public const int MaxExtensions = 50;

    public static readonly string[] Types = ["ringing", "answered", "ended", "recording"];
    public static readonly string[] Directions = ["in", "out", "internal"];

    /// <summary>How far into a call the event is: ringing, answered, ended (a recording says nothing of it).</summary>
    [JsonIgnore]
    public int Rank => Type switch { "ringing" => 0, "answered" => 1, "ended" => 2, _ => -1 };

    /// <summary>Checks the event, naming each field under <paramref name="prefix"/> (<c>events[3].</c>).</summary>
    public void Check(Validator v, string prefix = "")
    {
        v.Required(EventId, prefix + "eventId", MaxId).Required(CallId, prefix + "callId", MaxId);
        if (string.IsNullOrWhiteSpace(Type)) v.Add(prefix + "type", "is required: ringing, answered, ended or recording.");
        else if (!Types.Contains(Type)) v.Add(prefix + "type", "must be ringing, answered, ended or recording.");
        if (Direction is not null && !Directions.Contains(Direction)) v.Add(prefix + "direction", "must be in, out or internal.");
        v.MaxLength(From, prefix + "from", MaxNumber).MaxLength(To, prefix + "to", MaxNumber).MaxLength(Cause, prefix + "cause", 100);
        v.MaxLength(AnsweredBy, prefix + "answeredBy", MaxExtension);
        if (Extensions is { Count: > MaxExtensions }) v.Add(prefix + "extensions", $"must hold at most {MaxExtensions} extensions.");
        else if (Extensions?.Any(e => string.IsNullOrWhiteSpace(e) || e.Trim().Length > MaxExtension) == true)
            v.Add(prefix + "extensions", $"must hold extensions of 1 to {MaxExtension} characters.");
        if (DurationSec is < 0 or > 86_400) v.Add(prefix + "durationSec", "must be between 0 and 86400.");
        if (Type == "recording" && string.IsNullOrWhiteSpace(RecordingUrl)) v.Add(prefix + "recordingUrl", "is required for a recording.");
        if (RecordingUrl is not null && (RecordingUrl.Length > 1000 || !Uri.TryCreate(RecordingUrl.Trim(), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")))
            v.Add(prefix + "recordingUrl", "must be an http or https link of at most 1000 characters.");
        if (StartedAt is { } s && EndedAt is { } e && e < s) v.Add(prefix + "endedAt", "must not be before startedAt.");
    }
}

/// <summary>
/// Folds the events of one call into the call, in any order: the earliest start and answer, the latest end, every
/// extension that rang, the furthest status; then settles what follows from it (whose call it is, the client's number,
/// the result, the talk time) from the extensions' people.
/// </summary>
public static class CallMerge
{
    public static void Apply(Call call, CallEvent e, DateTime receivedAt)
    {
        call.Way ??= e.Direction switch { "in" => CallWay.In, "out" => CallWay.Out, "internal" => CallWay.Internal, _ => null };
        call.From ??= Clean(e.From);
        call.To ??= Clean(e.To);
        foreach (var ext in (e.Extensions ?? []).Append(e.AnsweredBy))
            if (Clean(ext) is string x && !call.Extensions.Contains(x) && call.Extensions.Count < CallEvent.MaxExtensions)
                call.Extensions.Add(x);
        if (Clean(e.AnsweredBy) is string by) call.AnsweredBy = by;
        var started = e.StartedAt?.UtcDateTime ?? (e.Rank == 0 ? receivedAt : null);
        if (call.StartedAt == default)
            call.StartedAt = started ?? e.AnsweredAt?.UtcDateTime ?? e.EndedAt?.UtcDateTime ?? receivedAt;
        else if (started < call.StartedAt) call.StartedAt = started.Value;
        if (e.AnsweredAt?.UtcDateTime is DateTime answered && (call.AnsweredAt is null || answered < call.AnsweredAt))
            call.AnsweredAt = answered;
        if (e.Rank == 1 && call.AnsweredAt is null) call.AnsweredAt = receivedAt;
        var ended = e.EndedAt?.UtcDateTime ?? (e.Rank == 2 ? receivedAt : null);
        if (ended is DateTime end && (call.EndedAt is null || end > call.EndedAt)) call.EndedAt = end;
        if (e.DurationSec is int seconds) call.DurationSeconds = seconds;
        if (Clean(e.Cause) is string cause) call.Cause = cause;
        if (Clean(e.RecordingUrl) is string url) call.RecordingUrl = url;
        var rank = Math.Max(e.Rank, call.EndedAt is not null ? 2 : call.AnsweredAt is not null ? 1 : 0);
        if (rank > (int)call.Status) call.Status = (CallStatus)rank;
        if (call.StartedAt > call.AnsweredAt) call.StartedAt = call.AnsweredAt.Value;
    }

    /// <summary>What follows from the merged events and the people on the extensions.</summary>
    public static void Settle(Call call, IReadOnlyDictionary<string, int> people)
    {
        int? Person(string? ext) => ext is not null && people.TryGetValue(ext, out var id) ? id : null;
        call.RungUserIds = call.Way == CallWay.Out
            ? [.. new[] { Agent(call, Person) }.OfType<int>()]
            : [.. call.Extensions.Select(Person).OfType<int>().Distinct()];
        call.UserId = Agent(call, Person);
        call.ClientPhone = call.Way switch
        {
            CallWay.In => Phone(call.From, people),
            CallWay.Out => Phone(call.To, people),
            CallWay.Internal => null,
            _ => Phone(call.From, people) ?? Phone(call.To, people),
        };
        var talked = call.AnsweredAt is not null || call.DurationSeconds > 0;
        if (call.DurationSeconds is null && call.AnsweredAt is DateTime a && call.EndedAt is DateTime e)
            call.DurationSeconds = (int)Math.Clamp((e - a).TotalSeconds, 0, 86_400);
        call.Result = call.Status != CallStatus.Ended ? null : call.Cause switch
        {
            "busy" => CallResult.Busy,
            "voicemail" => CallResult.Voicemail,
            "wrong-number" or "invalid-number" => CallResult.WrongNumber,
            "no-answer" or "cancelled" or "failed" => CallResult.NoAnswer,
            _ => talked ? CallResult.Connected : CallResult.NoAnswer,
        };
    }

    /// <summary>Whose call it is: who answered; for a call out, who dialled.</summary>
    private static int? Agent(Call call, Func<string?, int?> person) =>
        person(call.AnsweredBy) ?? (call.Way == CallWay.Out ? call.Extensions.Select(person).FirstOrDefault(p => p is not null)
            ?? person(call.From) : null);

    private static string? Phone(string? number, IReadOnlyDictionary<string, int> people) =>
        number is null || people.ContainsKey(number) ? null : ContactNormalizer.Phone(number);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
