using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Leads;

namespace Voronka.Core.Features.Demo;

/// <summary>
/// The site form's last ten working days, lived through by the real services on a clock set to each moment: leads arrive in
/// working hours, go round the Moscow team by the rule, and are taken, rejected or let pass to the next person after
/// the rule's minutes, each person at their own pace — so the inbox, "why this manager", speed to lead and the fair
/// share have a history to show.
/// </summary>
internal static class DemoLeads
{
    private sealed class Moment(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset At { get; set; } = at;
        public override DateTimeOffset GetUtcNow() => At;
    }

    private static readonly string[] Names =
    [
        "Алексей Зорин", "Мария Титова", "Дмитрий Гусев", "Елена Крылова",
        "Николай Фомин", "Ирина Белова", "Олег Панов", "Татьяна Ершова",
        "Виктор Шубин", "Наталья Рябова", "Павел Гришин", "Юлия Котова",
    ];

    private static readonly string[] Asks =
    [
        "Нужна CRM для отдела продаж", "Сколько стоит на 20 пользователей?",
        "Пришлите коммерческое предложение", "Хотим демонстрацию",
        "Интересует интеграция с телефонией", "Перезвоните, пожалуйста",
    ];

    public static async Task SeedAsync(IDbContextFactory<VoronkaDbContext> factory, int formId, DateTime now, CancellationToken ct)
    {
        var rnd = new Random(20261206);
        TimeZoneInfo zone;
        Dictionary<DateOnly, bool> calendar;
        Dictionary<int, Actor> people;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            zone = await OrgTime.ZoneAsync(db, ct);
            calendar = await db.CalendarDays.AsNoTracking().ToDictionaryAsync(d => d.Date, d => d.IsWorking, ct);
            people = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => new Actor(u.Id, u.Role, u.TeamId), ct);
        }
        var clock = new Moment(now);
        var leads = new LeadsService(factory, clock, new Automations.AutomationRunner(factory, clock));
        var timers = new LeadTimers(factory, clock);
        // Each person's usual minutes to answer: some are quick, one is slow and lets leads pass.
        var pace = people.Keys.ToDictionary(id => id, _ => 2 + rnd.NextDouble() * 14);
        var today = OrgTime.Today(now, zone);
        var n = 0;
        bool Working(DateOnly d) =>
            calendar.TryGetValue(d, out var working) ? working : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        // The last ten working days, whatever holidays came before today.
        var days = new List<DateOnly>();
        for (var d = today.AddDays(-1); days.Count < 10; d = d.AddDays(-1))
            if (Working(d)) days.Insert(0, d);
        foreach (var day in days)
        {
            for (var i = rnd.Next(2, 5); i > 0; i--, n++)
            {
                var local = day.ToDateTime(new TimeOnly(9, 30)).AddMinutes(rnd.Next(0, 400));
                clock.At = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone));
                var lead = await leads.IntakeAsync(new LeadRequest(Names[n % Names.Length], $"+7 916 3{n:00} {rnd.Next(10, 99)} "
                    + $"{rnd.Next(10, 99)}", Message: Asks[rnd.Next(Asks.Length)], Source: "site", UtmSource: "yandex",
                    UtmMedium: "cpc", UtmCampaign: rnd.NextDouble() < 0.6 ? "crm-spring" : "brand", Page: "https://voronka.example/price"),
                    LeadChannel.Form, ct, formId);
                await AnswerAsync(leads, timers, clock, people, pace, lead, rnd, ct);
            }
        }
        // What those days told people was read then, and their letters went then.
        await using var done = await factory.CreateDbContextAsync(ct);
        var start = OrgTime.StartOfDayUtc(today, zone);
        await done.Set<Notifications.EmailMessage>().Where(m => m.CreatedAt < start).ExecuteDeleteAsync(ct);
        await done.Notifications.Where(n => n.CreatedAt < start && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.CreatedAt), ct);
    }

    /// <summary>The assignee answers at their pace; past the rule's minutes the timer passes the lead on first.</summary>
    private static async Task AnswerAsync(LeadsService leads, LeadTimers timers, Moment clock, Dictionary<int, Actor> people,
        Dictionary<int, double> pace, LeadResponse lead, Random rnd, CancellationToken ct)
    {
        var director = people.Values.First(a => a.IsDirector);
        if (lead.Status == LeadStatus.New)
        {
            // Nobody could take it then (everyone away): the director closes it rather than leave it to be routed today.
            await leads.RejectAsync(director, lead.Id, new RejectLeadRequest(LeadRejectReason.Other, "Демо"), ct);
            return;
        }
        for (var passes = 0; lead is { Status: LeadStatus.Assigned, AssigneeId: int who }; passes++)
        {
            var wait = TimeSpan.FromMinutes(pace[who] * (0.5 + rnd.NextDouble() * 1.5));
            if (passes < 2 && lead.DueAt is DateTime due && clock.At + wait > due)
            {
                clock.At = new DateTimeOffset(due.AddMinutes(1), TimeSpan.Zero);
                await timers.RunAsync(ct);
                lead = await leads.GetAsync(director, lead.Id, ct);
                continue;
            }
            clock.At += wait;
            var actor = people[who];
            lead = rnd.NextDouble() < 0.25
                ? await leads.RejectAsync(actor, lead.Id, new RejectLeadRequest(rnd.NextDouble() < 0.5 ? LeadRejectReason.NotOurClient
                    : LeadRejectReason.Spam), ct)
                : await leads.AcceptAsync(actor, lead.Id, new AcceptLeadRequest(), ct);
        }
    }
}
