using Voronka.Core.Features.Reports;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Products;

namespace Voronka.Bench;

public sealed record GenerateOptions(int Deals, long Activities, int Seed, int Teams, int ManagersPerTeam, int Companies, int Months);

/// <summary>Fills an empty database with a large company: people, products, companies and contacts through EF, then
/// the deals, their history, lines, activities and tasks in bulk; goals and activity plans for the current month so
/// the dashboard has targets to show.</summary>
public static class Loader
{
    public static async Task GenerateAsync(IDbContextFactory<VoronkaDbContext> factory, DatabaseProvider provider, string connectionString, GenerateOptions o)
    {
        var clock = Stopwatch.StartNew();
        await using (var db = await factory.CreateDbContextAsync())
            if (await db.Deals.IgnoreQueryFilters().AnyAsync())
                throw new InvalidOperationException("The database already has deals: generate into an empty one.");
        var now = DateTime.UtcNow;
        var rnd = new Random(o.Seed);
        BulkInputs inputs;
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.AuditDisabled = true;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var regions = Enumerable.Range(1, 5).Select(i => new Region { Name = $"Регион {i}" }).ToList();
            var teams = Enumerable.Range(1, o.Teams).Select(i => new Team { Name = $"Команда {i}" }).ToList();
            db.Regions.AddRange(regions);
            db.Teams.AddRange(teams);
            await db.SaveChangesAsync();

            var people = new List<AppUser> { Person("director", "Директор продаж", UserRole.Director, null, null, now) };
            for (var t = 0; t < teams.Count; t++)
            {
                var region = regions[t % regions.Count].Id;
                people.Add(Person($"senior{t + 1}", $"Старший {t + 1}", UserRole.Senior, teams[t].Id, region, now));
                for (var m = 0; m < o.ManagersPerTeam; m++)
                {
                    var n = t * o.ManagersPerTeam + m + 1;
                    people.Add(Person($"manager{n}", $"Менеджер {n}", UserRole.Manager, teams[t].Id, region, now));
                }
            }
            db.Users.AddRange(people);
            await db.SaveChangesAsync();
            for (var t = 0; t < teams.Count; t++) teams[t].LeaderId = people.First(p => p.UserName == $"senior{t + 1}").Id;
            db.Teams.UpdateRange(teams);

            var products = Enumerable.Range(1, 50).Select(i => new Product
            {
                Name = $"Продукт {i}", Category = $"Категория {1 + i % 5}", ListPriceMinor = Money.ToMinor(rnd.Next(20, 400) * 1000m), Currency = "RUB",
            }).ToList();
            db.Products.AddRange(products);
            await db.SaveChangesAsync();

            var sellers = people.Where(p => p.Role is UserRole.Manager or UserRole.Senior).ToList();
            var companies = new List<BulkCompany>();
            for (var start = 0; start < o.Companies; start += 5000)
            {
                var chunk = Enumerable.Range(start, Math.Min(5000, o.Companies - start)).Select(i => new Company
                {
                    Name = $"ООО «Клиент {i + 1}»", RegionId = regions[i % regions.Count].Id, OwnerId = sellers[i % sellers.Count].Id,
                    CreatedAt = now.AddYears(-4), UpdatedAt = now.AddYears(-4),
                }).ToList();
                db.Companies.AddRange(chunk);
                await db.SaveChangesAsync();
                var contacts = chunk.Select(c => new Contact { Name = $"Контакт {c.Id}", CompanyId = c.Id, OwnerId = c.OwnerId, CreatedAt = c.CreatedAt, UpdatedAt = c.CreatedAt }).ToList();
                db.Contacts.AddRange(contacts);
                await db.SaveChangesAsync();
                companies.AddRange(chunk.Zip(contacts, (c, x) => new BulkCompany(c.Id, x.Id, c.RegionId!.Value)));
                db.ChangeTracker.Clear();
            }

            var pipeline = await db.Pipelines.Include(p => p.Stages).OrderByDescending(p => p.IsDefault).FirstAsync();
            var stages = pipeline.Stages.OrderBy(s => s.Position).ToList();
            var reasons = await db.LossReasons.Select(r => r.Id).ToListAsync();
            inputs = new BulkInputs(now, o.Months,
                sellers.Select(s => new BulkSeller(s.Id, sellers.Where(x => x.TeamId == s.TeamId && x.Id != s.Id).Select(x => x.Id).ToArray())).ToList(),
                companies, products.Select(p => new BulkProduct(p.Id, p.ListPriceMinor)).ToList(),
                pipeline.Id, stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList(),
                stages.First(s => s.Kind == StageKind.Won).Id, stages.First(s => s.Kind == StageKind.Lost).Id, reasons);

            await AddTargetsAsync(db, people, now);
        }
        Console.WriteLine($"reference data: {clock.Elapsed.TotalSeconds:F0} s");

        long deals = 0, changes = 0, activities = 0;
        await using (var sink = await BulkSink.OpenAsync(provider, connectionString))
        {
            foreach (var batch in BulkScenario.Generate(inputs, o.Deals, o.Activities, o.Seed))
            {
                await sink.WriteAsync(batch);
                deals += batch.Deals.Count;
                changes += batch.Changes.Count;
                activities += batch.Activities.Count;
                if (deals % 100_000 == 0) Console.WriteLine($"  {deals:N0} deals, {changes:N0} stage changes, {activities:N0} activities: {clock.Elapsed.TotalSeconds:F0} s");
            }
            Console.WriteLine($"rows written: {clock.Elapsed.TotalSeconds:F0} s; statistics…");
            await sink.FinishAsync();
        }
        await using (var db = await factory.CreateDbContextAsync())
            await KeptFigures.RebuildAsync(db, default);
        Console.WriteLine($"daily figures: {clock.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"done: {deals:N0} deals, {changes:N0} stage changes, {activities:N0} activities in {clock.Elapsed.TotalSeconds:F0} s");
    }

    internal static AppUser Person(string login, string name, UserRole role, int? team, int? region, DateTime now) => new()
    {
        UserName = login, NormalizedUserName = login.ToUpperInvariant(), Email = $"{login}@bench.voronka.local", NormalizedEmail = $"{login}@bench.voronka.local".ToUpperInvariant(),
        EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), FullName = name, Role = role,
        TeamId = team, RegionId = region, IsActive = true, CreatedAt = now.AddYears(-4), LockoutEnabled = true,
    };

    /// <summary>The organisation's goals for this year, quarter and month, a month goal per seller and the month's activity plans.</summary>
    private static async Task AddTargetsAsync(VoronkaDbContext db, List<AppUser> people, DateTime now)
    {
        var today = OrgTime.Today(now, await OrgTime.ZoneAsync(db, default));
        var director = people[0].Id;
        foreach (var (kind, target) in new[] { (PeriodKind.Year, 12_000_000_000m), (PeriodKind.Quarter, 3_000_000_000m), (PeriodKind.Month, 1_000_000_000m) })
        {
            var p = Period.Containing(kind, today);
            var goal = new Goal { PeriodKind = kind, PeriodStart = p.Start, PeriodEnd = p.End, TargetMinor = Money.ToMinor(target), CreatedAt = now, UpdatedAt = now, UpdatedById = director };
            goal.SetSubject(GoalScope.Organisation, null);
            db.Goals.Add(goal);
        }
        var month = Period.Containing(PeriodKind.Month, today);
        foreach (var seller in people.Where(p => p.Role is UserRole.Manager or UserRole.Senior))
        {
            var goal = new Goal { PeriodKind = PeriodKind.Month, PeriodStart = month.Start, PeriodEnd = month.End, TargetMinor = Money.ToMinor(9_000_000m), CreatedAt = now, UpdatedAt = now, UpdatedById = director };
            goal.SetSubject(GoalScope.Manager, seller.Id);
            db.Goals.Add(goal);
            foreach (var (code, value) in new[] { (KpiCode.Calls, 250m), (KpiCode.Meetings, 40m), (KpiCode.Proposals, 25m), (KpiCode.Presales, 25m), (KpiCode.NewDeals, 230m) })
                db.KpiPlans.Add(new KpiPlan { UserId = seller.Id, Code = code, PeriodStart = month.Start, PeriodEnd = month.End, Value = value, UpdatedAt = now, UpdatedById = director });
        }
        await db.SaveChangesAsync();
    }
}
