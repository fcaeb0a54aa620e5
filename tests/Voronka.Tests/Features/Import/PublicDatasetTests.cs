using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Features.Import;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Import;

/// <summary>
/// The independent check: a real public CRM dataset (Data/CrmSalesOpportunities) converted to the interchange format and
/// imported; Voronka's reports — won revenue by quarter, by manager and by product, the average deal, the funnel of
/// every month's new deals and their time to close — equal the figures computed from the dataset's own files.
/// </summary>
public class PublicDatasetTests(ImportApp app) : IClassFixture<ImportApp>
{
    private sealed record Opportunity(
        string Id, string Agent, string Product, string? Account, string Stage, DateOnly? Engaged, DateOnly? Closed, decimal? Value)
    {
        public bool Won => Stage == "Won";
        public bool Lost => Stage == "Lost";
    }

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Data", "CrmSalesOpportunities");

    private static List<string[]> Csv(string name) =>
        File.ReadLines(Path.Combine(Folder, name)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

    private static DateOnly? Day(string s) =>
        s.Length == 0 ? null : DateOnly.ParseExact(s, "M/d/yyyy", CultureInfo.InvariantCulture);

    private static List<Opportunity> Opportunities() => Csv("sales_pipeline.csv").Select(r => new Opportunity(
        r[0], r[1], r[2], r[3].Length == 0 ? null : r[3], r[4], Day(r[5]), Day(r[6]),
        r[7].Length == 0 ? null : decimal.Parse(r[7], CultureInfo.InvariantCulture))).ToList();

    /// <summary>The dataset in the interchange format: the deals with a date (prospecting ones have none and are left
    /// out), their companies by name, and a line of the product for every won deal. Engaging deals stand in the first
    /// stage, so the time in it is the time from engagement to the close.</summary>
    private static byte[] Convert(List<Opportunity> opportunities)
    {
        var prices = Csv("products.csv").ToDictionary(r => r[0].Replace(" ", ""), r => r[2]);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string name, IEnumerable<string> lines)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                foreach (var line in lines) w.WriteLine(line);
            }
            Write("products.csv", opportunities.Select(o => o.Product).Distinct().Order(StringComparer.Ordinal)
                .Select(p => $"{p};{prices[p.Replace(" ", "")]}").Prepend("name;price"));
            var dated = opportunities.Where(o => o.Engaged is not null).ToList();
            Write("deals.csv", dated.Select(o =>
            {
                var (stage, status) = o.Won ? ("Успешно", "won") : o.Lost ? ("Проиграно", "lost") : ("Новый лид", "open");
                return $"{o.Id};{o.Product} · {o.Account ?? "—"};{stage};{o.Agent};{o.Account};{o.Value}"
                    + $";{o.Engaged:yyyy-MM-dd} 12:00;{(o.Closed is { } c ? $"{c:yyyy-MM-dd} 12:00" : "")};{status}";
            }).Prepend("external_id;title;stage;owner;company;amount;created_at;closed_at;status"));
            Write("deal_lines.csv", dated.Where(o => o.Won).Select(o => $"{o.Id};{o.Product};1;{o.Value}")
                .Prepend("deal;product;quantity;price"));
        }
        return buffer.ToArray();
    }

    private async Task PeopleAsync()
    {
        var people = app.Services.GetRequiredService<PeopleService>();
        var director = app.ActorOf("director");
        var teams = new Dictionary<string, int>();
        foreach (var r in Csv("sales_teams.csv"))
        {
            if (!teams.TryGetValue(r[2], out var team))
                teams[r[2]] = team = (await people.CreateTeamAsync(director, new TeamRequest(r[2]))).Id;
            var login = r[0].ToLowerInvariant().Replace(' ', '.');
            await people.CreateUserAsync(director, new CreateUserRequest(login, r[0], VoronkaApp.Password, UserRole.Manager, TeamId: team));
        }
    }

    private static DateOnly Quarter(DateOnly d) => new(d.Year, (d.Month - 1) / 3 * 3 + 1, 1);

    private static decimal Days(IEnumerable<Opportunity> closed)
    {
        var list = closed.ToList();
        var seconds = list.Sum(o => (double)(o.Closed!.Value.DayNumber - o.Engaged!.Value.DayNumber) * 86400);
        return decimal.Round((decimal)(seconds / list.Count / 86400d), 2, MidpointRounding.AwayFromZero);
    }

    [Fact]
    public async Task The_public_dataset_converted_and_imported_reads_in_the_reports_as_computed_from_its_files()
    {
        var all = Opportunities();
        // The dataset's own totals: the files are read as everyone reads them.
        Assert.Equal(8800, all.Count);
        Assert.Equal((4238, 10_005_534m, 2473, 1589, 500), (all.Count(o => o.Won), all.Where(o => o.Won).Sum(o => o.Value!.Value),
            all.Count(o => o.Lost), all.Count(o => o.Stage == "Engaging"), all.Count(o => o.Stage == "Prospecting")));

        await PeopleAsync();
        var c = await app.As("director");
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, Convert(all), "crm.zip")).Id, ImportStatus.Checked);
        Assert.Equal(0, batch.ErrorCount);
        Assert.Equal(8300, batch.Report!.Tables.Single(t => t.Table == "deals").Create);
        Assert.Contains(batch.Report.Notes, n => n.Kind == ImportNote.LostWithoutReason && n.Count == 2473);
        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.Committed, (await ImportApiTests.Until(c, batch.Id, ImportStatus.Committed)).Status);

        var won = all.Where(o => o.Won).ToList();
        const string period = "from=2016-10-01&to=2017-12-31";
        // Won revenue and deals by quarter of the close, and the average deal.
        var byQuarter = await c.GetAsync($"/api/v1/plans/average-deal?by=quarter&{period}").Expect<AverageDealReport>();
        Assert.Equal(
            won.GroupBy(o => Quarter(o.Closed!.Value)).OrderBy(g => g.Key).Select(g => (g.Key, g.Count(), g.Sum(o => o.Value!.Value))),
            byQuarter.Rows.Where(r => r.Won > 0).OrderBy(r => r.PeriodStart).Select(r => (r.PeriodStart!.Value, r.Won, r.Sum)));
        Assert.Equal((4238, 10_005_534m), (byQuarter.Total.Won, byQuarter.Total.Sum));
        Assert.Equal(decimal.Round(10_005_534m / 4238, 2), decimal.Round(byQuarter.Total.Average, 2));
        // By manager and by product.
        var byManager = await c.GetAsync($"/api/v1/plans/average-deal?by=manager&{period}").Expect<AverageDealReport>();
        Assert.Equal(
            won.GroupBy(o => o.Agent).Select(g => (g.Key, g.Count(), g.Sum(o => o.Value!.Value))).Order(),
            byManager.Rows.Where(r => r.Won > 0).Select(r => (r.Name, r.Won, r.Sum)).Order());
        var byProduct = await c.GetAsync($"/api/v1/plans/average-deal?by=product&{period}").Expect<AverageDealReport>();
        Assert.Equal(
            won.GroupBy(o => o.Product).Select(g => (g.Key, g.Count(), g.Sum(o => o.Value!.Value))).Order(),
            byProduct.Rows.Where(r => r.Won > 0).Select(r => (r.Name, r.Won, r.Sum)).Order());

        // The KPI board of a past month: each manager's won revenue, won deals and win rate as closed in that month.
        var june = all.Where(o => o.Closed is { Year: 2017, Month: 6 }).ToList();
        var board = await c.GetAsync("/api/v1/kpi?from=2017-06-01&to=2017-06-30").Expect<KpiBoardResponse>();
        decimal Fact(KpiRow row, KpiCode code) => row.Cells.Single(x => x.Code == code).Fact;
        Assert.Equal(
            june.GroupBy(o => o.Agent).Select(g => (g.Key, g.Where(o => o.Won).Sum(o => o.Value!.Value), g.Count(o => o.Won),
                decimal.Round(100m * g.Count(o => o.Won) / g.Count(), 1))).Order(),
            board.Rows.Where(r => Fact(r, KpiCode.WonDeals) + Fact(r, KpiCode.WinRate) > 0)
                .Select(r => (r.Name, Fact(r, KpiCode.Revenue), (int)Fact(r, KpiCode.WonDeals),
                    decimal.Round(Fact(r, KpiCode.WinRate), 1))).Order());

        // Every month's new deals: how many, how many won and for how much, lost, still open, and the days to close.
        var dated = all.Where(o => o.Engaged is not null).ToList();
        for (var month = new DateOnly(2016, 10, 1); month <= new DateOnly(2017, 12, 1); month = month.AddMonths(1))
        {
            var cohort = dated.Where(o => o.Engaged!.Value.Year == month.Year && o.Engaged.Value.Month == month.Month).ToList();
            var to = month.AddMonths(1).AddDays(-1);
            var funnel = await c.GetAsync($"/api/v1/reports/funnel?view=cohort&from={month:yyyy-MM-dd}&to={to:yyyy-MM-dd}")
                .Expect<FunnelReport>();
            var closed = cohort.Where(o => o.Closed is not null).ToList();
            Assert.Equal(
                (month, cohort.Count, cohort.Count(o => o.Won), cohort.Where(o => o.Won).Sum(o => o.Value!.Value),
                    cohort.Count(o => o.Lost), cohort.Count(o => o.Stage == "Engaging"), closed.Count,
                    closed.Count == 0 ? (decimal?)null : Days(closed)),
                (month, funnel.Deals, funnel.Won.Deals, funnel.Won.Amount, funnel.Lost.Deals, funnel.Open.Deals, funnel.Stages[0].Stays,
                    funnel.Stages[0].AverageDays));
        }
    }
}
