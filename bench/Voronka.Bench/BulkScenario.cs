namespace Voronka.Bench;

public readonly record struct DealRow(
    int Id, int PipelineId, int CompanyId, int ContactId, int StageId, int OwnerId, long AmountMinor, string Source, int RegionId,
    DateOnly? ExpectedClose, DateTime CreatedAt, DateTime UpdatedAt, DateTime StageEnteredAt, DateTime? ClosedAt, int? LossReasonId);

public readonly record struct LineRow(int Id, int DealId, int ProductId, decimal Quantity, long PriceMinor, decimal Discount, long TotalMinor);

public readonly record struct ChangeRow(long Id, int DealId, int? FromStageId, int ToStageId, DateTime ChangedAt, int ChangedById, long? SecondsInFromStage);

public readonly record struct ActivityRow(
    long Id, string Type, int UserId, int DealId, int CompanyId, int ContactId, DateTime OccurredAt, string? Direction, int? DurationSeconds, string? CallResult);

public readonly record struct TaskRow(int Id, int DealId, int AssigneeId, DateTime DueAt, DateTime CreatedAt);

/// <summary>One slice of generated rows, written to the database together.</summary>
public sealed class Batch
{
    public List<DealRow> Deals { get; } = [];
    public List<LineRow> Lines { get; } = [];
    public List<ChangeRow> Changes { get; } = [];
    public List<ActivityRow> Activities { get; } = [];
    public List<TaskRow> Tasks { get; } = [];
}

public sealed record BulkSeller(int Id, int[] TeamMates);

public sealed record BulkCompany(int Id, int ContactId, int RegionId);

public sealed record BulkProduct(int Id, long PriceMinor);

/// <summary>Reference rows the deals point at; the five open stages in their order, then won and lost.</summary>
public sealed record BulkInputs(
    DateTime Now, int Months, IReadOnlyList<BulkSeller> Sellers, IReadOnlyList<BulkCompany> Companies, IReadOnlyList<BulkProduct> Products,
    int PipelineId, IReadOnlyList<int> OpenStages, int WonStage, int LostStage, IReadOnlyList<int> LossReasons);

/// <summary>
/// Deals with their stage history, product lines, activities and tasks, made slice by slice so that any number fits
/// in memory. Deals are created evenly over the last <see cref="BulkInputs.Months"/> months; each walks the open
/// stages with fixed chances to move on (otherwise it is lost there), staying an exponentially distributed time in
/// each; a deal whose next step lies in the future is still open, and 3 % are forgotten where they stand. Activities
/// are spread over each deal's life so that their total is exactly the number asked for. Same seed, same rows.
/// </summary>
public static class BulkScenario
{
    private static readonly double[] MoveOn = [0.7, 0.6, 0.65, 0.6, 0.55];
    private static readonly double[] MeanDays = [3, 6, 8, 10, 12];
    private static readonly string[] Sources = ["Сайт", "Входящий звонок", "Рекомендация", "Выставка", "Холодный звонок"];
    private static readonly (string Type, int Weight)[] Types =
        [("Call", 55), ("Email", 15), ("Meeting", 10), ("Note", 8), ("Proposal", 6), ("Presale", 6)];
    private static readonly string[] CallResults = ["Connected", "Connected", "Connected", "NoAnswer", "Busy", "Voicemail"];

    public static IEnumerable<Batch> Generate(BulkInputs input, int deals, long activities, int seed, int batchSize = 10_000)
    {
        var rnd = new Random(seed);
        var start = input.Now.AddMonths(-input.Months);
        var span = (input.Now - start).Ticks;
        long changeId = 0, activityId = 0;
        int lineId = 0, taskId = 0;
        var batch = new Batch();
        var typeTotal = Types.Sum(t => t.Weight);
        for (var i = 0; i < deals; i++)
        {
            var id = i + 1;
            var seller = input.Sellers[rnd.Next(input.Sellers.Count)];
            var company = input.Companies[rnd.Next(input.Companies.Count)];
            // Creation times grow with the id, as they would in a real database.
            var created = start.AddTicks((long)((i + rnd.NextDouble()) / deals * span));

            var lines = 1 + (rnd.NextDouble() < 0.3 ? 1 : 0);
            long amount = 0;
            for (var l = 0; l < lines; l++)
            {
                var product = input.Products[rnd.Next(input.Products.Count)];
                var quantity = (decimal)rnd.Next(1, 6);
                var discount = rnd.NextDouble() < 0.3 ? 10m : 0m;
                var total = (long)decimal.Round(quantity * product.PriceMinor * (100m - discount) / 100m, 0, MidpointRounding.AwayFromZero);
                amount += total;
                batch.Lines.Add(new LineRow(++lineId, id, product.Id, quantity, product.PriceMinor, discount, total));
            }

            var at = created;
            batch.Changes.Add(new ChangeRow(++changeId, id, null, input.OpenStages[0], at, seller.Id, null));
            var stage = 0;
            var forgotten = rnd.NextDouble() < 0.03;
            DateTime? closed = null;
            var stageId = input.OpenStages[0];
            int? reason = null;
            while (true)
            {
                if (forgotten && rnd.NextDouble() < 0.5) break;
                var next = at.AddDays(-Math.Log(1 - rnd.NextDouble()) * MeanDays[stage]);
                if (next > input.Now) break;
                var seconds = (long)(next - at).TotalSeconds;
                var from = input.OpenStages[stage];
                var by = RandomMate(rnd, seller);
                if (rnd.NextDouble() >= MoveOn[stage])
                {
                    stageId = input.LostStage;
                    reason = input.LossReasons[rnd.Next(input.LossReasons.Count)];
                    closed = next;
                    batch.Changes.Add(new ChangeRow(++changeId, id, from, stageId, next, by, seconds));
                    at = next;
                    break;
                }
                stageId = stage + 1 < input.OpenStages.Count ? input.OpenStages[stage + 1] : input.WonStage;
                batch.Changes.Add(new ChangeRow(++changeId, id, from, stageId, next, by, seconds));
                at = next;
                if (stageId == input.WonStage) { closed = next; break; }
                stage++;
            }
            DateOnly? expected = stage >= 3 || closed is not null ? DateOnly.FromDateTime(created.AddDays(60)) : null;
            batch.Deals.Add(new DealRow(id, input.PipelineId, company.Id, company.ContactId, stageId, seller.Id, amount, Sources[rnd.Next(Sources.Length)], company.RegionId,
                expected, created, at, at, closed, reason));

            // Exactly `activities` in all: every deal gets its share, give or take a random amount swapped with the next deal.
            var share = (int)((i + 1) * activities / deals - i * activities / deals);
            var count = Math.Max(0, share + (i % 2 == 0 ? 1 : -1) * SwapFor(i, seed, (int)(activities / deals)));
            if (i == deals - 1 && deals % 2 == 1) count = share;
            var end = closed ?? input.Now;
            var life = Math.Max(1, (end - created).Ticks);
            for (var k = 0; k < count; k++)
            {
                var when = created.AddTicks((long)(rnd.NextDouble() * life));
                var pick = rnd.Next(typeTotal);
                var type = Types[0].Type;
                foreach (var (t, w) in Types) { if (pick < w) { type = t; break; } pick -= w; }
                var user = rnd.NextDouble() < 0.9 ? seller.Id : RandomMate(rnd, seller);
                string? direction = null, result = null;
                int? duration = null;
                if (type == "Call")
                {
                    direction = rnd.NextDouble() < 0.25 ? "Incoming" : "Outgoing";
                    result = CallResults[rnd.Next(CallResults.Length)];
                    duration = result == "Connected" ? rnd.Next(30, 900) : 0;
                }
                else if (type is "Meeting" or "Presale") duration = rnd.Next(1800, 5400);
                batch.Activities.Add(new ActivityRow(++activityId, type, user, id, company.Id, company.ContactId, when, direction, duration, result));
            }

            if (closed is null && rnd.NextDouble() < 0.75)
                batch.Tasks.Add(new TaskRow(++taskId, id, seller.Id, input.Now.AddHours(rnd.Next(-240, 240)), at));

            if (batch.Deals.Count == batchSize)
            {
                yield return batch;
                batch = new Batch();
            }
        }
        if (batch.Deals.Count > 0) yield return batch;
    }

    /// <summary>The amount a pair of neighbouring deals trade (the even one gains it, the odd one loses it), so the total stays exact.</summary>
    private static int SwapFor(int i, int seed, int bound)
    {
        var pair = i / 2;
        var h = (uint)(pair * 2654435761u) ^ (uint)seed;
        h ^= h >> 15;
        return bound <= 0 ? 0 : (int)(h % (uint)bound);
    }

    private static int RandomMate(Random rnd, BulkSeller seller) =>
        seller.TeamMates.Length == 0 ? seller.Id : seller.TeamMates[rnd.Next(seller.TeamMates.Length)];
}
