using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Meetings;

/// <summary>
/// The weekly meeting: the director keeps series for the department and the teams, a senior for the team. Who runs a
/// series (its owner or the director) starts a meeting: its agenda is built and frozen, and the open decisions of the earlier
/// meetings are carried into it — each once per meeting; one carried <see cref="FlagAfter"/> times is flagged. Notes are
/// kept per section; decisions get an owner and a due date (on a deal, also the deal's task). The meeting's people see it.
/// </summary>
public sealed class MeetingsService(IDbContextFactory<VoronkaDbContext> factory, MeetingAgenda agenda, TimeProvider clock)
{
    public const int FlagAfter = 3;

    internal static readonly JsonSerializerOptions Json =
        new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<SeriesResponse>> SeriesAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, await OrgTime.ZoneAsync(db, ct));
        var q = Visible(db, actor);
        return await (from s in q
                      join u in db.Users on s.OwnerId equals u.Id
                      orderby s.Name
                      select new SeriesResponse(s.Id, s.Name, s.TeamId,
                          db.Teams.Where(t => t.Id == s.TeamId).Select(t => t.Name).FirstOrDefault(),
                          s.OwnerId, u.FullName, s.Day, s.At, s.Minutes, s.IsActive,
                          actor.IsDirector || s.OwnerId == actor.UserId || (actor.IsSenior && s.TeamId != null && s.TeamId == actor.TeamId),
                          db.Set<Meeting>().Where(m => m.SeriesId == s.Id && m.Status != MeetingStatus.Ended).OrderBy(m => m.Day)
                              .Select(m => (int?)m.Id).FirstOrDefault(),
                          db.Set<Meeting>().Where(m => m.SeriesId == s.Id && m.Status != MeetingStatus.Ended).OrderBy(m => m.Day)
                              .Select(m => (DateOnly?)m.Day).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>A new series: the director's for the department or any team, a senior's for the team.</summary>
    public async Task<SeriesResponse> CreateSeriesAsync(Actor actor, SeriesRequest r, CancellationToken ct)
    {
        if (!(actor.IsDirector || actor.IsSenior)) throw new ForbiddenException("The director and the seniors hold the meetings.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        var teamId = actor.IsSenior ? r.TeamId ?? actor.TeamId : r.TeamId;
        if (actor.IsSenior && teamId != actor.TeamId) v.Add("teamId", "must be your team.");
        else if (teamId is int t && !await db.Teams.AnyAsync(x => x.Id == t, ct)) v.Add("teamId", "does not exist.");
        v.Check(r.Minutes is null or (>= 10 and <= 480), "minutes", "must be between 10 and 480.");
        v.Check(r.Day is null || Enum.IsDefined(r.Day.Value), "day", "is not a day of the week.");
        v.ThrowIfInvalid();
        var series = new MeetingSeries
        {
            Name = r.Name!.Trim(), TeamId = teamId, OwnerId = actor.UserId, Day = r.Day ?? DayOfWeek.Monday, At = r.At ?? new TimeOnly(10,
                0),
            Minutes = r.Minutes ?? 60, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(series);
        await db.SaveChangesAsync(ct);
        return (await SeriesAsync(actor, ct)).Single(s => s.Id == series.Id);
    }

    public async Task<IReadOnlyList<MeetingListItem>> ListAsync(Actor actor, int? seriesId, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var series = Visible(db, actor).Where(s => seriesId == null || s.Id == seriesId);
        return await (from m in db.Set<Meeting>()
                      join s in series on m.SeriesId equals s.Id
                      orderby m.Day descending, m.Id descending
                      select new MeetingListItem(m.Id, s.Id, s.Name, m.Day, m.Status,
                          db.Set<MeetingDecision>().Count(d => d.MeetingId == m.Id)))
            .Take(200).ToListAsync(ct);
    }

    /// <summary>Plans a meeting of a series on a day (by default its next day of the week after its last meeting, today
    /// included).</summary>
    public async Task<MeetingResponse> PlanAsync(Actor actor, MeetingRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var series = r.SeriesId is int sid ? await Visible(db, actor).FirstOrDefaultAsync(s => s.Id == sid, ct) : null;
        if (series is null) throw ValidationFailedException.For("seriesId", "is not a series of meetings you see.");
        RequireRunner(actor, series);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, await OrgTime.ZoneAsync(db, ct));
        var last = await db.Set<Meeting>().Where(m => m.SeriesId == series.Id).MaxAsync(m => (DateOnly?)m.Day, ct);
        var after = last is DateOnly l && l >= today ? l.AddDays(1) : today;
        var day = r.Day ?? after.AddDays(((int)series.Day - (int)after.DayOfWeek + 7) % 7);
        if (await db.Set<Meeting>().AnyAsync(m => m.SeriesId == series.Id && m.Day == day, ct))
            throw ValidationFailedException.For("day", "already has a meeting of the series.");
        var meeting = new Meeting { SeriesId = series.Id, Day = day, Status = MeetingStatus.Planned };
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, meeting.Id, ct);
    }

    public async Task<MeetingResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (meeting, series) = await LoadAsync(db, actor, id, ct);
        var notes = await db.Set<MeetingNote>().Where(n => n.MeetingId == id).ToDictionaryAsync(n => n.Section, n => n.Text, ct);
        var decisions = await Decisions(db, db.Set<MeetingDecision>().Where(d => d.MeetingId == id)).ToListAsync(ct);
        var carried = await Decisions(db, db.Set<MeetingDecision>()
            .Where(d => db.Set<DecisionCarry>().Any(c => c.DecisionId == d.Id && c.MeetingId == id))).ToListAsync(ct);
        var started = meeting.StartedById is int by ? await db.Users.Where(u => u.Id == by).Select(u => u.FullName).FirstAsync(ct) : null;
        var frozen = meeting.Agenda is null ? null : JsonSerializer.Deserialize<AgendaResponse>(meeting.Agenda, Json);
        return new MeetingResponse(meeting.Id, series.Id, series.Name, series.TeamId, meeting.Day, meeting.Status, meeting.StartedAt,
            started,
            meeting.EndedAt, frozen, notes, decisions.Select(Flag).ToList(), carried.Select(Flag).ToList(), MayRun(actor, series),
            meeting.Version);
    }

    /// <summary>Starts the meeting: the agenda over the days since the series' last meeting is built and frozen, and the
    /// open decisions of the earlier meetings are carried into it, in one transaction. A meeting starts once.</summary>
    public async Task<MeetingResponse> StartAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (meeting, series) = await LoadAsync(db, actor, id, ct);
        RequireRunner(actor, series);
        if (meeting.Status != MeetingStatus.Planned) throw new ConflictException("The meeting has already started.");
        var now = clock.GetUtcNow().UtcDateTime;
        var today = OrgTime.Today(now, await OrgTime.ZoneAsync(db, ct));
        // Started early, a meeting would go over the same days as the last one.
        if (meeting.Day > today) throw new ConflictException("A meeting starts on its day, not before.");
        var last = await db.Set<Meeting>().Where(m => m.SeriesId == series.Id && m.Id != id && m.StartedAt != null && m.To != null)
            .OrderByDescending(m => m.StartedAt).FirstOrDefaultAsync(ct);
        var from = last?.To is DateOnly to && to < today ? to.AddDays(1) : today.AddDays(-6);
        var open = await OpenEarlier(db, series.Id, id).Select(d => d.Id).ToListAsync(ct);
        var lastDecisions = last is null ? [] : await Decisions(db, db.Set<MeetingDecision>()
            .Where(d => d.MeetingId == last.Id || open.Contains(d.Id))).ToListAsync(ct);
        var built = await agenda.BuildAsync(actor, series.TeamId, from, today, lastDecisions.Select(Flag).ToList(), ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        (meeting.Status, meeting.StartedAt, meeting.StartedById, meeting.From, meeting.To) = (MeetingStatus.Started, now, actor.UserId,
            from, today);
        meeting.Agenda = JsonSerializer.Serialize(built, Json);
        meeting.Version++;
        foreach (var decision in open) db.Add(new DecisionCarry { DecisionId = decision, MeetingId = id, At = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("The meeting has already started.");
        }
        await tx.CommitAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Writes the notes of an agenda section while the meeting is on.</summary>
    public async Task<MeetingResponse> NoteAsync(Actor actor, int id, NoteRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (meeting, series) = await LoadAsync(db, actor, id, ct);
        RequireRunner(actor, series);
        var v = new Validator();
        v.Check(r.Section is not null && AgendaSections.All.Contains(r.Section), "section", "must be one of: " + string.Join(", ",
            AgendaSections.All) + ".");
        v.MaxLength(r.Text, "text", SafeMarkdown.MaxLength);
        v.ThrowIfInvalid();
        RequireOn(meeting);
        var note = await db.Set<MeetingNote>().FirstOrDefaultAsync(n => n.MeetingId == id && n.Section == r.Section, ct);
        if (note is null) db.Add(note = new MeetingNote { MeetingId = id, Section = r.Section! });
        (note.Text, note.UpdatedById, note.UpdatedAt) = (r.Text?.Trim() ?? "", actor.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Records a decision: its owner (one of the meeting's people) and due date; on a deal it is also the deal's task
    /// for the owner. One transaction.</summary>
    public async Task<DecisionResponse> DecideAsync(Actor actor, int id, DecisionRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (meeting, series) = await LoadAsync(db, actor, id, ct);
        RequireRunner(actor, series);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var v = new Validator();
        v.Required(r.Text, "text", 1000);
        if (r.OwnerId is not int owner) v.Add("ownerId", "is required.");
        else if (!await scope.People().AnyAsync(u => u.Id == owner && u.IsActive && (series.TeamId == null || u.TeamId == series.TeamId
            || u.Id == series.OwnerId), ct))
            v.Add("ownerId", "must be one of the meeting's people.");
        if (r.DueOn is not DateOnly due) v.Add("dueOn", "is required.");
        else if (due < OrgTime.Today(now, zone)) v.Add("dueOn", "must not be in the past.");
        var deal = r.DealId is int dealId
            ? await scope.Deals().Where(d => d.Id == dealId).Select(d => new { d.Id }).FirstOrDefaultAsync(ct)
            : null;
        if (r.DealId is not null && deal is null) v.Add("dealId", "is not a deal you see.");
        v.ThrowIfInvalid();
        RequireOn(meeting);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var decision = new MeetingDecision
        {
            MeetingId = id, Text = r.Text!.Trim(), OwnerId = r.OwnerId!.Value, DueOn = r.DueOn!.Value, DealId = deal?.Id,
            Status = DecisionStatus.Open, CreatedById = actor.UserId, CreatedAt = now,
        };
        if (deal is not null)
        {
            var task = new DealTask
            {
                DealId = deal.Id, Kind = TaskKind.FollowUp, Title = decision.Text.Length > 300 ? decision.Text[..300] : decision.Text,
                AssigneeId = decision.OwnerId, AuthorId = actor.UserId, Status = DealTaskStatus.Open, CreatedAt = now,
                DueAt = OrgTime.StartOfDayUtc(decision.DueOn, zone).AddHours(18),
            };
            db.Add(task);
            await db.SaveChangesAsync(ct);
            decision.TaskId = task.Id;
        }
        db.Add(decision);
        if (decision.OwnerId != actor.UserId)
            await Notify.AddAsync(db, decision.OwnerId, NotificationKind.TaskAssigned, decision.Text, $"/meetings/{id}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Flag(await Decisions(db, db.Set<MeetingDecision>().Where(d => d.Id == decision.Id)).SingleAsync(ct));
    }

    /// <summary>Marks a decision done, dropped or open again: its owner, or who runs its meeting.</summary>
    public async Task<DecisionResponse> SetStatusAsync(Actor actor, int decisionId, DecisionStatusRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var decision = await db.Set<MeetingDecision>().FirstOrDefaultAsync(d => d.Id == decisionId, ct)
            ?? throw new NotFoundException("Decision", decisionId);
        var (_, series) = await LoadAsync(db, actor, decision.MeetingId, ct);
        if (decision.OwnerId != actor.UserId && !MayRun(actor, series))
            throw new ForbiddenException("A decision is closed by its owner or by who runs the meeting.");
        var status = ValidationFailedException.ParseEnum(r.Status, "status", DecisionStatus.Open);
        if (string.IsNullOrWhiteSpace(r.Status)) throw ValidationFailedException.For("status", "is required.");
        decision.Status = status;
        decision.ClosedAt = status == DecisionStatus.Open ? null : clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Flag(await Decisions(db, db.Set<MeetingDecision>().Where(d => d.Id == decisionId)).SingleAsync(ct));
    }

    /// <summary>The actor's open decisions of all meetings, due first: what they owe the team.</summary>
    public async Task<IReadOnlyList<DecisionResponse>> MineAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var mine = db.Set<MeetingDecision>().Where(d => d.OwnerId == actor.UserId && d.Status == DecisionStatus.Open
            && !db.Tasks.Any(t => t.Id == d.TaskId && t.Status == DealTaskStatus.Done));
        return (await Decisions(db, mine).ToListAsync(ct)).Select(Flag).OrderBy(d => d.DueOn).ThenBy(d => d.Id).ToList();
    }

    /// <summary>Ends the meeting: its people are told the minutes are ready.</summary>
    public async Task<MeetingResponse> EndAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (meeting, series) = await LoadAsync(db, actor, id, ct);
        RequireRunner(actor, series);
        if (meeting.Status != MeetingStatus.Started) throw new ConflictException("Only a meeting that is on can end.");
        var now = clock.GetUtcNow().UtcDateTime;
        (meeting.Status, meeting.EndedAt) = (MeetingStatus.Ended, now);
        meeting.Version++;
        foreach (var person in await PeopleOf(db, series).Where(u => u != actor.UserId).ToListAsync(ct))
            await Notify.AddAsync(db, person, NotificationKind.MeetingMinutes, series.Name, $"/meetings/{id}", now, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>The meeting's people: the team's active members and who runs it; for the department, everyone who sells.</summary>
    internal static IQueryable<int> PeopleOf(VoronkaDbContext db, MeetingSeries series) =>
        db.Users.Where(u => u.IsActive && u.Role != UserRole.Assistant
            && (series.TeamId == null || u.TeamId == series.TeamId || u.Id == series.OwnerId)).Select(u => u.Id);

    /// <summary>The series an actor sees: the director all, the others the department's and their team's.</summary>
    private static IQueryable<MeetingSeries> Visible(VoronkaDbContext db, Actor actor) =>
        actor.IsDirector ? db.Set<MeetingSeries>() : db.Set<MeetingSeries>().Where(s => s.TeamId == null || s.TeamId == actor.TeamId);

    private static bool MayRun(Actor actor, MeetingSeries series) =>
        actor.IsDirector || series.OwnerId == actor.UserId || (actor.IsSenior && series.TeamId != null && series.TeamId == actor.TeamId);

    private static void RequireOn(Meeting meeting)
    {
        if (meeting.Status != MeetingStatus.Started)
            throw new ConflictException("The meeting is not on: notes and decisions are written while it is on.");
    }

    private static void RequireRunner(Actor actor, MeetingSeries series)
    {
        if (!MayRun(actor,
            series)) throw new ForbiddenException("Only who runs the meeting (its owner, the team's senior or the director) does this.");
    }

    private static async Task<(Meeting, MeetingSeries)> LoadAsync(VoronkaDbContext db, Actor actor, int id, CancellationToken ct)
    {
        var found = await (from m in db.Set<Meeting>()
                           join s in Visible(db, actor) on m.SeriesId equals s.Id
                           where m.Id == id
                           select new { m, s }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Meeting", id);
        return (found.m, found.s);
    }

    /// <summary>Decisions of the series' earlier meetings still open (a done task closes its decision).</summary>
    private static IQueryable<MeetingDecision> OpenEarlier(VoronkaDbContext db, int seriesId, int meetingId) =>
        from d in db.Set<MeetingDecision>()
        join m in db.Set<Meeting>() on d.MeetingId equals m.Id
        where m.SeriesId == seriesId && m.Id != meetingId && d.Status == DecisionStatus.Open
            && !db.Tasks.Any(t => t.Id == d.TaskId && t.Status == DealTaskStatus.Done)
        select d;

    private static DecisionResponse Flag(DecisionResponse d) =>
        d with { Flagged = d.Status == DecisionStatus.Open && d.Carried >= FlagAfter };

    private static IQueryable<DecisionResponse> Decisions(VoronkaDbContext db, IQueryable<MeetingDecision> q) =>
        from d in q
        join m in db.Set<Meeting>() on d.MeetingId equals m.Id
        join u in db.Users on d.OwnerId equals u.Id
        orderby d.CreatedAt, d.Id
        select new DecisionResponse(d.Id, d.MeetingId, m.Day, d.Text, d.OwnerId, u.FullName, d.DueOn, d.DealId,
            db.Deals.Where(x => x.Id == d.DealId).Select(x => x.Title).FirstOrDefault(), d.TaskId,
            d.Status == DecisionStatus.Open && db.Tasks.Any(t => t.Id == d.TaskId && t.Status == DealTaskStatus.Done)
                ? DecisionStatus.Done : d.Status,
            db.Set<DecisionCarry>().Count(c => c.DecisionId == d.Id), false, d.CreatedAt);
}
