using System.Globalization;

namespace Voronka.Bench;

/// <summary>The load run's tables and whether the targets of issue 18 are met: writes ≥ 200/s with the 99th percentile
/// under 250 ms, reads ≥ 1,000/s, no failed answer (a deadlock or serialization failure included), and memory that stops
/// growing: the largest resident size of the run's second half at most 10 % above that of its first half.</summary>
internal static class LoadReport
{
    public sealed record Result(List<string> Lines, bool Met);

    public static Result Write(Samples samples, double seconds, List<(double Seconds, long Rss, long? Heap)> memory, long deadlocks,
        LoadOptions options, string? appLog)
    {
        static string N(double v, int digits = 0) => v.ToString(digits == 0 ? "N0" : "N" + digits, CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"Load: {options.Users} managers at once, "
                + (options.Rate is double rate ? $"{N(rate)} requests a second in all"
                    : "each sending the next request as soon as the last is answered")
                + $", for {N(seconds)} s after {options.WarmUpSeconds} s of warm-up ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)",
            "",
            "| request | answers | per second | median, ms | 95th, ms | 99th, ms | longest, ms | failed |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        };
        string Row(string name, List<double> t, int failed)
        {
            t.Sort();
            return $"| {name} | {N(t.Count)} | {N(t.Count / seconds)} | {N(P(t, 0.5), 1)} | {N(P(t, 0.95), 1)} | {N(P(t, 0.99), 1)} | "
                + $"{N(t.Count == 0 ? 0 : t[^1], 1)} | {N(failed)} |";
        }
        int Failed(IEnumerable<string> kinds) =>
            samples.Failures.Where(f => kinds.Any(k => f.Key.StartsWith(k + " ", StringComparison.Ordinal))).Sum(f => f.Value);
        List<double> All(IEnumerable<string> kinds) => kinds.SelectMany(k => samples.Times.GetValueOrDefault(k) ?? []).ToList();
        foreach (var kind in LoadUser.Reads.Concat(LoadUser.Writes))
            lines.Add(Row(kind, samples.Times.GetValueOrDefault(kind) ?? [], Failed([kind])));
        var reads = All(LoadUser.Reads);
        var writes = All(LoadUser.Writes);
        lines.Add(Row("**all reads**", reads, Failed(LoadUser.Reads)));
        lines.Add(Row("**all writes**", writes, Failed(LoadUser.Writes)));
        lines.Add("");

        var firstHalf = memory.Where(m => m.Seconds <= seconds / 2).Select(m => m.Rss).DefaultIfEmpty().Max();
        var secondHalf = memory.Where(m => m.Seconds > seconds / 2).Select(m => m.Rss).DefaultIfEmpty().Max();
        if (memory.Count > 0)
        {
            lines.Add("| minute | resident memory, MB | managed heap after the last collection, MB |");
            lines.Add("|---:|---:|---:|");
            foreach (var m in memory.Where((_, i) => i % 6 == 0 || i == memory.Count - 1))
                lines.Add($"| {N(m.Seconds / 60, 1)} | {N(m.Rss / 1048576.0)} | {(m.Heap is long h ? N(h / 1048576.0) : "—")} |");
            lines.Add("");
        }

        var errors = appLog?.Split('\n')
            .Count(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.Contains("Unhandled", StringComparison.Ordinal));
        var failures = samples.Failures.Values.Sum();
        var memoryStable = memory.Count == 0 || secondHalf <= firstHalf * 1.1;
        if (options.Drill)
        {
            // Under faults an answer may say "try again" (the proxy's 502 for a write cut by a kill, the app's 503 while the
            // database is away), never anything else.
            var retry = new[] { " 502", " 503", " 504" };
            var others = samples.Failures.Where(f => !retry.Any(r => f.Key.EndsWith(r, StringComparison.Ordinal))).Sum(f => f.Value);
            lines.AddRange(samples.Failures.OrderBy(f => f.Key).Select(f => $"- {f.Key}: {N(f.Value)}"));
            lines.Add($"- {(others == 0 ? "met" : "**not met**")}: answers other than a success or \"try again\": {N(others)}");
            lines.AddRange(samples.FailureExamples.Select(f => $"  - {f}"));
            lines.Add("");
            return new Result(lines, others == 0);
        }
        var checks = new (string What, bool Met)[]
        {
            ($"writes {N(writes.Count / seconds)}/s ≥ 200/s", writes.Count / seconds >= 200),
            ($"writes' 99th percentile {N(P(writes, 0.99), 1)} ms < 250 ms", P(writes, 0.99) < 250),
            ($"reads {N(reads.Count / seconds)}/s ≥ 1,000/s", reads.Count / seconds >= 1000),
            ($"failed answers: {N(failures)}", failures == 0),
            ($"deadlocks and conflicts in the database during the run: {N(deadlocks)}", deadlocks == 0),
            (memory.Count == 0 ? "memory: not read (the app was not started by the run)"
                : $"largest resident memory, first half {N(firstHalf / 1048576.0)} MB, second half {N(secondHalf / 1048576.0)} MB",
                memoryStable),
            ($"errors in the app's log: {(errors is int e ? N(e) : "not read")}", errors is null or 0),
        };
        lines.AddRange(checks.Select(c => $"- {(c.Met ? "met" : "**not met**")}: {c.What}"));
        lines.AddRange(samples.FailureExamples.Select(f => $"  - {f}"));
        lines.Add("");
        return new Result(lines, checks.All(c => c.Met));
    }

    /// <summary>The value below which the share <paramref name="p"/> of the sorted times lie (nearest rank).</summary>
    private static double P(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        if (!IsSorted(sorted)) sorted.Sort();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static bool IsSorted(List<double> values)
    {
        for (var i = 1; i < values.Count; i++)
            if (values[i] < values[i - 1]) return false;
        return true;
    }
}
