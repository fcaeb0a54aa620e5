using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Calendar;

public sealed record CalendarDayRequest(bool? IsWorking, string? Name);

public sealed record CalendarDayResponse(DateOnly Date, bool IsWorking, string? Name);

public sealed record AbsenceRequest(int? UserId, DateOnly? From, DateOnly? To, AbsenceKind? Kind, string? Note);

public sealed record AbsenceResponse(int Id, int UserId, string UserName, DateOnly From, DateOnly To, AbsenceKind Kind, string? Note, int WorkingDays);

public sealed record WorkingDaysResponse(DateOnly From, DateOnly To, int? UserId, int WorkingDays, int CalendarDays);

/// <summary>What "state holidays" did to a year's calendar.</summary>
/// <param name="Year">The year.</param>
/// <param name="Source">The shipped official calendar, the shipped provisional one, or the Labour Code's rule.</param>
/// <param name="Added">Days added; the days already set (by hand or before) are kept as they are.</param>
/// <param name="Days">The year's calendar after the change.</param>
public sealed record StandardHolidaysResponse(int Year, CalendarSource Source, int Added, IReadOnlyList<CalendarDayResponse> Days);

/// <summary>How an imported production calendar meets the days already set for its year.</summary>
public enum CalendarImportMode
{
    /// <summary>The file becomes the year's calendar: days set before that the file does not keep are removed.</summary>
    Replace,

    /// <summary>The file's days are written over the same dates; other days set before are kept.</summary>
    Merge,
}

/// <summary>What importing a production calendar did.</summary>
/// <param name="Year">The file's year.</param>
/// <param name="Mode">Replace or merge.</param>
/// <param name="Added">Days that were not set before.</param>
/// <param name="Changed">Days set before whose kind or name the file changed.</param>
/// <param name="Removed">Days set before that the file took away.</param>
/// <param name="Days">The year's calendar after the import.</param>
public sealed record CalendarImportResponse(int Year, CalendarImportMode Mode, int Added, int Changed, int Removed,
    IReadOnlyList<CalendarDayResponse> Days);

/// <summary>The organisation's calendar (holidays and worked weekend days on top of Monday–Friday) and people's absences.
/// The director keeps both; a senior keeps the absences of the team; everyone sees the calendar and own absences.</summary>
public sealed class CalendarService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    /// <summary>The calendar and the absences that cover [from, to], read in two queries.</summary>
    internal static async Task<(WorkCalendar Calendar, ILookup<int, DateOnly> Away)> LoadAsync(VoronkaDbContext db, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).ToListAsync(ct);
        var calendar = new WorkCalendar(days.Where(d => !d.IsWorking).Select(d => d.Date), days.Where(d => d.IsWorking).Select(d => d.Date));
        var absences = await db.Absences.Where(a => a.To >= from && a.From <= to).Select(a => new { a.UserId, a.From, a.To }).ToListAsync(ct);
        var away = absences.SelectMany(a => Enumerable.Range(0, a.To.DayNumber - a.From.DayNumber + 1).Select(i => (a.UserId, Day: a.From.AddDays(i))))
            .ToLookup(x => x.UserId, x => x.Day);
        return (calendar, away);
    }

    public async Task<IReadOnlyList<CalendarDayResponse>> ListDaysAsync(int year, CancellationToken ct = default)
    {
        if (year is < 2000 or > 2100) throw ValidationFailedException.For("year", "must be between 2000 and 2100.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date)
            .Select(d => new CalendarDayResponse(d.Date, d.IsWorking, d.Name)).ToListAsync(ct);
    }

    public async Task<CalendarDayResponse> SetDayAsync(Actor actor, DateOnly date, CalendarDayRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        var v = new Validator();
        CheckDate(v, date, "date");
        v.Check(r.IsWorking is not null, "isWorking", "is required.");
        v.MaxLength(r.Name, "name", 200);
        if (r.IsWorking is bool w)
        {
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            v.Check(w == weekend, "isWorking", w ? "a weekday is a working day already." : "a weekend day is a day off already.");
        }
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var day = await db.CalendarDays.FindAsync([date], ct);
        if (day is null) db.CalendarDays.Add(day = new CalendarDay { Date = date });
        day.IsWorking = r.IsWorking!.Value;
        day.Name = Text.Clean(r.Name);
        await db.SaveChangesAsync(ct);
        return new CalendarDayResponse(day.Date, day.IsWorking, day.Name);
    }

    public async Task DeleteDayAsync(Actor actor, DateOnly date, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var day = await db.CalendarDays.FindAsync([date], ct) ?? throw new NotFoundException("Calendar day", date.ToString("yyyy-MM-dd"));
        db.CalendarDays.Remove(day);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the days off on weekdays and the worked weekend days of <paramref name="year"/> that are not set
    /// yet: from the production calendar shipped for the year, else by the Labour Code's rule (<see cref="ProductionCalendars"/>).
    /// Days already set, by hand or otherwise, are kept.</summary>
    public async Task<StandardHolidaysResponse> AddStandardHolidaysAsync(Actor actor, int year, CancellationToken ct = default)
    {
        actor.RequireDirector();
        if (year is < 2000 or > 2100) throw ValidationFailedException.For("year", "must be between 2000 and 2100.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (source, added) = await AddStandardHolidaysAsync(db, year, ct);
        await db.SaveChangesAsync(ct);
        return new StandardHolidaysResponse(year, source, added, await ListDaysAsync(year, ct));
    }

    internal static async Task<(CalendarSource Source, int Added)> AddStandardHolidaysAsync(
        VoronkaDbContext db, int year, CancellationToken ct)
    {
        var (calendar, source) = ProductionCalendars.For(year);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var known = (await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).Select(d => d.Date).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var day in calendar.Exceptions().Where(d => !known.Contains(d.Date)))
        {
            db.CalendarDays.Add(new CalendarDay { Date = day.Date, IsWorking = day.IsWorking, Name = day.Name });
            added++;
        }
        return (source, added);
    }

    /// <summary>Imports a production calendar in the XML format of <see cref="ProductionCalendarXml"/> for the year the
    /// file names: its days off on weekdays and worked weekend days are written (shortened weekdays change no working
    /// day and are not kept). In one transaction; a malformed file writes nothing.</summary>
    public async Task<CalendarImportResponse> ImportAsync(
        Actor actor, byte[] content, CalendarImportMode mode, CancellationToken ct = default)
    {
        actor.RequireDirector();
        var calendar = ProductionCalendarXml.Parse(content);
        var year = calendar.Year;
        var wanted = calendar.Exceptions().ToDictionary(d => d.Date);
        var named = calendar.Days.Select(d => d.Date).ToHashSet();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var rows = await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).ToListAsync(ct);
        var (added, changed, removed) = (0, 0, 0);
        foreach (var row in rows)
        {
            if (wanted.Remove(row.Date, out var day))
            {
                if (row.IsWorking == day.IsWorking && row.Name == day.Name) continue;
                (row.IsWorking, row.Name) = (day.IsWorking, day.Name);
                changed++;
            }
            // A merge still removes a day the file names as an ordinary one (a holiday on a weekend, a shortened weekday).
            else if (mode == CalendarImportMode.Replace || named.Contains(row.Date))
            {
                db.CalendarDays.Remove(row);
                removed++;
            }
        }
        foreach (var day in wanted.Values)
        {
            db.CalendarDays.Add(new CalendarDay { Date = day.Date, IsWorking = day.IsWorking, Name = day.Name });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return new CalendarImportResponse(year, mode, added, changed, removed, await ListDaysAsync(year, ct));
    }

    public async Task<WorkingDaysResponse> WorkingDaysAsync(Actor actor, DateOnly? from, DateOnly? to, int? userId, CancellationToken ct = default)
    {
        var (f, t) = CheckRange(from, to);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (userId is int u) await RequireVisibleAsync(db, actor, u, ct);
        var (calendar, away) = await LoadAsync(db, f, t, ct);
        var days = calendar.WorkingDays(f, t, userId is int id ? away[id] : null);
        return new WorkingDaysResponse(f, t, userId, days, t.DayNumber - f.DayNumber + 1);
    }

    public async Task<IReadOnlyList<AbsenceResponse>> ListAbsencesAsync(Actor actor, int? userId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleUsersAsync(db, actor, ct);
        var q = db.Absences.AsQueryable();
        if (visible is not null) q = q.Where(a => visible.Contains(a.UserId));
        if (userId is int u) q = q.Where(a => a.UserId == u);
        if (from is DateOnly f) q = q.Where(a => a.To >= f);
        if (to is DateOnly t) q = q.Where(a => a.From <= t);
        var rows = await q.OrderBy(a => a.From).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.UserId, Name = db.Users.Where(x => x.Id == a.UserId).Select(x => x.FullName).First(), a.From, a.To, a.Kind, a.Note })
            .Take(1000).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var (calendar, _) = await LoadAsync(db, rows.Min(r => r.From), rows.Max(r => r.To), ct);
        return rows.Select(a => new AbsenceResponse(a.Id, a.UserId, a.Name, a.From, a.To, a.Kind, a.Note, calendar.WorkingDays(a.From, a.To))).ToList();
    }

    public async Task<AbsenceResponse> CreateAbsenceAsync(Actor actor, AbsenceRequest r, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var absence = new Absence();
        await ApplyAsync(db, actor, absence, r, ct);
        db.Absences.Add(absence);
        await db.SaveChangesAsync(ct);
        return (await ListAbsencesAsync(actor, absence.UserId, absence.From, absence.To, ct)).First(a => a.Id == absence.Id);
    }

    public async Task<AbsenceResponse> UpdateAbsenceAsync(Actor actor, int id, AbsenceRequest r, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var absence = await FindManagedAsync(db, actor, id, ct);
        await ApplyAsync(db, actor, absence, r, ct);
        await db.SaveChangesAsync(ct);
        return (await ListAbsencesAsync(actor, absence.UserId, absence.From, absence.To, ct)).First(a => a.Id == absence.Id);
    }

    public async Task DeleteAbsenceAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Absences.Remove(await FindManagedAsync(db, actor, id, ct));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Absence> FindManagedAsync(VoronkaDbContext db, Actor actor, int id, CancellationToken ct)
    {
        var visible = await VisibleUsersAsync(db, actor, ct);
        var absence = await db.Absences.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (absence is null || (visible is not null && !visible.Contains(absence.UserId))) throw new NotFoundException("Absence", id);
        if (!await MayManageAsync(db, actor, absence.UserId, ct)) throw new ForbiddenException("Only the director, or the senior of the team, may keep absences.");
        return absence;
    }

    private static async Task ApplyAsync(VoronkaDbContext db, Actor actor, Absence a, AbsenceRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Check(r.UserId is not null, "userId", "is required.");
        v.Check(r.From is not null, "from", "is required.");
        v.Check(r.To is not null, "to", "is required.");
        v.Check(r.Kind is not null, "kind", "is required.");
        v.MaxLength(r.Note, "note", 500);
        CheckDate(v, r.From, "from");
        CheckDate(v, r.To, "to");
        if (r.From is DateOnly f && r.To is DateOnly t)
        {
            v.Check(t >= f, "to", "must not be before from.");
            v.Check(t.DayNumber - f.DayNumber < 366, "to", "an absence may last at most a year.");
        }
        if (r.UserId is int u && !await db.Users.AnyAsync(x => x.Id == u, ct)) v.Add("userId", "is not a known user.");
        v.ThrowIfInvalid();
        if (!await MayManageAsync(db, actor, r.UserId!.Value, ct)) throw new ForbiddenException("Only the director, or the senior of the team, may keep absences.");
        var overlap = await db.Absences.AnyAsync(x => x.Id != a.Id && x.UserId == r.UserId && x.To >= r.From && x.From <= r.To, ct);
        if (overlap) throw ValidationFailedException.For("from", "overlaps another absence of this person.");
        a.UserId = r.UserId.Value;
        a.From = r.From!.Value;
        a.To = r.To!.Value;
        a.Kind = r.Kind!.Value;
        a.Note = Text.Clean(r.Note);
    }

    private static async Task<bool> MayManageAsync(VoronkaDbContext db, Actor actor, int userId, CancellationToken ct) => actor.Role switch
    {
        UserRole.Director => true,
        UserRole.Senior when actor.TeamId is int team => await db.Users.AnyAsync(u => u.Id == userId && u.TeamId == team, ct),
        _ => false,
    };

    /// <summary>Null when the actor sees everyone (<see cref="AccessScope.People"/>).</summary>
    internal static async Task<int[]?> VisibleUsersAsync(VoronkaDbContext db, Actor actor, CancellationToken ct) => actor.IsDirector
        ? null
        : await (await AccessScope.ForAsync(db, actor, ct)).People().Select(u => u.Id).ToArrayAsync(ct);

    internal static async Task RequireVisibleAsync(VoronkaDbContext db, Actor actor, int userId, CancellationToken ct)
    {
        var visible = await VisibleUsersAsync(db, actor, ct);
        if ((visible is not null && !visible.Contains(userId)) || !await db.Users.AnyAsync(u => u.Id == userId, ct))
            throw new NotFoundException("User", userId);
    }

    /// <summary>The dates the calendar, goals and reports accept.</summary>
    public static readonly DateOnly MinDate = new(2000, 1, 1), MaxDate = new(2100, 12, 31);

    internal static void CheckDate(Validator v, DateOnly? date, string field)
    {
        if (date is DateOnly d && (d < MinDate || d > MaxDate)) v.Add(field, "must be between 2000-01-01 and 2100-12-31.");
    }

    internal static (DateOnly From, DateOnly To) CheckRange(DateOnly? from, DateOnly? to)
    {
        var v = new Validator();
        v.Check(from is not null, "from", "is required.");
        v.Check(to is not null, "to", "is required.");
        CheckDate(v, from, "from");
        CheckDate(v, to, "to");
        if (from is DateOnly f && to is DateOnly t)
        {
            v.Check(t >= f, "to", "must not be before from.");
            v.Check(t.DayNumber - f.DayNumber <= 366 * 2, "to", "the range may span at most two years.");
        }
        v.ThrowIfInvalid();
        return (from!.Value, to!.Value);
    }
}
