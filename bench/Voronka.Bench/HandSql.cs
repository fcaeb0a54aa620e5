using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Voronka.Core.Data;

namespace Voronka.Bench;

/// <summary>One stage of a funnel as both sides report it, amounts in minor units, times in days (2 decimals).</summary>
public sealed record StageFigures(int StageId, int Deals, long Amount, int Lost, long LostAmount, int Stays, decimal? AverageDays, decimal? MedianDays);

public sealed record FunnelFigures(int Deals, long Amount, IReadOnlyList<StageFigures> Stages, (int, long) Won, (int, long) Lost, (int, long) Open);

public sealed record WindowFigures(string Window, int Calls, decimal TalkMinutes, int Meetings, int Proposals, int Presales, int NewDeals);

public sealed record DashboardFigures(
    IReadOnlyList<(string Kind, long Won, int Count, long? Target)> Goals, (int Count, long Amount, long Weighted) Funnel,
    IReadOnlyList<(int UserId, int Won, long Revenue)> Sales, IReadOnlyList<WindowFigures> Activity, IReadOnlyList<(int DealId, decimal Score)> HotLeads,
    (int Overdue, int WithoutTask, int Rotting) Attention);

/// <summary>Dates of one dashboard computation: the organisation's today and the instants its windows start and end.</summary>
public sealed record DashboardClock(
    DateTime Now, DateOnly YearStart, DateOnly QuarterStart, DateOnly MonthStart, DateOnly MonthEnd,
    DateTime Year0, DateTime Year1, DateTime Quarter0, DateTime Quarter1, DateTime Month0, DateTime Month1, DateTime Week0, DateTime Week1, DateTime Day0, DateTime Day1,
    DateOnly Today, DateOnly WeekStart, DateOnly WeekEnd, DateOnly QuarterEnd, DateOnly YearEnd, TimeZoneInfo Zone);

/// <summary>
/// The reports' aggregates written by hand in SQL, as one would tune them for each database: a few statements, each
/// reading the rows once, with the database's own median (PostgreSQL) or a window function (SQLite). The benchmark
/// times them next to the services and checks that both give the same figures.
/// </summary>
public sealed class HandSql(DatabaseProvider provider, string connectionString)
{
    private bool Pg => provider == DatabaseProvider.Postgres;

    private DbConnection Connection() => Pg ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    private static async Task<List<object?[]>> QueryAsync(DbConnection c, string sql, params (string Name, object? Value)[] ps)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        foreach (var (name, value) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        var rows = new List<object?[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static int I(object? v) => v is null ? 0 : Convert.ToInt32(v);
    private static long L(object? v) => v is null ? 0 : Convert.ToInt64(v);
    private static double D(object? v) => v is null ? 0 : Convert.ToDouble(v);

    private static decimal Days(double seconds) => decimal.Round((decimal)(seconds / 86400d), 2, MidpointRounding.AwayFromZero);

    private async Task<List<(int Id, int Position, string Kind)>> StagesAsync(DbConnection c, int pipelineId) =>
        (await QueryAsync(c, """SELECT "Id", "Position", "Kind" FROM "Stages" WHERE "PipelineId" = @p ORDER BY "Position" """, ("p", pipelineId)))
        .Select(r => (I(r[0]), I(r[1]), (string)r[2]!)).ToList();

    /// <summary>The deals of some owners only (a senior's team): the kept days are of the whole company, so only over the rows.</summary>
    private static string OwnedBy(IReadOnlyCollection<int>? owners, bool kept) =>
        owners is null ? "" : kept ? throw new ArgumentException("The kept days are of the whole company.") : $""" AND d."OwnerId" IN ({string.Join(", ", owners)})""";

    /// <summary>Count, average and median of the ended stays per stage the stays were in.</summary>
    private string StaysSql(string from, string where) => Pg
        ? $"""
           SELECT c."FromStageId", COUNT(*), AVG(c."SecondsInFromStage"::float8), percentile_cont(0.5) WITHIN GROUP (ORDER BY c."SecondsInFromStage")
           FROM {from} WHERE c."SecondsInFromStage" IS NOT NULL AND c."FromStageId" IS NOT NULL AND {where}
           GROUP BY c."FromStageId"
           """
        : $"""
           WITH x AS (
             SELECT c."FromStageId" AS f, c."SecondsInFromStage" AS s,
                    ROW_NUMBER() OVER (PARTITION BY c."FromStageId" ORDER BY c."SecondsInFromStage") AS rn,
                    COUNT(*) OVER (PARTITION BY c."FromStageId") AS n
             FROM {from} WHERE c."SecondsInFromStage" IS NOT NULL AND c."FromStageId" IS NOT NULL AND {where})
           SELECT f, MAX(n), AVG(CAST(s AS REAL)), AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN CAST(s AS REAL) END)
           FROM x GROUP BY f
           """;

    /// <summary>Count, average and median of the ended stays per stage from the kept days: the histogram by whole days
    /// of length, then the value at each middle rank, read from the rows of the one bucket it falls in.</summary>
    private static async Task<List<object?[]>> KeptStaysAsync(DbConnection c, int pipelineId, string view, DateOnly first, DateOnly last,
        string from, string where, (string, object?)[] ps)
    {
        var histogram = await QueryAsync(c, """
            SELECT "StageId", "Length", SUM("Count"), SUM("Seconds") FROM "StayDays"
            WHERE "PipelineId" = @p AND "View" = @v AND "Day" >= @d0 AND "Day" <= @d1
            GROUP BY "StageId", "Length"
            """, ("p", pipelineId), ("v", view), ("d0", first), ("d1", last));
        // Where each stage's middle falls, then the values of all those buckets in one statement, sorted here.
        var stages = histogram.GroupBy(h => I(h[0])).Select(g => (Stage: g.Key, Count: g.Sum(h => L(h[2])), Seconds: g.Sum(h => L(h[3])),
            Middle: Voronka.Core.Features.Reports.BucketMedian.Locate(g.Select(h => (L(h[1]), L(h[2])))))).ToList();
        var ranges = stages.SelectMany(x => x.Middle.Select(m => (x.Stage, m.Bucket))).Distinct().ToList();
        var values = ranges.Count == 0 ? [] : await QueryAsync(c, $"""
            SELECT c."FromStageId", c."SecondsInFromStage" FROM {from}
            WHERE {where} AND c."SecondsInFromStage" IS NOT NULL AND ({string.Join(" OR ", ranges.Select((r, i) =>
                $"""(c."FromStageId" = {r.Stage} AND c."SecondsInFromStage" >= {r.Bucket * 86400} AND c."SecondsInFromStage" < {(r.Bucket + 1) * 86400})"""))})
            """, ps);
        var result = new List<object?[]>();
        foreach (var x in stages)
        {
            var median = x.Middle.Average(m => values.Where(v => I(v[0]) == x.Stage && L(v[1]) / 86400 == m.Bucket).Select(v => L(v[1])).Order().ElementAt((int)m.Rank));
            result.Add([x.Stage, x.Count, x.Seconds / (double)x.Count, median]);
        }
        return result;
    }

    private static List<StageFigures> Stages(List<(int Id, int Position, string Kind)> stages, int[] reached, long[] amounts, int[] lost, long[] lostAmounts, List<object?[]> stays) =>
        stages.Where(s => s.Kind == "Open").Select((s, i) =>
        {
            var t = stays.FirstOrDefault(r => I(r[0]) == s.Id);
            return new StageFigures(s.Id, reached[i], amounts[i], lost[i], lostAmounts[i], t is null ? 0 : I(t[1]),
                t is null ? null : Days(D(t[2])), t is null ? null : Days(D(t[3])));
        }).ToList();

    /// <summary>The cohort funnel. <paramref name="kept"/>: each deal's furthest stage from its kept column, as the
    /// service reads it; otherwise from its stage history.</summary>
    public async Task<FunnelFigures> CohortAsync(int pipelineId, DateOnly first, DateOnly last, DateTime start, DateTime end, bool kept, IReadOnlyCollection<int>? owners = null)
    {
        await using var c = Connection();
        await c.OpenAsync();
        var stages = await StagesAsync(c, pipelineId);
        var open = stages.Where(s => s.Kind == "Open").ToList();
        var cohort = """d."DeletedAt" IS NULL AND d."PipelineId" = @p AND d."CreatedAt" >= @from AND d."CreatedAt" < @to""" + OwnedBy(owners, kept);
        var rows = kept
            ? await QueryAsync(c, """
                SELECT CASE WHEN "Furthest" < 0 THEN NULL ELSE "Furthest" END, "Kind", SUM("Count"), SUM("AmountMinor")
                FROM "CohortDays" WHERE "PipelineId" = @p AND "Day" >= @d0 AND "Day" <= @d1
                GROUP BY 1, 2
                """, ("p", pipelineId), ("d0", first), ("d1", last))
            : await QueryAsync(c, $"""
                SELECT (SELECT MAX(s."Position") FROM "DealStageChanges" c JOIN "Stages" s ON s."Id" = c."ToStageId"
                        WHERE c."DealId" = d."Id" AND s."Kind" = 'Open' AND s."PipelineId" = @p) AS reached,
                       st."Kind", COUNT(*), SUM(d."AmountMinor")
                FROM "Deals" d JOIN "Stages" st ON st."Id" = d."StageId"
                WHERE {cohort}
                GROUP BY 1, 2
                """, ("p", pipelineId), ("from", start), ("to", end));
        var reached = new int[open.Count];
        var amounts = new long[open.Count];
        var lost = new int[open.Count];
        var lostAmounts = new long[open.Count];
        foreach (var r in rows)
        {
            var kind = (string)r[1]!;
            for (var i = 0; i < open.Count; i++)
                if (kind == "Won" || (r[0] is not null && I(r[0]) >= open[i].Position)) { reached[i] += I(r[2]); amounts[i] += L(r[3]); }
            if (kind == "Lost" && r[0] is not null && open.FindIndex(s => s.Position == I(r[0])) is var k and >= 0) { lost[k] += I(r[2]); lostAmounts[k] += L(r[3]); }
        }
        const string history = """
            "DealStageChanges" c JOIN "Deals" d ON d."Id" = c."DealId"
            """;
        (string, object?)[] ps = [("p", pipelineId), ("from", start), ("to", end)];
        var stays = kept
            ? await KeptStaysAsync(c, pipelineId, "Cohort", first, last, history, cohort + """ AND c."ChangedAt" >= @from""", ps)
            : await QueryAsync(c, StaysSql(history, cohort), ps);
        (int, long) Sum(string kind) => (rows.Where(r => (string)r[1]! == kind).Sum(r => I(r[2])), rows.Where(r => (string)r[1]! == kind).Sum(r => L(r[3])));
        return new FunnelFigures(rows.Sum(r => I(r[2])), rows.Sum(r => L(r[3])), Stages(stages, reached, amounts, lost, lostAmounts, stays), Sum("Won"), Sum("Lost"), Sum("Open"));
    }

    /// <summary>The flow funnel. <paramref name="kept"/>: first entries and first moves told apart by the kept previous
    /// entry and previous change of each move, as the service does; otherwise by DISTINCT over the period's moves.</summary>
    public async Task<FunnelFigures> FlowAsync(int pipelineId, DateOnly first, DateOnly last, DateTime start, DateTime end, bool kept, IReadOnlyCollection<int>? owners = null)
    {
        await using var c = Connection();
        await c.OpenAsync();
        var stages = await StagesAsync(c, pipelineId);
        var open = stages.Where(s => s.Kind == "Open").ToList();
        const string moves = """
            "DealStageChanges" c JOIN "Deals" d ON d."Id" = c."DealId"
            """;
        var inPeriod = """c."ChangedAt" >= @from AND c."ChangedAt" < @to AND d."DeletedAt" IS NULL AND d."PipelineId" = @p""" + OwnedBy(owners, kept);
        (string, object?)[] ps = [("p", pipelineId), ("from", start), ("to", end)];
        // Entries per stage (each deal once per stage), the losses by the stage left, and the deals touched, in one reading.
        var rows = kept
            ? await QueryAsync(c, """
                SELECT 'entry', "StageId", SUM(CASE WHEN "Since" < @d0 THEN "Count" ELSE 0 END), SUM(CASE WHEN "Since" < @d0 THEN "AmountMinor" ELSE 0 END)
                FROM "FlowDays" WHERE "PipelineId" = @p AND "Day" >= @d0 AND "Day" <= @d1 AND "Figure" = 'Entry' GROUP BY "StageId"
                UNION ALL
                SELECT 'lost', "StageId", SUM("Count"), SUM("AmountMinor")
                FROM "FlowDays" WHERE "PipelineId" = @p AND "Day" >= @d0 AND "Day" <= @d1 AND "Figure" = 'Loss' GROUP BY "StageId"
                UNION ALL
                SELECT 'touched', 0, COALESCE(SUM(CASE WHEN "Since" < @d0 THEN "Count" ELSE 0 END), 0), COALESCE(SUM(CASE WHEN "Since" < @d0 THEN "AmountMinor" ELSE 0 END), 0)
                FROM "FlowDays" WHERE "PipelineId" = @p AND "Day" >= @d0 AND "Day" <= @d1 AND "Figure" = 'Move'
                """, ("p", pipelineId), ("d0", first), ("d1", last))
            : await QueryAsync(c, $"""
                WITH m AS (SELECT c."DealId", c."FromStageId", c."ToStageId", d."AmountMinor", d."LossReasonId" FROM {moves} WHERE {inPeriod}),
                     e AS (SELECT DISTINCT "DealId", "ToStageId", "AmountMinor" FROM m),
                     t AS (SELECT DISTINCT "DealId", "AmountMinor" FROM m)
                SELECT 'entry', "ToStageId", COUNT(*), SUM("AmountMinor") FROM e GROUP BY "ToStageId"
                UNION ALL
                SELECT 'lost', m."FromStageId", COUNT(*), SUM(m."AmountMinor") FROM m JOIN "Stages" s ON s."Id" = m."ToStageId" AND s."Kind" = 'Lost' GROUP BY m."FromStageId"
                UNION ALL
                SELECT 'touched', 0, COUNT(*), SUM("AmountMinor") FROM t
                """, ps);
        var reached = new int[open.Count];
        var amounts = new long[open.Count];
        var lost = new int[open.Count];
        var lostAmounts = new long[open.Count];
        for (var i = 0; i < open.Count; i++)
            if (rows.FirstOrDefault(r => (string)r[0]! == "entry" && I(r[1]) == open[i].Id) is { } e) { reached[i] = I(e[2]); amounts[i] = L(e[3]); }
        foreach (var r in rows.Where(r => (string)r[0]! == "lost"))
            if (open.FindIndex(s => s.Id == I(r[1])) is var k and >= 0) { lost[k] += I(r[2]); lostAmounts[k] += L(r[3]); }
        var stays = kept ? await KeptStaysAsync(c, pipelineId, "Flow", first, last, moves, inPeriod, ps) : await QueryAsync(c, StaysSql(moves, inPeriod), ps);
        (int, long) Entered(string kind)
        {
            var ids = stages.Where(s => s.Kind == kind).Select(s => s.Id).ToHashSet();
            var xs = rows.Where(r => (string)r[0]! == "entry" && ids.Contains(I(r[1]))).ToList();
            return (xs.Sum(r => I(r[2])), xs.Sum(r => L(r[3])));
        }
        var touched = rows.First(r => (string)r[0]! == "touched");
        return new FunnelFigures(I(touched[2]), L(touched[3]), Stages(stages, reached, amounts, lost, lostAmounts, stays), Entered("Won"), Entered("Lost"), (0, 0));
    }

    /// <summary>The dashboard's figures. <paramref name="kept"/>: from the kept figures as the service reads them
    /// (daily sales and activities, each deal's latest activities); otherwise from the raw rows alone.</summary>
    public async Task<DashboardFigures> DashboardAsync(DashboardClock k, bool kept)
    {
        DateTime StartOfDay(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), k.Zone);
        await using var c = Connection();
        await c.OpenAsync();
        var now = k.Now;
        var sellers = (await QueryAsync(c, """SELECT "Id" FROM "AspNetUsers" WHERE "IsActive" AND "Role" IN ('Manager', 'Senior')"""))
            .Select(r => I(r[0])).ToList();
        var sellerList = string.Join(", ", sellers);

        // Won revenue of the year, the quarter and the month in one reading: of the kept daily sales, or of the year's closed deals.
        var won = (kept
            ? await QueryAsync(c, """
                SELECT SUM("AmountMinor"), SUM("Count"),
                       SUM(CASE WHEN "Day" >= @q0 AND "Day" <= @q1 THEN "AmountMinor" ELSE 0 END), SUM(CASE WHEN "Day" >= @q0 AND "Day" <= @q1 THEN "Count" ELSE 0 END),
                       SUM(CASE WHEN "Day" >= @m0 AND "Day" <= @m1 THEN "AmountMinor" ELSE 0 END), SUM(CASE WHEN "Day" >= @m0 AND "Day" <= @m1 THEN "Count" ELSE 0 END)
                FROM "SalesDays" WHERE "Day" >= @y0 AND "Day" <= @y1
                """, ("y0", k.YearStart), ("y1", k.YearEnd), ("q0", k.QuarterStart), ("q1", k.QuarterEnd), ("m0", k.MonthStart), ("m1", k.MonthEnd))
            : await QueryAsync(c, """
                SELECT SUM(d."AmountMinor"), COUNT(*),
                       SUM(CASE WHEN d."ClosedAt" >= @q0 AND d."ClosedAt" < @q1 THEN d."AmountMinor" ELSE 0 END), SUM(CASE WHEN d."ClosedAt" >= @q0 AND d."ClosedAt" < @q1 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN d."ClosedAt" >= @m0 AND d."ClosedAt" < @m1 THEN d."AmountMinor" ELSE 0 END), SUM(CASE WHEN d."ClosedAt" >= @m0 AND d."ClosedAt" < @m1 THEN 1 ELSE 0 END)
                FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Won'
                WHERE d."DeletedAt" IS NULL AND d."ClosedAt" >= @y0 AND d."ClosedAt" < @y1
                """, ("y0", k.Year0), ("y1", k.Year1), ("q0", k.Quarter0), ("q1", k.Quarter1), ("m0", k.Month0), ("m1", k.Month1)))[0];
        var targets = await QueryAsync(c, """
            SELECT "PeriodKind", "TargetMinor" FROM "Goals" WHERE "SubjectKey" = 'org' AND (("PeriodKind" = 'Year' AND "PeriodStart" = @y) OR ("PeriodKind" = 'Quarter' AND "PeriodStart" = @q) OR ("PeriodKind" = 'Month' AND "PeriodStart" = @m))
            """, ("y", k.YearStart), ("q", k.QuarterStart), ("m", k.MonthStart));
        long? Target(string kind) => targets.FirstOrDefault(t => (string)t[0]! == kind) is { } t ? L(t[1]) : null;
        var goals = new List<(string, long, int, long?)>
        {
            ("Year", L(won[0]), I(won[1]), Target("Year")), ("Quarter", L(won[2]), I(won[3]), Target("Quarter")), ("Month", L(won[4]), I(won[5]), Target("Month")),
        };

        var funnel = (await QueryAsync(c, """
            SELECT COUNT(*), SUM(d."AmountMinor"), SUM(d."AmountMinor" * s."Probability")
            FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Open'
            WHERE d."DeletedAt" IS NULL AND d."ClosedAt" IS NULL
            """))[0];

        var sales = (kept
            ? await QueryAsync(c, $"""
                SELECT "OwnerId", SUM("Count"), SUM("AmountMinor") FROM "SalesDays"
                WHERE "Day" >= @m0 AND "Day" <= @m1 AND "OwnerId" IN ({sellerList})
                GROUP BY "OwnerId"
                """, ("m0", k.MonthStart), ("m1", k.MonthEnd))
            : await QueryAsync(c, $"""
                SELECT d."OwnerId", COUNT(*), SUM(d."AmountMinor") FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Won'
                WHERE d."DeletedAt" IS NULL AND d."ClosedAt" >= @m0 AND d."ClosedAt" < @m1 AND d."OwnerId" IN ({sellerList})
                GROUP BY d."OwnerId"
                """, ("m0", k.Month0), ("m1", k.Month1))).Select(r => (I(r[0]), I(r[1]), L(r[2]))).ToList();
        await QueryAsync(c, $"""
            SELECT "UserId", "TargetMinor" FROM "Goals" WHERE "PeriodKind" = 'Month' AND "PeriodStart" = @m AND "UserId" IN ({sellerList})
            """, ("m", k.MonthStart));

        // Today, this week and this month in one reading of the activities of the weeks and month around today.
        var from = k.Week0 < k.Month0 ? k.Week0 : k.Month0;
        var to = k.Week1 > k.Month1 ? k.Week1 : k.Month1;
        var first = k.WeekStart < k.MonthStart ? k.WeekStart : k.MonthStart;
        var last = k.WeekEnd > k.MonthEnd ? k.WeekEnd : k.MonthEnd;
        var acts = kept
            ? await QueryAsync(c, $"""
                SELECT "UserId", "Type",
                       SUM(CASE WHEN "Day" = @d THEN "Count" ELSE 0 END), SUM(CASE WHEN "Day" = @d THEN "Seconds" ELSE 0 END),
                       SUM(CASE WHEN "Day" >= @w0 AND "Day" <= @w1 THEN "Count" ELSE 0 END), SUM(CASE WHEN "Day" >= @w0 AND "Day" <= @w1 THEN "Seconds" ELSE 0 END),
                       SUM(CASE WHEN "Day" >= @m0 AND "Day" <= @m1 THEN "Count" ELSE 0 END), SUM(CASE WHEN "Day" >= @m0 AND "Day" <= @m1 THEN "Seconds" ELSE 0 END)
                FROM "ActivityDays"
                WHERE "Day" >= @f AND "Day" <= @t AND "Type" IN ('Call', 'Meeting', 'Proposal', 'Presale') AND "UserId" IN ({sellerList})
                GROUP BY "UserId", "Type"
                """, ("d", k.Today), ("w0", k.WeekStart), ("w1", k.WeekEnd), ("m0", k.MonthStart), ("m1", k.MonthEnd), ("f", first), ("t", last))
            : await QueryAsync(c, $"""
                SELECT a."UserId", a."Type",
                       SUM(CASE WHEN a."OccurredAt" >= @d0 AND a."OccurredAt" < @d1 THEN 1 ELSE 0 END), SUM(CASE WHEN a."OccurredAt" >= @d0 AND a."OccurredAt" < @d1 THEN COALESCE(a."DurationSeconds", 0) ELSE 0 END),
                       SUM(CASE WHEN a."OccurredAt" >= @w0 AND a."OccurredAt" < @w1 THEN 1 ELSE 0 END), SUM(CASE WHEN a."OccurredAt" >= @w0 AND a."OccurredAt" < @w1 THEN COALESCE(a."DurationSeconds", 0) ELSE 0 END),
                       SUM(CASE WHEN a."OccurredAt" >= @m0 AND a."OccurredAt" < @m1 THEN 1 ELSE 0 END), SUM(CASE WHEN a."OccurredAt" >= @m0 AND a."OccurredAt" < @m1 THEN COALESCE(a."DurationSeconds", 0) ELSE 0 END)
                FROM "Activities" a
                WHERE a."OccurredAt" >= @f AND a."OccurredAt" < @t AND a."Type" IN ('Call', 'Meeting', 'Proposal', 'Presale') AND a."UserId" IN ({sellerList})
                GROUP BY a."UserId", a."Type"
                """, ("d0", k.Day0), ("d1", k.Day1), ("w0", k.Week0), ("w1", k.Week1), ("m0", k.Month0), ("m1", k.Month1), ("f", from), ("t", to));
        var created = (await QueryAsync(c, $"""
            SELECT SUM(CASE WHEN d."CreatedAt" >= @d0 AND d."CreatedAt" < @d1 THEN 1 ELSE 0 END), SUM(CASE WHEN d."CreatedAt" >= @w0 AND d."CreatedAt" < @w1 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN d."CreatedAt" >= @m0 AND d."CreatedAt" < @m1 THEN 1 ELSE 0 END)
            FROM "Deals" d WHERE d."DeletedAt" IS NULL AND d."CreatedAt" >= @f AND d."CreatedAt" < @t AND d."OwnerId" IN ({sellerList})
            """, ("d0", k.Day0), ("d1", k.Day1), ("w0", k.Week0), ("w1", k.Week1), ("m0", k.Month0), ("m1", k.Month1), ("f", from), ("t", to)))[0];
        await QueryAsync(c, $"""
            SELECT "Code", SUM("Value") FROM "KpiPlans" WHERE "PeriodStart" = @s AND "PeriodEnd" = @e AND "UserId" IN ({sellerList}) GROUP BY "Code"
            """, ("s", k.MonthStart), ("e", k.MonthEnd));
        var windows = new[] { "today", "week", "month" }.Select((w, i) =>
        {
            int Count(string type) => acts.Where(a => (string)a[1]! == type).Sum(a => I(a[2 + 2 * i]));
            // Talk time is rounded per person, as the activity report shows it.
            var talk = acts.Where(a => (string)a[1]! == "Call").Sum(a => decimal.Round(L(a[3 + 2 * i]) / 60m, 1));
            return new WindowFigures(w, Count("Call"), talk, Count("Meeting"), Count("Proposal"), Count("Presale"), I(created[i]));
        }).ToList();

        // Hot leads: the score computed in the database for every open deal, from the activities of the last 30 days.
        var rotting = await QueryAsync(c, """SELECT "Id", "RottingDays" FROM "Stages" WHERE "Kind" = 'Open' AND "RottingDays" IS NOT NULL""");
        var rotCase = rotting.Count == 0 ? "NULL" : "CASE d.\"StageId\" " + string.Concat(rotting.Select(r => $"WHEN {I(r[0])} THEN @rot{I(r[0])} ")) + "END";
        var rotParams = rotting.Select(r => ($"rot{I(r[0])}", (object?)now.AddDays(-I(r[1])))).ToArray();
        // The average won deal of the last year: the kept daily sales of its whole days and the deals of the part-days at
        // either end, or the deals of the whole year.
        var yearAgo = now.AddYears(-1);
        var firstWhole = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(yearAgo, k.Zone));
        if (StartOfDay(firstWhole) < yearAgo) firstWhole = firstWhole.AddDays(1);
        var avg = (kept
            ? await QueryAsync(c, """
                SELECT SUM(x.s), SUM(x.n) FROM (
                  SELECT SUM("AmountMinor") AS s, SUM("Count") AS n FROM "SalesDays" WHERE "Day" >= @first AND "Day" < @today
                  UNION ALL
                  SELECT SUM(d."AmountMinor"), COUNT(*) FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Won'
                  WHERE d."DeletedAt" IS NULL AND ((d."ClosedAt" >= @f AND d."ClosedAt" < @f1) OR (d."ClosedAt" >= @t0 AND d."ClosedAt" < @t))) x
                """, ("first", firstWhole), ("today", k.Today), ("f", yearAgo), ("f1", StartOfDay(firstWhole)), ("t0", k.Day0), ("t", now.AddTicks(1)))
            : await QueryAsync(c, """
                SELECT SUM(d."AmountMinor"), COUNT(*) FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Won'
                WHERE d."DeletedAt" IS NULL AND d."ClosedAt" >= @f AND d."ClosedAt" < @t
                """, ("f", yearAgo), ("t", now.AddTicks(1))))[0];
        var average = I(avg[1]) == 0 ? 0 : L(avg[0]) / I(avg[1]);
        var least = Pg ? "LEAST" : "MIN";
        var greatest = Pg ? "GREATEST" : "MAX";
        var real = Pg ? "numeric" : "REAL";
        // Each open deal's activity counts: from its kept latest activities, or from its activities of the last 30 days.
        var recentActivity = kept
            ? """
              a AS (
                SELECT f."DealId",
                       (CASE WHEN f."Latest1" >= @d14 THEN 1 ELSE 0 END) + (CASE WHEN f."Latest2" >= @d14 THEN 1 ELSE 0 END) + (CASE WHEN f."Latest3" >= @d14 THEN 1 ELSE 0 END)
                       + (CASE WHEN f."Latest4" >= @d14 THEN 1 ELSE 0 END) + (CASE WHEN f."Latest5" >= @d14 THEN 1 ELSE 0 END) AS recent,
                       (CASE WHEN f."Engaged1" >= @d30 THEN 1 ELSE 0 END) + (CASE WHEN f."Engaged2" >= @d30 THEN 1 ELSE 0 END) AS engaged,
                       f."Latest1" AS last
                FROM "DealActivityFacts" f WHERE f."Latest1" >= @d30)
              """
            : """
              a AS (
                SELECT a."DealId",
                       SUM(CASE WHEN a."OccurredAt" >= @d14 THEN 1 ELSE 0 END) AS recent,
                       SUM(CASE WHEN a."Type" = 'Meeting' OR (a."Type" = 'Call' AND a."Direction" = 'Incoming') THEN 1 ELSE 0 END) AS engaged,
                       MAX(a."OccurredAt") AS last
                FROM "Deals" o JOIN "Activities" a ON a."DealId" = o."Id" AND a."OccurredAt" >= @d30
                WHERE o."DeletedAt" IS NULL AND o."ClosedAt" IS NULL
                GROUP BY a."DealId")
              """;
        var hot = await QueryAsync(c, $"""
            WITH {recentActivity}
            SELECT d."Id", {greatest}(0,
                     ROUND(CAST(s."Probability" * 0.35 AS {real}), 1)
                   + (CASE WHEN @avg <= 0 THEN 0 ELSE ROUND(CAST({least}(1.0, d."AmountMinor" / (2.0 * @avg)) * 20 AS {real}), 1) END)
                   + ROUND(CAST({least}(1.0, COALESCE(a.recent, 0) / 5.0) * 20 AS {real}), 1)
                   + (CASE WHEN a.last > @r4 THEN 15 WHEN a.last > @r8 THEN 10 WHEN a.last > @r15 THEN 5 ELSE 0 END)
                   + ROUND(CAST({least}(1.0, COALESCE(a.engaged, 0) / 2.0) * 10 AS {real}), 1)
                   - (CASE WHEN d."StageEnteredAt" < {rotCase} THEN 10 ELSE 0 END)) AS score
            FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Open'
            LEFT JOIN a ON a."DealId" = d."Id"
            WHERE d."DeletedAt" IS NULL AND d."ClosedAt" IS NULL
            ORDER BY score DESC, d."AmountMinor" DESC, d."Id"
            LIMIT 10
            """, [("d14", now.AddDays(-14)), ("d30", now.AddDays(-30)), ("now", now), ("avg", average), ("r4", now.AddDays(-4)), ("r8", now.AddDays(-8)), ("r15", now.AddDays(-15)), .. rotParams]);

        var overdue = (await QueryAsync(c, """SELECT COUNT(*) FROM "DealTasks" WHERE "Status" = 'Open' AND "DueAt" < @now""", ("now", now)))[0];
        var attention = (await QueryAsync(c, $"""
            SELECT SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM "DealTasks" t WHERE t."DealId" = d."Id" AND t."Status" = 'Open') THEN 1 ELSE 0 END),
                   SUM(CASE WHEN d."StageEnteredAt" < {rotCase} THEN 1 ELSE 0 END)
            FROM "Deals" d JOIN "Stages" s ON s."Id" = d."StageId" AND s."Kind" = 'Open'
            WHERE d."DeletedAt" IS NULL AND d."ClosedAt" IS NULL
            """, rotParams))[0];

        return new DashboardFigures(goals, (I(funnel[0]), L(funnel[1]), (long)decimal.Round(Convert.ToDecimal(funnel[2] ?? 0L) / 100m)),
            sales.OrderBy(s => s.Item1).ToList(), windows, hot.Select(r => (I(r[0]), Convert.ToDecimal(r[1]))).ToList(),
            (I(overdue[0]), I(attention[0]), I(attention[1])));
    }
}
