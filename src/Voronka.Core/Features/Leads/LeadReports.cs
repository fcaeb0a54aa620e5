using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Calendar;

namespace Voronka.Core.Features.Leads;

/// <summary>One person's speed: how fast they answered the leads they took, and how many they let pass.</summary>
public sealed record SpeedToLeadRow(int UserId, string Name, SpeedFigures Answer, int Breaches);

/// <summary>A lead a person did not answer in time: given at one moment, passed on or sent up at another.</summary>
public sealed record SpeedBreach(int LeadId, string Subject, int UserId, string Name, DateTime GivenAt, DateTime MovedAt,
    RoutingDecisionKind Kind);

/// <summary>Speed to lead over the leads received in a period: the system's part (received → given, in the
/// organisation's working time) and each person's (given → first answer, in their own working time).</summary>
public sealed record SpeedToLeadResponse(DateOnly From, DateOnly To, SpeedFigures Routing, SpeedFigures Answer,
    IReadOnlyList<SpeedToLeadRow> People, IReadOnlyList<SpeedBreach> Breaches);

/// <summary>A person's fair share of the period: the leads due (their shares of the decisions where they could take
/// one), the leads received, and the difference.</summary>
public sealed record LeadShareRow(int UserId, string Name, decimal Due, int Received, decimal Behind);

public sealed record LeadSharesResponse(DateOnly From, DateOnly To, int? RuleId, IReadOnlyList<LeadShareRow> People);

/// <summary>The leads' reports: speed to lead and the fair share, over the people the actor sees.</summary>
public sealed class LeadReports(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    private const int MaxBreaches = 200;

    public async Task<SpeedToLeadResponse> SpeedAsync(Actor actor, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (first, last) = Period(from, to, zone);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var people = await scope.Sellers().Select(u => new { u.Id, u.FullName }).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var (start, end) = (OrgTime.StartOfDayUtc(first, zone), OrgTime.StartOfDayUtc(last.AddDays(1), zone));
        var leads = await scope.Leads().AsNoTracking().Where(l => l.ReceivedAt >= start && l.ReceivedAt < end)
            .Select(l => new { l.Id, l.Name, l.CompanyName, l.Email, l.Phone, l.ReceivedAt, l.AssigneeId, l.AssignedAt, l.FirstTouchAt })
            .ToListAsync(ct);
        var ids = leads.Select(l => l.Id).ToList();
        var decisions = (await db.RoutingDecisions.AsNoTracking().Where(d => ids.Contains(d.LeadId)).OrderBy(d => d.Id)
            .Select(d => new { d.LeadId, d.Kind, d.ChosenId, d.At }).ToListAsync(ct)).ToLookup(d => d.LeadId);
        var clocks = await ClocksAsync(db, zone, first, last, ct);
        var routing = leads.Select(l => decisions[l.Id].FirstOrDefault(d => d.ChosenId is not null) is { } given
            ? clocks.Org.MinutesBetween(l.ReceivedAt, given.At) : (double?)null).OfType<double>();
        var answers = Answers(leads.Select(l => (l.AssigneeId, l.AssignedAt, l.FirstTouchAt)), people.Keys.ToHashSet(), clocks.Of);
        var breaches = new List<SpeedBreach>();
        foreach (var l in leads)
        {
            var path = decisions[l.Id].ToList();
            for (var i = 1; i < path.Count; i++)
            {
                if (path[i].Kind is not (RoutingDecisionKind.Passed or RoutingDecisionKind.Escalated)) continue;
                var before = path.Take(i).LastOrDefault(d => d.ChosenId is not null);
                if (before?.ChosenId is int who && people.TryGetValue(who, out var name))
                    breaches.Add(new SpeedBreach(l.Id, l.Name ?? l.CompanyName ?? l.Email ?? l.Phone ?? $"#{l.Id}", who, name, before.At,
                        path[i].At, path[i].Kind));
            }
        }
        var rows = people.OrderBy(p => p.Value).Select(p => new SpeedToLeadRow(p.Key, p.Value,
            SpeedToLead.Summarise(answers.Where(a => a.Person == p.Key).Select(a => a.Minutes)), breaches.Count(b => b.UserId == p.Key)))
            .Where(r => r.Answer.Leads > 0 || r.Breaches > 0).ToList();
        return new SpeedToLeadResponse(first, last, SpeedToLead.Summarise(routing), SpeedToLead.Summarise(answers.Select(a => a.Minutes)),
            rows, breaches.OrderByDescending(b => b.MovedAt).Take(MaxBreaches).ToList());
    }

    /// <summary>Each person's speed to lead over the leads received in a period (the KPI board's indicators): the same
    /// figures as <see cref="SpeedAsync"/>'s per person, and everyone's together.</summary>
    internal static async Task<(Dictionary<int, SpeedFigures> People, SpeedFigures All)> AnswerFiguresAsync(VoronkaDbContext db,
        IReadOnlyCollection<int> people, DateOnly first, DateOnly last, TimeZoneInfo zone, CancellationToken ct)
    {
        var (start, end) = (OrgTime.StartOfDayUtc(first, zone), OrgTime.StartOfDayUtc(last.AddDays(1), zone));
        var leads = await db.Leads.AsNoTracking()
            .Where(l => l.ReceivedAt >= start && l.ReceivedAt < end && l.AssigneeId != null && people.Contains(l.AssigneeId.Value))
            .Select(l => new { l.AssigneeId, l.AssignedAt, l.FirstTouchAt }).ToListAsync(ct);
        var clocks = await ClocksAsync(db, zone, first, last, ct);
        var answers = Answers(leads.Select(l => (l.AssigneeId, l.AssignedAt, l.FirstTouchAt)), people.ToHashSet(), clocks.Of);
        return (answers.GroupBy(a => a.Person).ToDictionary(g => g.Key, g => SpeedToLead.Summarise(g.Select(a => a.Minutes))),
            SpeedToLead.Summarise(answers.Select(a => a.Minutes)));
    }

    /// <summary>A person's answers: from being given the lead to the first answer, in that person's working minutes.</summary>
    private static List<(int Person, double Minutes)> Answers(IEnumerable<(int? AssigneeId, DateTime? AssignedAt,
        DateTime? FirstTouchAt)> leads, IReadOnlySet<int> people, Func<int, WorkingClock> clockOf) =>
        leads.Where(l => l is { FirstTouchAt: not null, AssignedAt: not null, AssigneeId: int a } && people.Contains(a))
            .Select(l => (l.AssigneeId!.Value, clockOf(l.AssigneeId!.Value).MinutesBetween(l.AssignedAt!.Value, l.FirstTouchAt!.Value)))
            .ToList();

    /// <summary>The organisation's working time and each person's (their hours, their days away) over a period.</summary>
    private static async Task<(WorkingClock Org, Func<int, WorkingClock> Of)> ClocksAsync(VoronkaDbContext db, TimeZoneInfo zone,
        DateOnly first, DateOnly last, CancellationToken ct)
    {
        var (calendar, away) = await CalendarService.LoadAsync(db, first.AddDays(-1), last.AddDays(60), ct);
        var hours = await db.LeadCapacities.AsNoTracking().ToDictionaryAsync(c => c.UserId, c => (c.WorkFrom, c.WorkTo), ct);
        var day = await LeadRouting.OrgHoursAsync(db, ct);
        var org = new WorkingClock(calendar, zone, day.From, day.To);
        var clocks = new Dictionary<int, WorkingClock>();
        WorkingClock Of(int user) => clocks.TryGetValue(user, out var c) ? c : clocks[user] = new WorkingClock(calendar, zone,
            hours.GetValueOrDefault(user).WorkFrom ?? day.From, hours.GetValueOrDefault(user).WorkTo ?? day.To, away[user].ToHashSet());
        return (org, Of);
    }

    /// <summary>Each person's due and received leads over the period, for one rule or all of them.</summary>
    public async Task<LeadSharesResponse> SharesAsync(Actor actor, DateOnly? from, DateOnly? to, int? ruleId, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior)
            throw new ForbiddenException("The fair share compares people: it is for the director and seniors.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (first, last) = Period(from, to, zone);
        var (start, end) = (OrgTime.StartOfDayUtc(first, zone), OrgTime.StartOfDayUtc(last.AddDays(1), zone));
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var people = await scope.People().Select(u => new { u.Id, u.FullName }).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var ids = people.Keys.ToList();
        var shares = db.RoutingShares.Where(s => s.At >= start && s.At < end && ids.Contains(s.UserId));
        if (ruleId is int rule) shares = shares.Where(s => s.RuleId == rule);
        var rows = await shares.GroupBy(s => s.UserId).Select(g => new { g.Key, Due = g.Sum(s => s.Share), Got = g.Count(s => s.Received) })
            .ToListAsync(ct);
        return new LeadSharesResponse(first, last, ruleId, rows.Select(r =>
        {
            var due = decimal.Round((decimal)r.Due, 2);
            return new LeadShareRow(r.Key, people[r.Key], due, r.Got, decimal.Round(due - r.Got, 2));
        }).OrderByDescending(r => r.Behind).ThenBy(r => r.Name).ToList());
    }

    /// <summary>The period asked for, this month by default; at most a year.</summary>
    private (DateOnly First, DateOnly Last) Period(DateOnly? from, DateOnly? to, TimeZoneInfo zone)
    {
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var first = from ?? new DateOnly(today.Year, today.Month, 1);
        var last = to ?? today;
        var v = new Validator();
        v.Check(last >= first, "to", "must not be before from.");
        v.Check(last.DayNumber - first.DayNumber <= 366, "to", "the range may span at most a year.");
        v.ThrowIfInvalid();
        return (first, last);
    }
}
