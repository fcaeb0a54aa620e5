using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Voronka.Core.Data;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;

namespace Voronka.Core.Features.Demo;

/// <summary>Fills an empty database with the demo company (see docs/demo-data.md). Does nothing when users exist.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<VoronkaDbContext> dbFactory,
    UserManager<AppUser> users,
    Plans.GoalsService goals,
    Kpi.KpiService kpi,
    Leads.LeadsService leads,
    Leads.LeadFormsService forms,
    Leads.RoutingRulesService rules,
    DemoCalls calls,
    Common.FileStore store,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string BudgetField = "budget_confirmed";
    private const int Seed = 20261127;

    private static readonly string[] RegionNames = ["Москва", "Санкт-Петербург", "Екатеринбург"];

    private static readonly (string Name, string Category, decimal Price, bool Seasonal)[] ProductList =
    [
        ("CRM-лицензия «Старт»", "Программы", 24_000m, false),
        ("CRM-лицензия «Бизнес»", "Программы", 60_000m, false),
        ("Внедрение под ключ", "Услуги", 180_000m, false),
        ("Обучение отдела продаж", "Услуги", 45_000m, false),
        ("IP-телефония, год", "Связь", 36_000m, false),
        ("Сервер приложений", "Оборудование", 320_000m, false),
        ("Рабочая станция", "Оборудование", 95_000m, false),
        ("Сплит-система «Бриз»", "Климат", 78_000m, true),
        ("Техподдержка, год", "Услуги", 72_000m, false),
        ("Аудит продаж", "Консалтинг", 120_000m, false),
    ];

    private static readonly string[] CompanyWords =
    [
        "Альфа", "Вектор", "Гранит", "Северсталь", "Техно", "Промсервис",
            "Стройинвест", "Меридиан", "Восток", "Логистик",
        "Агро", "Энерго", "Медиа", "Фарм", "Транс", "Металл", "Капитал", "Девелопмент",
            "Ресурс", "Сфера",
        "Орион", "Атлант", "Байкал", "Волга", "Кедр", "Импульс", "Полюс", "Радуга",
            "Спектр", "Титан",
    ];

    private static readonly string[] Industries = ["Производство", "Розница", "Строительство", "IT",
        "Логистика", "Медицина", "Финансы", "Сельское хозяйство"];

    private static readonly string[] FirstNames = ["Александр", "Елена", "Дмитрий", "Ольга", "Сергей",
        "Наталья", "Алексей", "Татьяна", "Михаил", "Ирина", "Павел", "Юлия"];
    private static readonly string[] LastNames = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов",
        "Попов", "Васильев", "Новиков", "Фёдоров", "Морозов", "Волков", "Козлов"];
    private static readonly string[] Positions = ["Генеральный директор", "Коммерческий "
        + "директор", "Закупщик", "Главный инженер", "Финансовый директор",
            "Руководитель IT"];

    private static readonly (string Login, string Name, UserRole Role, int Team)[] People =
    [
        ("director", "Андрей Соколов", UserRole.Director, 0),
        ("senior1", "Марина Волкова", UserRole.Senior, 1),
        ("senior2", "Игорь Лебедев", UserRole.Senior, 2),
        ("manager1", "Павел Орлов", UserRole.Manager, 1),
        ("manager2", "Екатерина Зайцева", UserRole.Manager, 1),
        ("manager3", "Денис Морозов", UserRole.Manager, 1),
        ("manager4", "Светлана Егорова", UserRole.Manager, 1),
        ("manager5", "Артём Никитин", UserRole.Manager, 1),
        ("manager6", "Виктория Павлова", UserRole.Manager, 2),
        ("manager7", "Роман Козлов", UserRole.Manager, 2),
        ("manager8", "Юлия Семёнова", UserRole.Manager, 2),
        ("manager9", "Кирилл Андреев", UserRole.Manager, 2),
        ("manager10", "Алина Фролова", UserRole.Manager, 2),
        ("assistant", "Анна Смирнова", UserRole.Assistant, 0),
    ];

    private const string Name = "ООО «Демо Продажи»";
    private const string EmailDomain = "@demo.voronka.local";

    /// <summary>Seeds the demo company and prints the logins. Returns false when the database was not empty.</summary>
    public async Task<bool> SeedAsync(string? password, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(ct))
        {
            // The name is given last: demo people under another name are a seeding that stopped half-way.
            if (await db.Users.AnyAsync(u => u.Email!.EndsWith(EmailDomain), ct)
                && !await db.Organisation.AnyAsync(o => o.Name == Name, ct))
                throw new InvalidOperationException("The demo company was left half-made by a start that stopped while it was being "
                    + "put in. Delete the database (the data/ folder for SQLite) and start again.");
            logger.LogWarning("The database already has users: the demo company is only put into an empty one. Sign in with the existing "
                + "logins.");
            return false;
        }
        var generated = string.IsNullOrWhiteSpace(password);
        password = generated ? RandomPassword() : password!;
        var now = clock.GetUtcNow().UtcDateTime;
        var rnd = new Random(Seed);

        var regions = RegionNames.Select(n => new Region { Name = n }).ToList();
        db.Regions.AddRange(regions);
        var teams = new[] { new Team { Name = "Команда Москва" }, new Team { Name = "Команда Регионы" } };
        db.Teams.AddRange(teams);
        await db.SaveChangesAsync(ct);

        var ids = new Dictionary<string, int>();
        foreach (var (login, name, role, team) in People)
        {
            var user = new AppUser
            {
                UserName = login, FullName = name, Role = role, TeamId = team == 0 ? null : teams[team - 1].Id,
                RegionId = team == 0 ? null : regions[team == 1 ? 0 : 1 + rnd.Next(2)].Id,
                Email = login + EmailDomain, EmailConfirmed = true, LockoutEnabled = true, CreatedAt = now.AddDays(-400),
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            ids[login] = user.Id;
        }
        teams[0].LeaderId = ids["senior1"];
        teams[1].LeaderId = ids["senior2"];
        db.Teams.UpdateRange(teams);

        db.CustomFields.Add(new CustomFieldDefinition { Entity = CustomFieldEntity.Deal, Key = BudgetField,
            Name = "Бюджет подтверждён", Type = CustomFieldType.YesNo });
        db.CustomFields.Add(new CustomFieldDefinition { Entity = CustomFieldEntity.Deal, Key = "decision_maker", Name = "ЛПР",
            Type = CustomFieldType.Text, Position = 1 });
        db.CustomFields.Add(new CustomFieldDefinition { Entity = CustomFieldEntity.Company, Key = "employees",
            Name = "Сотрудников", Type = CustomFieldType.Number });
        var pipeline = await db.Pipelines.Include(p => p.Stages).OrderByDescending(p => p.IsDefault).FirstAsync(ct);
        var negotiation = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).Last();
        negotiation.RequiredFields = [.. negotiation.RequiredFields.Union([DealFields.CustomPrefix + BudgetField])];

        var products = ProductList.Select(p => new Product { Name = p.Name, Category = p.Category,
            ListPriceMinor = Common.Money.ToMinor(p.Price), Currency = "RUB" }).ToList();
        db.Products.AddRange(products);
        await db.SaveChangesAsync(ct);

        var sellers = People.Where(p => p.Role is UserRole.Manager or UserRole.Senior).Select(p => new DemoSeller(ids[p.Login], p.Login,
            p.Role == UserRole.Senior ? 1 : 10)).ToList();
        var managers = sellers.Where(s => s.Weight > 1).ToList();
        var companies = new List<Company>();
        var contacts = new List<Contact>();
        var usedNames = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            string name;
            do name = $"{new[] { "ООО", "АО", "ООО", "ПАО" }[rnd.Next(4)]} «{CompanyWords[rnd.Next(CompanyWords.Length)]}{(rnd.NextDouble() < 0.5 ? "-" + CompanyWords[rnd.Next(CompanyWords.Length)] : "")}»";
            while (!usedNames.Add(name));
            var owner = managers[i % managers.Count].Id;
            var company = new Company
            {
                Name = name, Inn = Inn.Complete((7700000000L + i * 7919L).ToString()[..9]),
                    Industry = Industries[rnd.Next(Industries.Length)],
                RegionId = regions[rnd.Next(regions.Count)].Id, OwnerId = owner, Phone = $"+7495{rnd.Next(1000000, 9999999)}",
                Email = $"info{i}@company{i}.ru", CreatedAt = now.AddDays(-rnd.Next(370, 800)),
                CustomFields = new Dictionary<string, string> { ["employees"] = rnd.Next(10, 2000).ToString() },
            };
            company.UpdatedAt = company.CreatedAt;
            companies.Add(company);
            for (var k = 0; k < rnd.Next(1, 4); k++)
            {
                var last = LastNames[rnd.Next(LastNames.Length)];
                var first = FirstNames[rnd.Next(FirstNames.Length)];
                if ("аяеи".Contains(first[^1]) && !last.EndsWith('а')) last += "а";
                contacts.Add(new Contact
                {
                    Name = $"{first} {last}", Position = Positions[rnd.Next(Positions.Length)], OwnerId = owner,
                    Phones = [$"+79{rnd.Next(10, 99)}{rnd.Next(1000000, 9999999)}"], Emails = [$"contact{contacts.Count}@company{i}.ru"],
                    CreatedAt = company.CreatedAt, UpdatedAt = company.CreatedAt,
                });
                contacts[^1].CompanyId = -(i + 1); // resolved after the companies are saved
            }
        }
        db.AuditDisabled = true;
        db.FiguresDeferred = true;
        db.Companies.AddRange(companies);
        await db.SaveChangesAsync(ct);
        foreach (var c in contacts) c.CompanyId = companies[-c.CompanyId!.Value - 1].Id;
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync(ct);

        var reasons = await db.LossReasons.OrderBy(r => r.Position).Select(r => r.Id).ToListAsync(ct);
        var scenario = DemoScenario.Generate(new DemoInputs(
            now, sellers, ids["assistant"], pipeline.Stages,
            products.Select((p, i) => new DemoProduct(p.Id, p.Name, p.ListPriceMinor, ProductList[i].Seasonal)).ToList(),
            companies.Select(c => new DemoCompany(c.Id, c.OwnerId, c.RegionId,
                contacts.Where(x => x.CompanyId == c.Id).Select(x => x.Id).ToList())).ToList(),
            reasons, regions.Select(r => r.Id).ToList(), BudgetField), Seed);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Deals.AddRange(scenario.Deals);
            await db.SaveChangesAsync(ct);
            db.AuditEntries.AddRange(scenario.Deals.Select(d => new AuditEntry
            {
                EntityType = nameof(Deal), EntityId = d.Id, Field = "created", ChangedAt = d.CreatedAt, ChangedById = d.OwnerId,
            }));
            db.AuditEntries.AddRange(companies.Select(c => new AuditEntry { EntityType = nameof(Company), EntityId = c.Id,
                Field = "created", ChangedAt = c.CreatedAt, ChangedById = c.OwnerId }));
            db.AuditEntries.AddRange(contacts.Select(c => new AuditEntry { EntityType = nameof(Contact), EntityId = c.Id, Field = "created",
                ChangedAt = c.CreatedAt, ChangedById = c.OwnerId }));
            // From here on rows point at deals by id, so the deals are not added a second time.
            foreach (var t in scenario.Tasks) { t.DealId = t.Deal!.Id; t.Deal = null; }
            foreach (var a in scenario.Activities.Where(a => a.Deal is not null)) { a.DealId = a.Deal!.Id; a.Deal = null; }
            db.Tasks.AddRange(scenario.Tasks);
            await db.SaveChangesAsync(ct);
            foreach (var chunk in scenario.Activities.Chunk(5000))
            {
                db.Activities.AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            // The calendar: this year's and next year's public holidays, and a week of vacation for manager2 next month.
            var today = Common.OrgTime.Today(now, await Common.OrgTime.ZoneAsync(db, ct));
            await Calendar.CalendarService.AddStandardHolidaysAsync(db, today.Year, ct);
            await Calendar.CalendarService.AddStandardHolidaysAsync(db, today.Year + 1, ct);
            var nextMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
            var monday = nextMonth.AddDays(7 + (8 - (int)nextMonth.DayOfWeek) % 7);
            db.Absences.Add(new Calendar.Absence { UserId = ids["manager2"], From = monday, To = monday.AddDays(4),
                Kind = Calendar.AbsenceKind.Vacation });
            await db.SaveChangesAsync(ct);
            await Reports.KeptFigures.RebuildAsync(db, ct);
            await tx.CommitAsync(ct);
        }
        // The leads first: the deals they became are in the funnel each person's plan is decomposed from.
        await SeedLeadsAsync(new Common.Actor(ids["director"], UserRole.Director, null), ct);
        await SeedPlansAsync(new Common.Actor(ids["director"], UserRole.Director, null), now, ct);
        await BackfillSnapshotsAsync(now, ct);
        await calls.SeedAsync(ids, ct);
        await using (var wf = await dbFactory.CreateDbContextAsync(ct)) await DemoWorkflow.SeedAsync(wf, ids, now, ct);
        await using (var coaching = await dbFactory.CreateDbContextAsync(ct)) await DemoCoaching.SeedAsync(coaching, store, ids, now, ct);
        await db.Organisation.ExecuteUpdateAsync(o => o.SetProperty(x => x.Name, Name), ct);

        var text = string.Join(Environment.NewLine,
            "",
            "==== Voronka demo company ====",
            $"Deals: {scenario.Deals.Count}, activities: {scenario.Activities.Count}, tasks: {scenario.Tasks.Count}, companies: "
                + $"{companies.Count}, contacts: {contacts.Count}",
            "Logins: director, senior1, senior2, manager1 … manager10, assistant",
            $"Password for all of them: {password}{(generated ? "   (random; set Demo:Password to choose one)" : "")}",
            "==============================",
            "");
        Console.WriteLine(text);
        return true;
    }

    /// <summary>
    /// The site's form and a rule giving its leads to the Moscow team in turn, and a few leads from the form, a partner's
    /// integration and a returning client, routed as they would be now (off hours they wait for the morning).
    /// </summary>
    private async Task SeedLeadsAsync(Common.Actor director, CancellationToken ct)
    {
        int? moscow;
        string? returning;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            moscow = await db.Teams.Where(t => t.Name == "Команда Москва").Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
            returning = (await db.Contacts.AsNoTracking().OrderBy(c => c.Id).Take(50).ToListAsync(ct))
                .SelectMany(c => c.Phones).FirstOrDefault();
        }
        var form = await forms.CreateAsync(director, new Leads.LeadFormRequest("Форма на сайте", "site"), ct);
        if (moscow is int team)
            await rules.CreateAsync(director, new Leads.RoutingRuleRequest("Сайт — Команда "
                + "Москва", Leads.RoutingStrategy.RoundRobin, team,
                Source: "site", AcceptMinutes: 15, MaxPasses: 2), ct);
        await DemoLeads.SeedAsync(dbFactory, form.Id, clock.GetUtcNow().UtcDateTime, ct);
        var site = new (string Name, string Phone, string? Message, string Campaign)[]
        {
            ("Ольга Смирнова", "+7 916 201-11-01", "Нужна CRM на 12 менеджеров, пришлите "
                + "расчёт", "crm-spring"),
            ("Игорь Белов", "8 (903) 201-11-02", "Интересует внедрение под ключ", "crm-spring"),
            ("Анна Кузнецова", "916 201 11 03", null, "brand"),
        };
        foreach (var (name, phone, message, campaign) in site)
            await leads.IntakeAsync(new Leads.LeadRequest(name, phone, Message: message, Source: "site", UtmSource: "yandex",
                UtmMedium: "cpc", UtmCampaign: campaign, Page: "https://voronka.example/price"), Leads.LeadChannel.Form, ct, form.Id);
        await leads.IntakeAsync(new Leads.LeadRequest("Сергей Орлов", Email: "orlov@partner.example",
            CompanyName: "ООО «Партнёр-Сервис»",
            Source: "partner", Message: "Клиент партнёра, 30 рабочих мест"), Leads.LeadChannel.Api, ct);
        if (returning is not null)
            await leads.IntakeAsync(new Leads.LeadRequest("Постоянный клиент", returning, Source: "site",
                Message: "Хотим расширить лицензии"), Leads.LeadChannel.Form, ct, form.Id);
    }

    /// <summary>The daily funnel of the last 30 mornings, as the daily snapshots would have kept it: from every deal's
    /// stage history, the ones the leads of the last weeks became included.</summary>
    private async Task BackfillSnapshotsAsync(DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await Common.OrgTime.ZoneAsync(db, ct);
        var today = Common.OrgTime.Today(now, zone);
        var deals = await db.Deals.AsNoTracking().Include(d => d.StageChanges).Where(d => d.DeletedAt == null).ToListAsync(ct);
        var stages = await db.Stages.AsNoTracking().ToListAsync(ct);
        var mornings = Enumerable.Range(1, 30).Select(i => today.AddDays(-i))
            .Select(d => (d, Common.OrgTime.StartOfDayUtc(d, zone).AddHours(SnapshotHour)));
        db.FunnelSnapshots.AddRange(DemoSnapshots.Backfill(deals, stages, mornings));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The morning hour (organisation's time) the backfilled daily funnels are dated at, as the default of
    /// Reports:DailySnapshotHour.</summary>
    private const int SnapshotHour = 6;

    /// <summary>
    /// This year's, quarter's and month's goals of the organisation, each what was won in as long a time up to today plus
    /// 15 % (in whole hundred thousands), split to the teams and from each team to its people by their past share, as
    /// the director would do it; and the month's KPI plans filled from each person's decomposition.
    /// </summary>
    private async Task SeedPlansAsync(Common.Actor director, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await Common.OrgTime.ZoneAsync(db, ct);
        var today = Common.OrgTime.Today(now, zone);
        foreach (var kind in new[] { Plans.PeriodKind.Year, Plans.PeriodKind.Quarter, Plans.PeriodKind.Month })
        {
            var period = Plans.Period.Containing(kind, today);
            // The pace of the last stretch as long as the period (the demo's history is a year long).
            var (from, to) = Common.OrgTime.Range(today.AddDays(-period.Days), today.AddDays(-1), zone);
            var won = await db.Deals.Where(d => d.ClosedAt >= from && d.ClosedAt < to
                    && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Won))
                .SumAsync(d => d.AmountMinor, ct);
            var target = Math.Max(1_000_000m, Math.Ceiling(Common.Money.FromMinor(won) * 1.15m / 100_000m) * 100_000m);
            var goal = await goals.CreateAsync(director, new Plans.GoalRequest(kind, period.Start, Plans.GoalScope.Organisation,
                null, target), ct);
            var teams = await SplitAsync(director, goal.Id, Plans.GoalSplit.Teams, ct);
            foreach (var team in teams) await SplitAsync(director, team, Plans.GoalSplit.Managers, ct);
        }
        var month = Plans.Period.Containing(Plans.PeriodKind.Month, today);
        await kpi.FillFromDecompositionAsync(director, month.Start, month.End, overwrite: true, ct);
    }

    /// <summary>Splits a goal as proposed by past share, or, where someone has no past sales to weigh by (a year
    /// whose year before the history barely covers), by working days; returns the children's ids.</summary>
    private async Task<IReadOnlyList<int>> SplitAsync(Common.Actor director, int goalId, Plans.GoalSplit split, CancellationToken ct)
    {
        // In whole thousands of roubles, as the director's split dialog proposes by default.
        var proposal = await goals.ProposeAsync(director, goalId, split, Plans.SplitMethod.PastShare, 1000m, ct);
        if (proposal.Note is not null || proposal.Items.Any(i => i.Basis <= 0))
            proposal = await goals.ProposeAsync(director, goalId, split,
                split == Plans.GoalSplit.Teams ? Plans.SplitMethod.Equal : Plans.SplitMethod.WorkingDays, 1000m, ct);
        var items = proposal.Items.Select(i => new Plans.SplitItemRequest(i.SubjectId, null, i.Target)).ToList();
        await goals.SetSplitAsync(director, goalId, split, new Plans.SplitRequest(items), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Goals.Where(g => g.ParentId == goalId).Select(g => g.Id).ToListAsync(ct);
    }

    private static string RandomPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return new string(Enumerable.Range(0, 12).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
    }
}
