using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Demo;

/// <summary>What the demo scenario needs to know about the rows already written (their ids).</summary>
public sealed record DemoInputs(
    DateTime Now,
    IReadOnlyList<DemoSeller> Sellers,
    int AssistantId,
    IReadOnlyList<Stage> Stages,
    IReadOnlyList<DemoProduct> Products,
    IReadOnlyList<DemoCompany> Companies,
    IReadOnlyList<int> LossReasonIds,
    IReadOnlyList<int> RegionIds,
    string RequiredCustomField);

public sealed record DemoSeller(int Id, string Login, int Weight);

public sealed record DemoProduct(int Id, string Name, long PriceMinor, bool Seasonal);

public sealed record DemoCompany(int Id, int OwnerId, int? RegionId, IReadOnlyList<int> ContactIds);

public sealed record DemoResult(List<Deal> Deals, List<Activity> Activities, List<DealTask> Tasks);

/// <summary>
/// Twelve months of a sales department, simulated deal by deal with a fixed seed: each deal walks the pipeline,
/// advancing or being lost at each stage with the owner's conversion, spending the owner's time in each stage,
/// and leaving the calls, meetings, proposals and presales that such a walk takes. Pure: no I/O.
/// The planted patterns are described in docs/demo-data.md.
/// </summary>
public static class DemoScenario
{
    /// <summary>Loses twice the team's share of deals at the proposal stage.</summary>
    public const string WeakAtProposal = "manager4";
    /// <summary>Makes half the calls of the others.</summary>
    public const string FewCalls = "manager7";
    /// <summary>Keeps deals in qualification three times longer.</summary>
    public const string SlowQualifier = "manager9";
    public const int DealCount = 2000;

    // Chance to advance from open stage i to the next (the last open stage advances to won).
    private static readonly double[] Advance = [0.78, 0.68, 0.74, 0.70, 0.62];
    private static readonly double[] MeanDays = [4, 8, 10, 12, 14];
    // Some deals are simply left alone: they stay open and rot in their stage.
    private const double StallChance = 0.035;
    private const double WeakProposalAdvance = 0.40;

    private static readonly string[] Sources = ["Сайт", "Входящий звонок", "Рекомендация", "Выставка", "Холодный звонок"];
    private static readonly int[] SourceWeights = [30, 20, 15, 10, 25];

    /// <param name="input">The company the history is made for.</param>
    /// <param name="seed">The random seed: the same seed gives the same history.</param>
    /// <param name="plantPatterns">False makes every manager alike: a history in which analytics must find nothing.</param>
    public static DemoResult Generate(DemoInputs input, int seed = 20261127, bool plantPatterns = true)
    {
        var rnd = new Random(seed);
        var weakAtProposal = plantPatterns ? WeakAtProposal : "";
        var fewCalls = plantPatterns ? FewCalls : "";
        var slowQualifier = plantPatterns ? SlowQualifier : "";
        var open = input.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        var won = input.Stages.Single(s => s.Kind == StageKind.Won);
        var lost = input.Stages.Single(s => s.Kind == StageKind.Lost);
        var start = input.Now.Date.AddDays(-365);
        var deals = new List<Deal>(DealCount);
        var activities = new List<Activity>(DealCount * 10);
        var tasks = new List<DealTask>();
        var sellerWeights = input.Sellers.Select(s => s.Weight).ToArray();
        // Work happens on the working days of the state's production calendar, not only on weekdays.
        var days = Days(input.Now.Year - 1, input.Now.Year, input.Now.Year + 1);

        // Deals are walked in the order they were created, and each person's decisions at a stage (advance or not, left
        // alone or not) follow that person's rate by a running quota rather than independent coins: the rates hold in
        // any stretch of the year, whatever the day the history is generated on.
        var heads = Enumerable.Range(0, DealCount).Select(_ => NewHead(rnd, input, sellerWeights, days)).OrderBy(h => h.Created).ToList();
        var quota = new Dictionary<(int Seller, int Stage), double>();
        var stalls = new Dictionary<(int Seller, int Stage), double>();
        for (var n = 0; n < heads.Count; n++)
        {
            var (seller, product, created) = heads[n];
            var companies = input.Companies.Where(c => c.OwnerId == seller.Id).ToList();
            var company = companies.Count > 0 && rnd.NextDouble() < 0.8 ? companies[rnd.Next(companies.Count)] : input.Companies[rnd.Next(input.Companies.Count)];
            var qty = rnd.Next(1, 6);
            var discount = new[] { 0m, 0m, 0m, 5m, 10m }[rnd.Next(5)];
            var line = new DealLine { ProductId = product.Id, Quantity = qty, PriceMinor = product.PriceMinor, DiscountPercent = discount };
            line.TotalMinor = DealLine.Total(line.Quantity, line.PriceMinor, line.DiscountPercent);
            var deal = new Deal
            {
                Title = $"{product.Name} — {n + 1}",
                CompanyId = company.Id,
                ContactId = company.ContactIds.Count > 0 ? company.ContactIds[rnd.Next(company.ContactIds.Count)] : null,
                OwnerId = seller.Id,
                CreatedById = seller.Id,
                Currency = "RUB",
                AmountMinor = line.TotalMinor,
                Source = Sources[Pick(rnd, SourceWeights)],
                RegionId = company.RegionId ?? input.RegionIds[rnd.Next(input.RegionIds.Count)],
                ExpectedCloseDate = DateOnly.FromDateTime(created.AddDays(rnd.Next(20, 90))),
                CreatedAt = created,
                Lines = [line],
            };
            Enter(deal, open[0], seller.Id, created);

            var t = created;
            var stageIndex = 0;
            var closed = false;
            while (!closed)
            {
                var mean = MeanDays[stageIndex] * (seller.Login == slowQualifier && stageIndex == 1 ? 3 : 1);
                var next = t.AddHours(Math.Max(2, -Math.Log(1 - rnd.NextDouble()) * mean * 24));
                next = WorkHours(next, rnd, days);
                AddStageActivities(activities, rnd, deal, seller, stageIndex, t, next > input.Now ? input.Now : next, fewCalls, days);
                if (next > input.Now) break; // still open in this stage
                if (Decide(stalls, rnd, (seller.Id, stageIndex), StallChance))
                {
                    // Left alone: it rots in its stage until the owner clears the pipeline a month or so later and
                    // marks it lost; only the recent ones are still open, rotting, on the board.
                    var cleared = WorkHours(next.AddDays(rnd.Next(25, 45)), rnd, days);
                    if (cleared < input.Now)
                    {
                        deal.LossReasonId = input.LossReasonIds[rnd.Next(input.LossReasonIds.Count)];
                        Enter(deal, lost, seller.Id, cleared);
                        t = cleared;
                        closed = true;
                    }
                    break;
                }
                var p = Advance[stageIndex];
                if (seller.Login == weakAtProposal && stageIndex == 3) p = WeakProposalAdvance;
                if (Decide(quota, rnd, (seller.Id, stageIndex), p))
                {
                    if (stageIndex == open.Count - 1) { Enter(deal, won, seller.Id, next); closed = true; }
                    else
                    {
                        // The budget is confirmed on the way into negotiations, which require it.
                        if (open[stageIndex + 1].RequiredFields.Contains(DealFields.CustomPrefix + input.RequiredCustomField))
                            deal.CustomFields[input.RequiredCustomField] = "true";
                        Enter(deal, open[++stageIndex], seller.Id, next);
                    }
                }
                else
                {
                    deal.LossReasonId = input.LossReasonIds[seller.Login == weakAtProposal && stageIndex == 3 && rnd.NextDouble() < 0.7 ? 0 : rnd.Next(input.LossReasonIds.Count)];
                    Enter(deal, lost, seller.Id, next);
                    closed = true;
                }
                t = next;
            }
            deal.UpdatedAt = t > input.Now ? input.Now : t;
            if (!closed) AddOpenTasks(tasks, rnd, deal, seller, input, stageIndex, days);
            deals.Add(deal);
        }
        var result = new DemoResult(deals, activities, tasks);
        DemoMonthSales.TopUp(input, result, open[^1], won, rnd, days);

        // Cold calls that are not on any deal yet: prospecting.
        foreach (var seller in input.Sellers)
        {
            for (var day = start; day < input.Now.Date; day = day.AddDays(1))
            {
                if (!days.IsWorkingDay(DateOnly.FromDateTime(day))) continue;
                var calls = rnd.Next(0, 3);
                for (var i = 0; i < calls; i++)
                {
                    if (seller.Login == fewCalls && rnd.NextDouble() < 0.5) continue;
                    var company = input.Companies[rnd.Next(input.Companies.Count)];
                    activities.Add(Call(rnd, seller.Id, null, company.Id, null, day.AddHours(6 + rnd.Next(9)).AddMinutes(rnd.Next(60))));
                }
            }
        }
        return result;
    }

    private static (DemoSeller Seller, DemoProduct Product, DateTime Created) NewHead(
        Random rnd, DemoInputs input, int[] sellerWeights, WorkCalendar days)
    {
        var seller = input.Sellers[Pick(rnd, sellerWeights)];
        var product = input.Products[rnd.Next(input.Products.Count)];
        var created = input.Now.Date.AddDays(-365).AddMinutes(rnd.Next(365 * 24 * 60));
        if (product.Seasonal)
        {
            // Air conditioning is bought for the summer: deals open in March–July, most of them in May–June.
            var month = new[] { 3, 4, 5, 5, 5, 6, 6, 6, 7 }[rnd.Next(9)];
            var year = input.Now.Year - (month > input.Now.Month ? 1 : 0);
            var day = rnd.Next(1, DateTime.DaysInMonth(year, month) - 2); // leaves room for the shift to a working day
            created = new DateTime(year, month, day, rnd.Next(8, 19), rnd.Next(60), 0, DateTimeKind.Utc);
            if (created > input.Now) created = created.AddYears(-1);
        }
        created = WorkHours(created, rnd, days);
        while (created > input.Now) created = created.AddDays(-7);
        while (!days.IsWorkingDay(DateOnly.FromDateTime(created))) created = created.AddDays(-1);
        return (seller, product, created);
    }

    /// <summary>Error diffusion: the share of true answers for one key stays within one decision of
    /// <paramref name="rate"/> at every point of the sequence; the start is random so people are not in step.</summary>
    private static bool Decide(Dictionary<(int, int), double> quota, Random rnd, (int, int) key, double rate)
    {
        var due = (quota.TryGetValue(key, out var q) ? q : rnd.NextDouble()) + rate;
        var yes = due >= 1;
        quota[key] = yes ? due - 1 : due;
        return yes;
    }

    private static void Enter(Deal deal, Stage stage, int userId, DateTime at)
    {
        var missing = DealFields.Missing(deal, stage);
        if (missing.Count > 0) throw new InvalidOperationException($"Demo deal would enter '{stage.Name}' without: {string.Join(", ", missing)}.");
        deal.EnterStage(stage, userId, at);
    }

    private static void AddStageActivities(
        List<Activity> list, Random rnd, Deal deal, DemoSeller seller, int stage, DateTime from, DateTime to, string fewCalls,
        WorkCalendar days)
    {
        if (to <= from) return;
        // A moment pushed past the end (after hours, a weekend) goes back into the last working hours before it.
        DateTime At() => WorkHours(from.AddMinutes(rnd.NextDouble() * (to - from).TotalMinutes), rnd, days) is var d && d > to
            ? WorkHoursBefore(to, from, rnd, days) : d;
        var calls = stage switch { 0 => rnd.Next(2, 5), 1 => rnd.Next(2, 4), 2 => rnd.Next(1, 3), 3 => rnd.Next(1, 4), _ => rnd.Next(2, 4) };
        for (var i = 0; i < calls; i++)
        {
            if (seller.Login == fewCalls && rnd.NextDouble() < 0.5) continue;
            list.Add(Call(rnd, seller.Id, deal, deal.CompanyId, deal.ContactId, At()));
        }
        void Add(ActivityType type, int? seconds, string subject) => list.Add(new Activity
        {
            Type = type, UserId = seller.Id, Deal = deal, CompanyId = deal.CompanyId, ContactId = deal.ContactId,
            OccurredAt = At(), DurationSeconds = seconds, Subject = subject, CreatedAt = to,
        });
        if (stage == 2) Add(ActivityType.Meeting, rnd.Next(30, 120) * 60, "Встреча с клиентом");
        if (stage == 3)
        {
            Add(ActivityType.Proposal, null, "Коммерческое предложение");
            if (rnd.NextDouble() < 0.35) Add(ActivityType.Presale, rnd.Next(40, 90) * 60, "Презентация продукта");
        }
        if (stage == 4 && rnd.NextDouble() < 0.5) Add(ActivityType.Meeting, rnd.Next(30, 90) * 60, "Переговоры об условиях");
        if (rnd.NextDouble() < 0.3) Add(ActivityType.Email, null, "Письмо клиенту");
    }

    private static Activity Call(Random rnd, int userId, Deal? deal, int? companyId, int? contactId, DateTime at)
    {
        var result = (CallResult)Pick(rnd, [60, 22, 8, 8, 2]);
        return new Activity
        {
            Type = ActivityType.Call, UserId = userId, Deal = deal, CompanyId = companyId, ContactId = contactId, OccurredAt = at, CreatedAt = at,
            Direction = rnd.NextDouble() < 0.8 ? CallDirection.Outgoing : CallDirection.Incoming,
            CallResult = result,
            DurationSeconds = result == CallResult.Connected ? rnd.Next(40, 900) : 0,
        };
    }

    private static void AddOpenTasks(List<DealTask> tasks, Random rnd, Deal deal, DemoSeller seller, DemoInputs input, int stage,
        WorkCalendar days)
    {
        // A quarter of the open deals have no next step at all; of the rest about a third are overdue.
        if (rnd.NextDouble() < 0.25) return;
        var overdue = rnd.NextDouble() < 0.33;
        var due = DueIn(overdue ? input.Now.AddHours(-rnd.Next(2, 24 * 14)) : input.Now.AddHours(rnd.Next(1, 24 * 10)), input.Now, days);
        var kind = stage switch { 0 or 1 => TaskKind.Call, 2 => TaskKind.Meeting, 3 => TaskKind.FollowUp, _ => TaskKind.Presentation };
        tasks.Add(new DealTask
        {
            Deal = deal, Kind = kind, Title = kind switch
            {
                TaskKind.Call => "Позвонить и квалифицировать",
                TaskKind.Meeting => "Провести встречу",
                TaskKind.FollowUp => "Узнать решение по КП",
                _ => "Презентовать условия",
            },
            AssigneeId = seller.Id, AuthorId = seller.Id, DueAt = due, Status = DealTaskStatus.Open, CreatedAt = deal.StageEnteredAt,
        });
        if (stage == 4)
        {
            tasks.Add(new DealTask
            {
                Deal = deal, Kind = TaskKind.Paperwork, Title = "Подготовить договор на согласование", AssigneeId = input.AssistantId, AuthorId = seller.Id,
                DueAt = DueIn(input.Now.AddHours(rnd.Next(-48, 96)), input.Now, days), Status = DealTaskStatus.Open,
                CreatedAt = deal.StageEnteredAt,
            });
        }
    }

    /// <summary>A due time as a person sets it, near <paramref name="t"/> and on the same side of now: a working day,
    /// 10:00–17:45 Moscow (07:00–14:45 UTC), on the quarter hour.</summary>
    private static DateTime DueIn(DateTime t, DateTime now, WorkCalendar days)
    {
        var past = t < now;
        for (var day = t; Math.Abs((day - t).TotalDays) < 60; day = day.AddDays(past ? -1 : 1))
        {
            var at = day.Date.AddHours(Math.Clamp(day.Hour, 7, 14)).AddMinutes(day.Minute / 15 * 15);
            if (days.IsWorkingDay(DateOnly.FromDateTime(at)) && (past ? at < now : at > now)) return at;
        }
        return t;
    }

    private static DateTime WorkHours(DateTime t, Random rnd, WorkCalendar days)
    {
        // 09:00–18:00 Moscow is 06:00–15:00 UTC; the time only ever moves forward.
        if (t.Hour >= 15) t = t.Date.AddDays(1).AddHours(6).AddMinutes(rnd.Next(180));
        else if (t.Hour < 6) t = t.Date.AddHours(6).AddMinutes(rnd.Next(180));
        while (!days.IsWorkingDay(DateOnly.FromDateTime(t))) t = t.AddDays(1);
        return t;
    }

    /// <summary>A moment in the working hours (09:00–18:00 Moscow, UTC 06:00–15:00) of the last working day at or
    /// before <paramref name="t"/>, never before <paramref name="from"/>.</summary>
    private static DateTime WorkHoursBefore(DateTime t, DateTime from, Random rnd, WorkCalendar days)
    {
        var day = t.Hour < 7 ? t.Date.AddDays(-1) : t.Date;
        while (!days.IsWorkingDay(DateOnly.FromDateTime(day))) day = day.AddDays(-1);
        var latest = day == t.Date ? t : day.AddHours(15);
        var at = day.AddHours(6).AddMinutes(rnd.Next(Math.Max(1, (int)(latest - day.AddHours(6)).TotalMinutes)));
        return at < from ? from : at > t ? t : at;
    }

    /// <summary>The working days of the state's production calendars of <paramref name="years"/>.</summary>
    internal static WorkCalendar Days(params int[] years)
    {
        var days = years.SelectMany(y => ProductionCalendars.For(y).Calendar.Exceptions()).ToList();
        return new WorkCalendar(days.Where(d => !d.IsWorking).Select(d => d.Date), days.Where(d => d.IsWorking).Select(d => d.Date));
    }

    private static int Pick(Random rnd, int[] weights)
    {
        var x = rnd.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return weights.Length - 1;
    }
}
