using Voronka.Core.Features.Objections;
using Voronka.Core.Features.Reports;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Meetings;

/// <summary>A series of meetings: its name, the team (none: the whole department), the day of the week and time, its length.</summary>
public sealed record SeriesRequest(string? Name, int? TeamId = null, DayOfWeek? Day = null, TimeOnly? At = null, int? Minutes = null);

public sealed record SeriesResponse(int Id, string Name, int? TeamId, string? TeamName, int OwnerId, string OwnerName, DayOfWeek Day,
    TimeOnly At, int Minutes, bool IsActive, bool MayRun, int? NextMeetingId, DateOnly? NextDay);

/// <summary>A meeting to plan: on a day (by default the series' next day of the week after its last meeting).</summary>
public sealed record MeetingRequest(int? SeriesId, DateOnly? Day = null);

public sealed record MeetingListItem(int Id, int SeriesId, string SeriesName, DateOnly Day, MeetingStatus Status, int Decisions);

/// <summary>A meeting: its frozen agenda once started, the notes per section, the decisions it took and those carried into it.</summary>
public sealed record MeetingResponse(
    int Id, int SeriesId, string SeriesName, int? TeamId, DateOnly Day, MeetingStatus Status, DateTime? StartedAt, string? StartedByName,
    DateTime? EndedAt, AgendaResponse? Agenda, IReadOnlyDictionary<string, string> Notes, IReadOnlyList<DecisionResponse> Decisions,
    IReadOnlyList<DecisionResponse> Carried, bool MayRun, int Version);

/// <summary>A decision with its state: the task's completion counts as done. <see cref="Carried"/> is how many meetings it
/// was carried into; at <see cref="MeetingsService.FlagAfter"/> it is flagged.</summary>
public sealed record DecisionResponse(
    int Id, int MeetingId, DateOnly MeetingDay, string Text, int OwnerId, string OwnerName, DateOnly DueOn, int? DealId, string? DealTitle,
    int? TaskId, DecisionStatus Status, int Carried, bool Flagged, DateTime CreatedAt);

public sealed record DecisionRequest(string? Text, int? OwnerId, DateOnly? DueOn, int? DealId = null);

/// <summary>A decision's new state: open, done or dropped.</summary>
public sealed record DecisionStatusRequest(string? Status);

public sealed record NoteRequest(string? Section, string? Text);

/// <summary>The deals of a period's funnel by what happened to them: new, moved to a later stage, slipped back to an earlier
/// one, won, lost (each deal counted once per kind).</summary>
public sealed record FunnelMoves(int New, int MovedOn, int SlippedBack, int Won, int Lost);

/// <summary>
/// The agenda of a meeting, frozen when it starts. Each part comes from the function behind the report of the same name,
/// over the same period and people: last meeting's decisions; plan and fact per manager for the week and the month so far
/// (the activity report, the dashboard's sales); the funnel since the last meeting (the flow funnel) and its moves; stuck
/// deals (the deal list's rotting filter); reviews against the quota (the review week) and the best call of the week; the
/// objection of the week; the bottlenecks.
/// </summary>
public sealed record AgendaResponse(
    DateTime BuiltAt, DateOnly From, DateOnly To, DateOnly WeekFrom, DateOnly MonthFrom, int? TeamId,
    IReadOnlyList<DecisionResponse> Decisions, ActivityReport Week, ActivityReport Month, IReadOnlyList<ManagerSales> Sales,
    FunnelReport Funnel, FunnelMoves Moves, IReadOnlyList<StuckDeal> Stuck, int StuckTotal, RoutineResponse Reviews,
    BestCallResponse? BestCall, ObjectionOfWeek? Objection, BottleneckReport Bottlenecks);

public sealed record StuckDeal(int Id, string Title, string Owner, string Stage, int DaysInStage, decimal Amount, string Currency);

/// <summary>The sections of an agenda notes are kept for.</summary>
public static class AgendaSections
{
    public static readonly IReadOnlyList<string> All =
        ["decisions", "plan", "funnel", "stuck", "reviews", "objection", "bottlenecks", "other"];
}
