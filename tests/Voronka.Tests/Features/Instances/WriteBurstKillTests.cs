using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Instances;

/// <summary>The app SIGKILLed in the middle of a burst of writes from several managers: every write it answered is there
/// whole, none it did not answer is there in part, and every kept figure equals its recount from the rows.</summary>
public class WriteBurstKillTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private const int Workers = 6;

    private sealed record Answered(ConcurrentBag<int> Deals, ConcurrentDictionary<int, int> StageOf, ConcurrentBag<long> Calls,
        ConcurrentBag<int> Tasks, ConcurrentBag<int> Completed, ConcurrentBag<int> FirstManagers);

    [Fact]
    public async Task A_kill_during_a_burst_of_writes_loses_no_answered_write_and_leaves_every_figure_equal_to_its_recount()
    {
        var tag = $"Залп {Guid.NewGuid():N}"[..16];
        var answered = new Answered([], new(), [], [], [], []);
        await using (var instance = await AppProcess.StartAsync(TestDatabase.Provider, app.ConnectionString))
        {
            var pipeline = (await (await instance.SignInAsync("director")).GetFromJsonAsync<List<PipelineResponse>>("/api/v1/pipelines",
                Http.Json))!.Single(p => p.IsDefault);
            var next = pipeline.Stages.Skip(1).First(s => s.Kind == StageKind.Open && s.RequiredFields.Count == 0).Id;
            // A task's due time from the tests' clock: any moment is taken, the app does not refuse a past one.
            var due = app.UtcNow.AddDays(1);
            var clients = new[] { await instance.SignInAsync("manager1"), await instance.SignInAsync("manager2") };
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Workers)
                .Select(i => Task.Run(() => WorkAsync(clients[i % 2], i % 2 == 0, $"{tag} {i}", next, due, answered, stop.Token)))
                .ToArray();
            // Killed once the burst is well under way: the writes in flight at that moment are cut at any point.
            for (var i = 0; i < 600 && answered.Deals.Count + answered.Calls.Count + answered.Tasks.Count < 60; i++) await Task.Delay(50);
            instance.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        Assert.True(answered.FirstManagers.Count >= 2, $"only {answered.Deals.Count} deals were answered before the kill");

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
        {
            var deals = await db.Deals.IgnoreQueryFilters().Where(d => d.Title.StartsWith(tag))
                .Select(d => new
                {
                    d.Id, d.StageId, Last = db.DealStageChanges.Where(c => c.DealId == d.Id).OrderByDescending(c => c.ChangedAt)
                        .ThenByDescending(c => c.Id).Select(c => (int?)c.ToStageId).FirstOrDefault(),
                })
                .ToListAsync();
            // Every deal answered is there, in the stage it was last answered to be in; every deal there (answered or
            // cut before its answer) has its stage history ending where it stands.
            Assert.Subset(deals.Select(d => d.Id).ToHashSet(), answered.Deals.ToHashSet());
            Assert.All(deals, d => Assert.Equal(d.StageId, d.Last));
            Assert.All(answered.StageOf, kv => Assert.Equal(kv.Value, deals.Single(d => d.Id == kv.Key).StageId));
            var callIds = answered.Calls.ToList();
            var calls = await db.Activities.Where(a => callIds.Contains(a.Id)).CountAsync();
            Assert.Equal(answered.Calls.Count, calls);
            var taskIds = answered.Tasks.ToList();
            var tasks = await db.Tasks.Where(t => taskIds.Contains(t.Id)).Select(t => new { t.Id, t.Status }).ToListAsync();
            Assert.Equal(answered.Tasks.Count, tasks.Count);
            Assert.All(answered.Completed, id => Assert.Equal(DealTaskStatus.Done, tasks.Single(t => t.Id == id).Status));
        }

        // Every kept figure (activity days, sales days, the funnel's cells, the deals' latest activities) equals the
        // recount from the rows: nothing was kept for a write that did not happen, nothing missed for one that did.
        var verify = await AppProcess.RunCommandAsync(["verify", $"--Database:Provider={TestDatabase.Provider}",
            $"--ConnectionStrings:Voronka={app.ConnectionString}"]);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("Every kept figure equals its recomputation.", verify.Output);

        // Started again, the app takes the next write on a deal of the burst (one of manager1's).
        await using var again = await AppProcess.StartAsync(TestDatabase.Provider, app.ConnectionString);
        var m = await again.SignInAsync("manager1");
        var deal = await m.GetAsync($"/api/v1/deals/{answered.FirstManagers.First()}")
            .Expect<DealResponse>();
        await m.PostJson("/api/v1/activities",
                new { type = "Call", dealId = deal.Id, direction = "Outgoing", durationSeconds = 60, callResult = "Connected" })
            .Expect<Core.Features.Activities.ActivityResponse>(HttpStatusCode.Created);
    }

    /// <summary>One manager's writes in a row until the app goes: a deal, its move, a call on it, a task set and completed.</summary>
    private static async Task WorkAsync(HttpClient c, bool first, string title, int next, DateTime due, Answered answered,
        CancellationToken stop)
    {
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var deal = await Json<DealResponse>(c.PostJson("/api/v1/deals", new { title = $"{title}.{i}", amount = 1000 + i }));
                answered.Deals.Add(deal.Id);
                if (first) answered.FirstManagers.Add(deal.Id);
                await Json<DealResponse>(c.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = next }));
                answered.StageOf[deal.Id] = next;
                var call = await Json<Core.Features.Activities.ActivityResponse>(c.PostJson("/api/v1/activities",
                    new { type = "Call", dealId = deal.Id, direction = "Outgoing", durationSeconds = 30 + i, callResult = "Connected" }));
                answered.Calls.Add(call.Id);
                var task = await Json<TaskResponse>(c.PostJson("/api/v1/tasks",
                    new { dealId = deal.Id, kind = "Call", dueAt = due, title = "Перезвонить" }));
                answered.Tasks.Add(task.Id);
                await Json<TaskResponse>(c.PostJson($"/api/v1/tasks/{task.Id}/complete",
                    new { result = "Договорились", version = task.Version }));
                answered.Completed.Add(task.Id);
            }
        }
        catch (HttpRequestException)
        {
            // The app is gone: what was answered is recorded, what was in flight is not.
        }
        catch (TaskCanceledException)
        {
        }
    }

    private static async Task<T> Json<T>(Task<HttpResponseMessage> sent)
    {
        using var response = await sent;
        // Anything but a success before the kill is a failure of the test, not of the app's going away.
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Http.Json))!;
    }
}
