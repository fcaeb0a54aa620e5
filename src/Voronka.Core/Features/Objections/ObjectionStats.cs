using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Objections;

/// <summary>
/// How often objections are heard — per week, manager and stage — and which answers move deals, over the calls and
/// meetings the actor sees (a senior: the team's). The objection of the week is the one heard most in the week.
/// </summary>
public sealed class ObjectionStats(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const int DefaultDays = 14;

    /// <summary>The counts over [from, to] (local days; by default the four weeks up to today, from a Monday).</summary>
    public async Task<FrequencyResponse> FrequencyAsync(Actor actor, DateOnly? from, DateOnly? to, int? managerId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (first, last) = Period(from, to, zone);
        var (start, end) = OrgTime.Range(first, last, zone);
        var tags = Heard(db, await AccessScope.ForAsync(db, actor, ct), start!.Value, end!.Value, managerId);
        var cells = await tags.GroupBy(x => new { x.Tag.ObjectionId, x.Activity.UserId, x.Tag.StageId })
            .Select(g => new { g.Key.ObjectionId, g.Key.UserId, g.Key.StageId, Count = g.Count() }).ToListAsync(ct);
        var moments = await tags.Select(x => new { x.Tag.ObjectionId, x.Activity.OccurredAt }).ToListAsync(ct);
        var ids = cells.Select(c => c.ObjectionId).Distinct().ToList();
        var objections = await db.Set<Objection>().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var userIds = cells.Select(c => c.UserId).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var stageIds = cells.Where(c => c.StageId != null).Select(c => c.StageId!.Value).Distinct().ToList();
        var stages = await db.Stages.Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var weeks = Weeks(first, last);
        var rows = cells.GroupBy(c => c.ObjectionId).Select(g => new FrequencyRow(g.Key, objections[g.Key].Text, objections[g.Key].Kind,
                g.Sum(c => c.Count),
                weeks.Select(w => moments.Count(m => m.ObjectionId == g.Key && WeekOf(OrgTime.Today(m.OccurredAt, zone)) == w)).ToList(),
                g.GroupBy(c => c.UserId).Select(u => new CountOf(u.Key, users.GetValueOrDefault(u.Key, "?"), u.Sum(c => c.Count)))
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Name).ToList(),
                g.GroupBy(c => c.StageId)
                    .Select(s => new CountOf(s.Key, s.Key is int id ? stages.GetValueOrDefault(id, "?") : "", s.Sum(c => c.Count)))
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Name).ToList()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Text).ToList();
        return new FrequencyResponse(first, last, weeks, rows);
    }

    /// <summary>The objection heard most in the week starting <paramref name="weekStart"/> (a Monday) on the calls and
    /// meetings of <paramref name="people"/> (or all the actor sees); ties go to the one heard first. Null in a quiet week.</summary>
    public async Task<ObjectionOfWeek?> OfWeekAsync(Actor actor, DateOnly weekStart, IReadOnlyCollection<int>? people, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (start, end) = OrgTime.Range(weekStart, weekStart.AddDays(6), zone);
        var tags = Heard(db, await AccessScope.ForAsync(db, actor, ct), start!.Value, end!.Value, null);
        if (people is not null) tags = tags.Where(x => people.Contains(x.Activity.UserId));
        var top = await tags.GroupBy(x => x.Tag.ObjectionId)
            .Select(g => new { Id = g.Key, Count = g.Count(), First = g.Min(x => x.Activity.OccurredAt) })
            .OrderByDescending(x => x.Count).ThenBy(x => x.First).ThenBy(x => x.Id).FirstOrDefaultAsync(ct);
        if (top is null) return null;
        var o = await db.Set<Objection>().FirstAsync(x => x.Id == top.Id, ct);
        return new ObjectionOfWeek(weekStart, o.Id, o.Text, o.Answer, SafeMarkdown.ToHtml(o.Answer), top.Count);
    }

    /// <summary>Per answer given, the share of calls whose deal moved on within <paramref name="days"/> (14 by default);
    /// calls in [from, to] (by default the last 90 days) on deals only.</summary>
    public async Task<ObjectionEffectResponse> EffectAsync(Actor actor, DateOnly? from, DateOnly? to, int? days, int? objectionId,
        CancellationToken ct)
    {
        var window = days ?? DefaultDays;
        if (window is < 1 or > 180) throw ValidationFailedException.For("days", "must be between 1 and 180.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var (first, last) = (from ?? today.AddDays(-89), to ?? today);
        if (last < first) throw ValidationFailedException.For("to", "must not be before from.");
        var (start, end) = OrgTime.Range(first, last, zone);
        var tags = Heard(db, await AccessScope.ForAsync(db, actor, ct), start!.Value, end!.Value, null)
            .Where(x => x.Activity.DealId != null);
        if (objectionId is int oid) tags = tags.Where(x => x.Tag.ObjectionId == oid);
        var samples = await tags.Select(x => new AnswerSample(x.Tag.ObjectionId, x.Tag.VariantId, x.Tag.Answered,
            DealMoves.Forward(db).Any(c => c.DealId == x.Activity.DealId && c.ChangedAt > x.Activity.OccurredAt
                && c.ChangedAt <= x.Activity.OccurredAt.AddDays(window)))).ToListAsync(ct);
        var effects = ObjectionEffect.Compute(samples);
        var ids = effects.Select(e => e.ObjectionId).Distinct().ToList();
        var texts = await db.Set<Objection>().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Text, ct);
        var variants = await db.Set<ObjectionVariant>().Where(v => ids.Contains(v.ObjectionId))
            .ToDictionaryAsync(v => v.Id, v => v.Text, ct);
        var rows = effects.GroupBy(e => e.ObjectionId).Select(g => new ObjectionEffectRow(g.Key, texts[g.Key], g.Select(e =>
                new AnswerRow(e.VariantId, e.VariantId is int v ? variants.GetValueOrDefault(v) : null, e.Answered, e.Result.Count,
                    e.Result.Moved, e.Result.Share, e.Result.Low, e.Result.High, e.Enough)).ToList()))
            .OrderByDescending(r => r.Answers.Sum(a => a.Calls)).ThenBy(r => r.Text).ToList();
        return new ObjectionEffectResponse(first, last, window, ObjectionEffect.Floor, rows);
    }

    /// <summary>The Monday of the week a day falls in.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private (DateOnly First, DateOnly Last) Period(DateOnly? from, DateOnly? to, TimeZoneInfo zone)
    {
        var last = to ?? OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var first = from ?? WeekOf(last).AddDays(-21);
        if (last < first) throw ValidationFailedException.For("to", "must not be before from.");
        if (last.DayNumber - first.DayNumber > 366) throw ValidationFailedException.For("from", "must be at most a year before to.");
        return (first, last);
    }

    private static List<DateOnly> Weeks(DateOnly first, DateOnly last)
    {
        var weeks = new List<DateOnly>();
        for (var w = WeekOf(first); w <= last; w = w.AddDays(7)) weeks.Add(w);
        return weeks;
    }

    private sealed class TagOn
    {
        public required ObjectionTag Tag { get; init; }
        public required Activities.Activity Activity { get; init; }
    }

    private static IQueryable<TagOn> Heard(VoronkaDbContext db, AccessScope scope, DateTime start, DateTime end, int? managerId)
    {
        var q = from t in db.Set<ObjectionTag>()
                join a in scope.Activities() on t.ActivityId equals a.Id
                where a.OccurredAt >= start && a.OccurredAt < end
                select new TagOn { Tag = t, Activity = a };
        return managerId is int m ? q.Where(x => x.Activity.UserId == m) : q;
    }
}
