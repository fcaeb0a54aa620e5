using System.Net;
using System.Net.Http.Json;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Leads;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>Speed to lead as the KPI board's indicators: the report's own figures, per person and for everyone.</summary>
public class LeadKpiTests(LeadApp app) : IClassFixture<LeadApp>
{
    [Fact]
    public async Task The_kpi_board_shows_each_persons_median_answer_and_share_within_15_minutes_as_the_report_does()
    {
        var director = await app.As("director");
        var m3 = await app.As("manager3");
        foreach (var minutes in new[] { 4, 20, 9 })
        {
            var lead = await director.PostAsJsonAsync("/api/v1/leads", new { email = $"kpi{minutes}@speed.example" })
                .Expect<LeadResponse>(HttpStatusCode.Created);
            var given = await director.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/assign", new { userId = app.UserIds["manager3"] })
                .Expect<LeadResponse>();
            app.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await m3.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/accept", new { version = given.Version }).Expect<LeadResponse>();
        }
        await director.PutJson("/api/v1/kpi/catalog", new
        {
            items = new[] { new { code = "LeadAnswerMinutes", isEnabled = true }, new { code = "LeadsAnsweredIn15", isEnabled = true } },
        }).Expect<List<KpiIndicatorResponse>>();
        var catalog = await director.GetAsync("/api/v1/kpi/catalog").Expect<List<KpiIndicatorResponse>>();
        var minutesIndicator = catalog.Single(i => i.Code == KpiCode.LeadAnswerMinutes);
        Assert.Equal((true, KpiUnit.Minutes, false), (minutesIndicator.LowerIsBetter, minutesIndicator.Unit, minutesIndicator.Cumulative));

        var (from, to) = (app.Today.AddDays(-1), app.Today);
        var board = await director.GetAsync($"/api/v1/kpi?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}").Expect<KpiBoardResponse>();
        var row = board.Rows.Single(r => r.UserId == app.UserIds["manager3"]);
        var median = row.Cells.Single(c => c.Code == KpiCode.LeadAnswerMinutes);
        var within = row.Cells.Single(c => c.Code == KpiCode.LeadsAnsweredIn15);
        // Answers after 4, 9 and 20 working minutes: the median is 9; two of three within 15 minutes.
        Assert.Equal((9m, 3), (median.Fact, median.Sample!.Value));
        Assert.Equal(66.7m, within.Fact);

        var report = await director.GetAsync($"/api/v1/reports/speed-to-lead?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}")
            .Expect<SpeedToLeadResponse>();
        var mine = report.People.Single(p => p.UserId == app.UserIds["manager3"]).Answer;
        Assert.Equal(mine.MedianMinutes, median.Fact);
        Assert.Equal(decimal.Round(mine.Under15!.Value * 100, 1), within.Fact);
        Assert.Equal(report.Answer.MedianMinutes, board.Total.Cells.Single(c => c.Code == KpiCode.LeadAnswerMinutes).Fact);
    }
}
