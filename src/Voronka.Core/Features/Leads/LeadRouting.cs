using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Leads;

/// <summary>
/// Routes a lead inside the caller's transaction: the client's owner first where they can take it, else the first rule
/// that matches (or everyone who sells, in turn), each person seen as <see cref="LeadRouter"/> needs them — absences,
/// pause, working hours, leads open and new today against their capacity, and the rule's fair-share history. The
/// decision is stored with every candidate. Routings are serialised (an advisory lock on PostgreSQL, SQLite's one
/// writer), so leads arriving at the same instant never push a person over capacity.
/// </summary>
internal static class LeadRouting
{
    /// <summary>The fairness period: shares due and received over it.</summary>
    public static readonly TimeSpan FairnessPeriod = TimeSpan.FromDays(30);

    /// <summary>Working hours of a person who has none of their own.</summary>
    /// <summary>The organisation's working hours: everyone's who has none of their own.</summary>
    public static async Task<(TimeOnly From, TimeOnly To)> OrgHoursAsync(VoronkaDbContext db, CancellationToken ct) =>
        await db.Organisation.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.WorkFrom, o.WorkTo }).FirstOrDefaultAsync(ct) is { } o
            ? (o.WorkFrom, o.WorkTo) : (new TimeOnly(9, 0), new TimeOnly(18, 0));

    private const long LockKey = 0x766F726F6E6B61; // "voronka"

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task LockAsync(VoronkaDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
    }

    /// <summary>Routes the lead (tracked, saved by the caller with the decision). When nobody can take it, it waits: for
    /// the working day when people are only off hours, else it goes up at once (<see cref="EscalateAsync"/>).
    /// <paramref name="tried"/> are the people who had it before; a <paramref name="retry"/> of a waiting lead that still
    /// finds nobody changes nothing.</summary>
    public static async Task RouteAsync(VoronkaDbContext db, Lead lead, int? ownerId, DateTime now, IReadOnlySet<int> tried,
        CancellationToken ct, RoutingDecisionKind routed = RoutingDecisionKind.Routed, bool retry = false)
    {
        var zone = await OrgTime.ZoneAsync(db, ct);
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
        if (ownerId is int owner && !tried.Contains(owner))
        {
            var seen = (await CandidatesAsync(db, [owner], null, new Dictionary<int, decimal>(), now, zone, tried, ct)).Single();
            var skipped = LeadRouter.Skip(seen);
            if (skipped is null)
            {
                await DecideAsync(db, lead, RoutingDecisionKind.Owner, null, null, owner, [Score(seen, null, 1)], now, null, ct);
                lead.DueAt = await DueAsync(db, owner, AcceptMinutesOf(null), now, ct);
                return;
            }
            lead.CoveringForId = owner;
        }
        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        var rule = rules.FirstOrDefault(r => Matches(r, lead, local));
        var (people, strategy) = rule is null
            ? (await db.Users.Where(u => u.IsActive && (u.Role == UserRole.Manager || u.Role == UserRole.Senior)).Select(u => u.Id)
                .ToListAsync(ct), RoutingStrategy.RoundRobin)
            : (await RulePeopleAsync(db, rule, ct), rule.Strategy);
        var candidates = await CandidatesAsync(db, people, rule, rule?.People ?? [], now, zone, tried, ct);
        if (strategy == RoutingStrategy.ByResults) candidates = await LeadResults.AddAsync(db, candidates, lead, ct);
        var choice = LeadRouter.Choose(strategy, candidates, lead.Id);
        if (retry && choice.ChosenId is null) return;
        lead.RuleId = rule?.Id;
        var kind = choice.ChosenId is null ? RoutingDecisionKind.Queued : routed;
        var decision = await DecideAsync(db, lead, kind, rule?.Id, strategy, choice.ChosenId, choice.Candidates, now,
            lead.CoveringForId is int covered ? $"covering for {covered}" : null, ct);
        foreach (var c in choice.Candidates.Where(c => c.Skipped is null))
            db.RoutingShares.Add(new RoutingShare
            {
                Decision = decision, RuleId = rule?.Id, UserId = c.UserId, Share = (double)c.Share, Received = c.UserId == choice.ChosenId,
                At = now,
            });
        if (choice.ChosenId is int chosen) lead.DueAt = await DueAsync(db, chosen, AcceptMinutesOf(rule), now, ct);
        else if (choice.Candidates.Any(c => c.Skipped == SkipReason.OffHours)) lead.DueAt = null;
        else await EscalateAsync(db, lead, rule, now, ct);
    }

    /// <summary>The lead as people name it: the person, the company, or how to reach them.</summary>
    public static string Subject(Lead lead) => lead.Name ?? lead.CompanyName ?? lead.Email ?? lead.Phone ?? $"#{lead.Id}";

    /// <summary>The lead's card in the inbox.</summary>
    public static string Link(Lead lead) => $"/leads?id={lead.Id}";

    /// <summary>The accept time of a lead no rule took.</summary>
    public static int AcceptMinutesOf(RoutingRule? rule) => rule?.AcceptMinutes ?? new RoutingRule().AcceptMinutes;

    /// <summary>Sends the lead up: from the sellers to the senior of the team (the assignee's, else the rule's team or the
    /// one team of its people), from the senior to the director; a senior who is away or deactivated is passed for the
    /// director.</summary>
    public static async Task EscalateAsync(VoronkaDbContext db, Lead lead, RoutingRule? rule, DateTime now, CancellationToken ct)
    {
        int? senior = null;
        if (lead.Level == 0)
        {
            var team = lead.AssigneeId is int assignee
                ? await db.Users.Where(u => u.Id == assignee).Select(u => u.TeamId).FirstOrDefaultAsync(ct) : null;
            team ??= rule?.TeamId;
            if (team is null && rule?.People.Keys.ToList() is { Count: > 0 } people)
            {
                // People of one team go up to its senior.
                var teams = await db.Users.Where(u => people.Contains(u.Id)).Select(u => u.TeamId).Distinct().ToListAsync(ct);
                if (teams.Count == 1) team = teams[0];
            }
            senior = team is null ? null : await db.Teams.Where(t => t.Id == team).Select(t => t.LeaderId).FirstOrDefaultAsync(ct);
            if (senior is int s && !await AvailableAsync(db, s, now, ct)) senior = null;
        }
        var director = await db.Users.Where(u => u.IsActive && u.Role == UserRole.Director).OrderBy(u => u.Id).Select(u => (int?)u.Id)
            .FirstOrDefaultAsync(ct);
        var (to, level) = senior is int up ? (up, 1) : (director, 2);
        if (to is not int target || (level == 2 && lead.Level == 2))
        {
            lead.DueAt = null;
            return;
        }
        (lead.Level, lead.Status, lead.AssigneeId, lead.AssignedAt) = (level, LeadStatus.Assigned, target, now);
        lead.DueAt = level == 1 ? await DueAsync(db, target, AcceptMinutesOf(rule), now, ct) : null;
        db.RoutingDecisions.Add(new RoutingDecision
        {
            Lead = lead, Kind = RoutingDecisionKind.Escalated, RuleId = rule?.Id, ChosenId = target, At = now,
            Note = level == 1 ? "to the senior" : "to the director",
        });
        await Notify.AddAsync(db, target, NotificationKind.LeadEscalated, Subject(lead), Link(lead), now, ct);
    }

    /// <summary>Whether a lead can go up to the person: the routing's own reasons, of which only a deactivated or absent
    /// senior counts here (a senior takes what comes up however full, paused or off hours).</summary>
    private static async Task<bool> AvailableAsync(VoronkaDbContext db, int userId, DateTime now, CancellationToken ct)
    {
        var zone = await OrgTime.ZoneAsync(db, ct);
        var seen = await CandidatesAsync(db, [userId], null, new Dictionary<int, decimal>(), now, zone, new HashSet<int>(), ct);
        return seen.Count == 1 && LeadRouter.Skip(seen[0]) is not (SkipReason.Deactivated or SkipReason.Absent);
    }

    /// <summary>When a lead given now to a person is due: the rule's minutes counted in that person's working time.</summary>
    public static async Task<DateTime> DueAsync(VoronkaDbContext db, int userId, int minutes, DateTime now, CancellationToken ct) =>
        (await ClockOfAsync(db, userId, now, ct)).AddMinutes(now, minutes);

    /// <summary>A person's working time from today on: the organisation's calendar, their hours and days away.</summary>
    public static async Task<WorkingClock> ClockOfAsync(VoronkaDbContext db, int userId, DateTime from, CancellationToken ct)
    {
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(from, zone);
        var (calendar, away) = await CalendarService.LoadAsync(db, today.AddDays(-1), today.AddDays(60), ct);
        var hours = await db.LeadCapacities.AsNoTracking().Where(c => c.UserId == userId).Select(c => new { c.WorkFrom, c.WorkTo })
            .FirstOrDefaultAsync(ct);
        var org = await OrgHoursAsync(db, ct);
        return new WorkingClock(calendar, zone, hours?.WorkFrom ?? org.From, hours?.WorkTo ?? org.To,
            away[userId].ToHashSet());
    }

    private static async Task<RoutingDecision> DecideAsync(VoronkaDbContext db, Lead lead, RoutingDecisionKind kind, int? ruleId,
        RoutingStrategy? strategy, int? chosen, IReadOnlyList<CandidateScore> candidates, DateTime now, string? note, CancellationToken ct)
    {
        if (chosen is int id)
        {
            (lead.Status, lead.AssigneeId, lead.AssignedAt) = (LeadStatus.Assigned, id, now);
            lead.Passes++;
            await Notify.AddAsync(db, id, NotificationKind.LeadAssigned, Subject(lead), Link(lead), now, ct);
        }
        else (lead.Status, lead.AssigneeId, lead.AssignedAt) = (LeadStatus.New, null, null);
        var decision = new RoutingDecision
        {
            Lead = lead, Kind = kind, RuleId = ruleId, Strategy = strategy, ChosenId = chosen, At = now, Note = note,
            Candidates = JsonSerializer.Serialize(candidates, Json),
        };
        db.RoutingDecisions.Add(decision);
        return decision;
    }

    private static CandidateScore Score(RoutingCandidate c, SkipReason? skipped, decimal share) =>
        new(c.UserId, c.Name, skipped, share, c.Entitled, c.Received, c.Entitled + share - c.Received, c.OpenLeads, null);

    /// <summary>Whether a rule takes the lead: every condition it sets holds (an hour range may pass midnight).</summary>
    public static bool Matches(RoutingRule r, Lead lead, DateTime local)
    {
        if (r.Channel is LeadChannel channel && channel != lead.Channel) return false;
        if (r.Source is string source && !string.Equals(source, lead.Source, StringComparison.OrdinalIgnoreCase)) return false;
        if (r.FormId is int form && form != lead.FormId) return false;
        if (r.RegionId is int region && region != lead.RegionId) return false;
        if (r.ProductId is int product && product != lead.ProductId) return false;
        if (r.HourFrom is int from && r.HourTo is int to)
        {
            var hour = local.Hour;
            var inside = from <= to ? hour >= from && hour < to : hour >= from || hour < to;
            if (!inside) return false;
        }
        return true;
    }

    private static async Task<List<int>> RulePeopleAsync(VoronkaDbContext db, RoutingRule rule, CancellationToken ct) =>
        rule.TeamId is int team
            ? await db.Users.Where(u => u.TeamId == team && (u.Role == UserRole.Manager || u.Role == UserRole.Senior)).Select(u => u.Id)
                .ToListAsync(ct)
            : rule.People.Keys.ToList();

    /// <summary>Whether any seller (manager or senior) could take a lead now: at work, not away, paused or full — the
    /// routing's own reasons. Nobody can at night, so the timer leaves the waiting leads alone until someone can.</summary>
    public static async Task<bool> AnyoneCanTakeAsync(IDbContextFactory<VoronkaDbContext> factory, DateTime now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var sellers = await db.Users.Where(u => u.IsActive && (u.Role == UserRole.Manager || u.Role == UserRole.Senior)).Select(u => u.Id)
            .ToListAsync(ct);
        if (sellers.Count == 0) return false;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var seen = await CandidatesAsync(db, sellers, null, new Dictionary<int, decimal>(), now, zone, new HashSet<int>(), ct);
        return seen.Any(c => LeadRouter.Skip(c) is null);
    }

    /// <summary>The leads each person holds not yet taken: what their open-leads capacity counts.</summary>
    internal static Task<Dictionary<int, int>> OpenLeadsAsync(VoronkaDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Leads.Where(l => l.Status == LeadStatus.Assigned && l.AssigneeId != null && ids.Contains(l.AssigneeId.Value))
            .GroupBy(l => l.AssigneeId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    /// <summary>The leads given to each person since a moment (escalations aside): what their new-per-day capacity counts.
    /// </summary>
    internal static Task<Dictionary<int, int>> NewLeadsAsync(VoronkaDbContext db, IReadOnlyCollection<int> ids, DateTime since,
        CancellationToken ct) =>
        db.RoutingDecisions.Where(d => d.At >= since && d.ChosenId != null && ids.Contains(d.ChosenId.Value)
                && d.Kind != RoutingDecisionKind.Escalated)
            .GroupBy(d => d.ChosenId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static async Task<List<RoutingCandidate>> CandidatesAsync(VoronkaDbContext db, IReadOnlyList<int> people, RoutingRule? rule,
        IReadOnlyDictionary<int, decimal> weights, DateTime now, TimeZoneInfo zone, IReadOnlySet<int> tried, CancellationToken ct)
    {
        var ids = people.Distinct().ToList();
        var today = OrgTime.Today(now, zone);
        var dayStart = OrgTime.StartOfDayUtc(today, zone);
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.IsActive })
            .ToDictionaryAsync(u => u.Id, ct);
        var capacity = await db.LeadCapacities.AsNoTracking().Where(c => ids.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, ct);
        var (calendar, away) = await CalendarService.LoadAsync(db, today, today, ct);
        var open = await OpenLeadsAsync(db, ids, ct);
        var newToday = await NewLeadsAsync(db, ids, dayStart, ct);
        var since = now - FairnessPeriod;
        var ruleId = rule?.Id;
        var history = await db.RoutingShares.Where(s => s.RuleId == ruleId && s.At >= since && ids.Contains(s.UserId))
            .GroupBy(s => s.UserId).Select(g => new { g.Key, Due = g.Sum(s => s.Share), Got = g.Count(s => s.Received) })
            .ToDictionaryAsync(x => x.Key, ct);
        var workingDay = calendar.IsWorkingDay(today);
        var org = await OrgHoursAsync(db, ct);
        return ids.Where(users.ContainsKey).Select(id =>
        {
            var cap = capacity.GetValueOrDefault(id);
            var (from, to) = (cap?.WorkFrom ?? org.From, cap?.WorkTo ?? org.To);
            var past = history.GetValueOrDefault(id);
            return new RoutingCandidate(id, users[id].FullName, users[id].IsActive, away[id].Contains(today),
                cap?.PausedUntil is DateTime paused && paused > now, workingDay && local >= from && local < to,
                open.GetValueOrDefault(id), cap?.MaxOpenLeads, newToday.GetValueOrDefault(id), cap?.MaxNewPerDay,
                weights.GetValueOrDefault(id, 1), (decimal)(past?.Due ?? 0), past?.Got ?? 0, TriedBefore: tried.Contains(id));
        }).ToList();
    }
}
