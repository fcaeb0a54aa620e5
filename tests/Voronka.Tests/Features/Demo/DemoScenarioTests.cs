using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Demo;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Tests.Features.Demo;

/// <summary>The generator is pure, so the planted patterns can be checked on its output directly.</summary>
public class DemoScenarioTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private static readonly List<Stage> Stages =
    [
        new() { Id = 1, PipelineId = 1, Name = "Новый лид", Position = 0, Kind = StageKind.Open },
        new() { Id = 2, PipelineId = 1, Name = "Квалификация", Position = 1, Kind = StageKind.Open },
        new() { Id = 3, PipelineId = 1, Name = "Встреча", Position = 2, Kind = StageKind.Open },
        new() { Id = 4, PipelineId = 1, Name = "КП отправлено", Position = 3, Kind = StageKind.Open, RequiredFields = ["amount", "expectedCloseDate"] },
        new() { Id = 5, PipelineId = 1, Name = "Переговоры", Position = 4, Kind = StageKind.Open, RequiredFields = ["contactId", "custom.budget_confirmed"] },
        new() { Id = 6, PipelineId = 1, Name = "Успешно", Position = 5, Kind = StageKind.Won },
        new() { Id = 7, PipelineId = 1, Name = "Проиграно", Position = 6, Kind = StageKind.Lost },
    ];

    private static DemoResult Generate(int seed = 20261127) => Generate(Now, seed);

    private static DemoResult Generate(DateTime now, int seed = 20261127)
    {
        var sellers = Enumerable.Range(1, 10).Select(i => new DemoSeller(100 + i, $"manager{i}", 10)).ToList();
        var companies = Enumerable.Range(1, 50).Select(i => new DemoCompany(i, 100 + 1 + i % 10, 1, [i * 10, i * 10 + 1])).ToList();
        var products = new List<DemoProduct> { new(1, "Лицензия", 5_000_000, false), new(2, "Кондиционер", 7_800_000, true), new(3, "Сервер", 30_000_000, false) };
        return DemoScenario.Generate(new DemoInputs(now, sellers, 999, Stages, products, companies, [1, 2, 3], [1, 2, 3],
            "budget_confirmed"), seed);
    }

    private static readonly Dictionary<DateOnly, bool> Exceptions = new[] { 2025, 2026, 2027, 2028 }
        .SelectMany(y => Core.Features.Calendar.ProductionCalendars.For(y).Calendar.Exceptions())
        .ToDictionary(d => d.Date, d => d.IsWorking);

    /// <summary>A working day of the state's production calendar, read here from its exceptions.</summary>
    private static bool Working(DateOnly d) =>
        Exceptions.TryGetValue(d, out var working) ? working : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    [Theory]
    [InlineData("2027-01-11T06:30:00Z")] // the first working day of 2027, after the January holidays
    [InlineData("2026-12-06T07:07:00Z")] // a Sunday morning
    [InlineData("2026-12-07T04:30:00Z")] // a Monday before work
    [InlineData("2026-12-09T13:00:00Z")] // a Wednesday afternoon
    public void Activities_happen_in_working_hours_on_working_days_and_never_after_now(string moment)
    {
        var now = DateTime.Parse(moment, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        var outside = Generate(now).Activities
            .Where(a => a.OccurredAt > now || !Working(DateOnly.FromDateTime(a.OccurredAt))
                || a.OccurredAt.Hour < 6 || a.OccurredAt.TimeOfDay > TimeSpan.FromHours(15))
            .Select(a => a.OccurredAt).ToList();
        Assert.Empty(outside);
    }

    [Theory]
    [InlineData("2027-01-11T06:30:00Z")]
    [InlineData("2026-12-07T04:30:00Z")]
    [InlineData("2026-12-09T13:00:00Z")]
    public void Open_tasks_are_due_in_working_hours_of_working_days_as_people_set_them(string moment)
    {
        var now = DateTime.Parse(moment, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        var open = Generate(now).Tasks.Where(t => t.Status == Core.Features.Tasks.DealTaskStatus.Open).ToList();
        Assert.NotEmpty(open);
        Assert.Contains(open, t => t.DueAt < now);
        Assert.Contains(open, t => t.DueAt > now);
        Assert.Empty(open.Where(t => !Working(DateOnly.FromDateTime(t.DueAt)) || t.DueAt.Hour is < 7 or > 14 || t.DueAt.Minute % 15 != 0)
            .Select(t => t.DueAt));
    }

    [Theory]
    [InlineData("2026-11-27T12:00:00Z")]
    [InlineData("2026-12-07T11:10:00Z")] // the month's first working days are gone: the month is topped up
    [InlineData("2027-01-11T06:30:00Z")]
    public void Every_moment_is_in_utc_as_postgresql_requires(string moment)
    {
        var now = DateTime.Parse(moment, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        var demo = Generate(now);
        var moments = demo.Deals.SelectMany(d => new DateTime?[] { d.CreatedAt, d.UpdatedAt, d.StageEnteredAt, d.ClosedAt }
                .Concat(d.StageChanges.SelectMany(c => new[] { (DateTime?)c.ChangedAt, c.PreviousChangeAt, c.PreviousEntryAt })))
            .Concat(demo.Activities.Select(a => (DateTime?)a.OccurredAt))
            .Concat(demo.Tasks.SelectMany(t => new[] { (DateTime?)t.DueAt, t.CreatedAt, t.CompletedAt }))
            .OfType<DateTime>().ToList();
        Assert.NotEmpty(moments);
        Assert.All(moments, m => Assert.Equal(DateTimeKind.Utc, m.Kind));
    }

    [Fact]
    public void Same_seed_gives_the_same_company()
    {
        var a = Generate();
        var b = Generate();
        Assert.Equal(a.Deals.Select(d => (d.OwnerId, d.AmountMinor, d.StageId, d.CreatedAt)), b.Deals.Select(d => (d.OwnerId, d.AmountMinor, d.StageId, d.CreatedAt)));
        Assert.Equal(a.Activities.Count, b.Activities.Count);
    }

    [Fact]
    public void Every_deal_has_a_complete_stage_history_that_respects_required_fields()
    {
        var result = Generate();
        Assert.Equal(DemoScenario.DealCount, result.Deals.Count);
        foreach (var deal in result.Deals)
        {
            Assert.Null(deal.StageChanges[0].FromStageId);
            for (var i = 1; i < deal.StageChanges.Count; i++)
            {
                Assert.Equal(deal.StageChanges[i - 1].ToStageId, deal.StageChanges[i].FromStageId);
                Assert.True(deal.StageChanges[i].ChangedAt >= deal.StageChanges[i - 1].ChangedAt);
            }
            Assert.Equal(deal.StageId, deal.StageChanges[^1].ToStageId);
            Assert.Empty(DealFields.Missing(deal, Stages.Single(s => s.Id == deal.StageId)));
            Assert.True(deal.CreatedAt <= Now && deal.StageChanges[^1].ChangedAt <= Now);
        }
        Assert.Contains(result.Deals, d => d.StageId == 6);
        Assert.Contains(result.Deals, d => d.StageId == 7 && d.LossReasonId is not null);
        Assert.Contains(result.Deals, d => d.StageId < 6);
        Assert.Contains(result.Tasks, t => t.DueAt < Now);
        Assert.Contains(result.Tasks, t => t.AssigneeId == 999);
    }

    [Fact]
    public void The_weak_manager_loses_about_twice_the_teams_share_at_the_proposal_stage()
    {
        var result = Generate();
        double LostShareAtProposal(Func<Deal, bool> who)
        {
            var reached = result.Deals.Where(who).Where(d => d.StageChanges.Any(h => h.ToStageId == 4) && d.StageChanges[^1].ToStageId != 4).ToList();
            return reached.Count(d => d.StageChanges[^1].FromStageId == 4 && d.StageId == 7) / (double)reached.Count;
        }
        var weak = LostShareAtProposal(d => d.OwnerId == 104);
        var rest = LostShareAtProposal(d => d.OwnerId != 104);
        Assert.InRange(weak / rest, 1.6, 2.6);
    }

    [Fact]
    public void The_quiet_manager_makes_about_half_the_calls()
    {
        var calls = Generate().Activities.Where(a => a.Type == ActivityType.Call).GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.Count());
        var othersAverage = calls.Where(kv => kv.Key != 107).Average(kv => kv.Value);
        Assert.InRange(calls[107] / othersAverage, 0.35, 0.65);
    }

    [Fact]
    public void The_seasonal_product_is_sold_in_spring_and_summer_only()
    {
        var months = Generate().Deals.Where(d => d.Lines[0].ProductId == 2).Select(d => d.CreatedAt.Month).ToList();
        Assert.NotEmpty(months);
        Assert.All(months, m => Assert.InRange(m, 3, 7));
    }

    /// <summary>Every day of a year, at an hour that moves with the day: once the month's first working day is over,
    /// the month has sales, and none of them after the moment or on a day off.</summary>
    [Fact]
    public void The_month_so_far_has_won_deals_on_any_day_after_its_first_working_day()
    {
        var empty = new List<string>();
        var start = new DateTime(2026, 12, 6, 4, 55, 0, DateTimeKind.Utc);
        for (var n = 0; n < 365; n++)
        {
            var now = start.AddDays(n).AddHours(n * 7 % 24);
            var today = DateOnly.FromDateTime(now.AddHours(3));
            var first = new DateOnly(today.Year, today.Month, 1);
            var won = Generate(now).Deals.Where(d => d.StageId == 6 && DateOnly.FromDateTime(d.ClosedAt!.Value.AddHours(3)) >= first)
                .Select(d => d.ClosedAt!.Value).ToList();
            Assert.All(won, at => Assert.True(at <= now && Working(DateOnly.FromDateTime(at)), $"{at:O} at {now:O}"));
            var begun = Enumerable.Range(0, today.Day - 1).Any(i => Working(first.AddDays(i)));
            if (begun && won.Count == 0) empty.Add(now.ToString("O"));
        }
        Assert.Empty(empty);
    }
}
