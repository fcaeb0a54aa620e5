using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Features.Leads;
using Voronka.Tests.Infrastructure;
using Voronka.Web.Features.Notifications;

namespace Voronka.Tests.Features.Notifications;

/// <summary>A company whose notifications go by e-mail to a mail server the tests start on loopback; the outbox is sent
/// when a test says so, on the test's clock.</summary>
public class MailApp : LeadApp
{
    public int SmtpPort { get; } = FreePort();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:From", "crm@voronka.test");
        builder.UseSetting("Smtp:RunOutbox", "false");
        builder.UseSetting("Tasks:RunReminders", "false");
        builder.UseSetting("Leads:RunTimers", "false");
        builder.UseSetting("App:PublicUrl", "https://crm.example.test/");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        foreach (var u in await db.Users.ToListAsync())
            (u.Email, u.Culture) = ($"{u.UserName}@team.example", u.UserName == "manager1" ? "en" : null);
        await db.SaveChangesAsync();
    }

    public Task<int> SendAsync() => Services.GetRequiredService<EmailSender>().SendDueAsync(CancellationToken.None);

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>Notifications by e-mail through the outbox: each person's channels, the letter in their language, retries
/// while the mail server is away, and the events besides leads — a task given, a task overdue, a deal changed.</summary>
public class EmailNotificationTests(MailApp app) : IClassFixture<MailApp>
{
    // The clock moves a day on in one test: a session token from before has run out, so each client signs in afresh.
    private Task<HttpClient> As(string login) => app.SignInAsync(login, VoronkaApp.Password);

    private async Task<DealResponse> DealOf(string login, string title) =>
        await (await As(login)).PostJson("/api/v1/deals", new { title }).Expect<DealResponse>(HttpStatusCode.Created);

    private async Task<TaskResponse> TaskFor(string by, int dealId, string assignee, string title, DateTime due) =>
        await (await As(by)).PostJson("/api/v1/tasks", new
        {
            dealId, kind = "Call", title, assigneeId = app.UserIds[assignee], dueAt = new DateTimeOffset(due, TimeSpan.Zero),
        }).Expect<TaskResponse>(HttpStatusCode.Created);

    private Task<List<EmailMessage>> Letters(string login) =>
        app.Db(db => db.Set<EmailMessage>().Include(m => m.Notification).Where(m => m.UserId == app.UserIds[login]).ToListAsync());

    private static string Body(SmtpMessage m) => string.Join("\n", m.MessageParts.Select(p => p.BodyData));

    [Fact]
    public async Task A_task_given_comes_by_mail_in_the_readers_language_and_each_person_chooses_the_channels()
    {
        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        var deal = await DealOf("manager1", "Поставка станков");
        var task = await TaskFor("director", deal.Id, "manager1", "Call the buyer", app.UtcNow.AddDays(1));
        Assert.True(await app.SendAsync() >= 1);
        var letter = Assert.Single(smtp.ReceivedEmail, m => m.ToAddresses.Any(a => a.Address == "manager1@team.example"));
        Assert.Equal("A task for you: Call the buyer — Поставка станков", letter.Subject);
        Assert.Contains($"https://crm.example.test/deals/{deal.Id}", Body(letter));
        Assert.Contains("https://crm.example.test/profile", Body(letter));
        Assert.NotNull(Assert.Single(await Letters("manager1")).SentAt);
        var bell = await (await As("manager1")).GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Contains(bell.Items, n => n.Kind == NotificationKind.TaskAssigned && n.Subject.Contains(task.Title));

        // A Russian reader gets the Russian words.
        var deal2 = await DealOf("manager2", "Сервисный договор");
        await TaskFor("director", deal2.Id, "manager2", "Позвонить", app.UtcNow.AddDays(1));
        await app.SendAsync();
        Assert.Equal("Вам поставлена задача: Позвонить — Сервисный договор",
            Assert.Single(smtp.ReceivedEmail, m => m.ToAddresses.Any(a => a.Address == "manager2@team.example")).Subject);

        // Manager 1 wants tasks by the bell only, and changes to their deals by e-mail only.
        var m1 = await As("manager1");
        var settings = await m1.PutJson("/api/v1/notifications/settings", new
        {
            channels = new object[]
            {
                new { kind = "TaskAssigned", inApp = true, email = false }, new { kind = "DealChanged", inApp = false, email = true },
            },
        }).Expect<JsonSettings>();
        Assert.True(settings.EmailConfigured);
        Assert.Equal("manager1@team.example", settings.Email);
        Assert.Equal(Enum.GetValues<NotificationKind>().Length, settings.Channels.Count);
        Assert.Contains(new NotificationChannel(NotificationKind.TaskAssigned, true, false), settings.Channels);
        Assert.Contains(new NotificationChannel(NotificationKind.LeadAssigned, true, true), settings.Channels);
        await TaskFor("director", deal.Id, "manager1", "Second call", app.UtcNow.AddDays(2));
        Assert.Single(await Letters("manager1"));

        var pipelines = await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>();
        var next = pipelines.Single(p => p.Id == deal.PipelineId).Stages.OrderBy(s => s.Position).First(s => s.Id != deal.StageId);
        var director = await As("director");
        await director.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = next.Id }).Expect<DealResponse>();
        await director.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = deal.StageId }).Expect<DealResponse>();
        Assert.Single(await Letters("manager1"), m => m.Notification!.Kind == NotificationKind.DealChanged);
        bell = await m1.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.DoesNotContain(bell.Items, n => n.Kind == NotificationKind.DealChanged);
        await app.SendAsync();
        Assert.Single(smtp.ReceivedEmail, m => m.Subject == "Your deal was changed: Поставка станков");

        // The owner's own change tells nobody.
        await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = next.Id }).Expect<DealResponse>();
        Assert.Single(await Letters("manager1"), m => m.Notification!.Kind == NotificationKind.DealChanged);

        var bad = await m1.PutJson("/api/v1/notifications/settings", new { channels = Array.Empty<object>() })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["channels"], bad.ErrorFields());
    }

    [Fact]
    public async Task A_letter_waits_while_the_mail_server_is_away_and_goes_when_it_is_back()
    {
        var deal = await DealOf("senior2", "Ждёт почту");
        await TaskFor("director", deal.Id, "senior2", "Перезвонить", app.UtcNow.AddDays(1));
        var before = app.UtcNow;
        Assert.Equal(0, await app.SendAsync());
        var waiting = Assert.Single(await Letters("senior2"));
        Assert.Equal(1, waiting.Attempts);
        Assert.Null(waiting.SentAt);
        Assert.NotNull(waiting.LastError);
        Assert.InRange(waiting.NextAttemptAt, before + EmailOutbox.Backoff[0], app.UtcNow + EmailOutbox.Backoff[0]);
        var status = await (await As("director")).GetAsync("/api/v1/notifications/outbox").Expect<EmailOutboxStatus>();
        Assert.True(status.Waiting >= 1);
        Assert.NotNull(status.LastError);
        await (await As("manager3")).GetAsync("/api/v1/notifications/outbox").Problem(HttpStatusCode.Forbidden);

        // Not yet due: nothing is tried.
        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        await app.SendAsync();
        Assert.Equal(1, Assert.Single(await Letters("senior2")).Attempts);
        app.Clock.Advance(EmailOutbox.Backoff[0]);
        await app.SendAsync();
        Assert.NotNull(Assert.Single(await Letters("senior2")).SentAt);
        Assert.Single(smtp.ReceivedEmail, m =>
            m.Subject == "Вам поставлена задача: Перезвонить — Ждёт почту");

        // A letter that could not go for a day is given up: news that old helps nobody.
        smtp.Stop();
        await TaskFor("director", deal.Id, "senior2", "Старое", app.UtcNow.AddDays(3));
        app.Clock.Advance(TimeSpan.FromHours(25));
        await app.SendAsync();
        var old = (await Letters("senior2")).Single(m => m.SentAt is null);
        Assert.NotNull(old.GaveUpAt);
        Assert.Equal(0, old.Attempts);

        // Without a mail server nothing waits for one; what went or was given up is deleted after a month.
        await TaskFor("director", deal.Id, "senior2", "Без почты", app.UtcNow.AddDays(3));
        var outbox = app.Services.GetRequiredService<EmailOutbox>();
        await outbox.CleanAsync(canSend: false, CancellationToken.None);
        Assert.All(await Letters("senior2"), m => Assert.True(m.SentAt is not null || m.GaveUpAt is not null));
        app.Clock.Advance(EmailOutbox.KeepFor + TimeSpan.FromDays(1));
        await outbox.CleanAsync(canSend: true, CancellationToken.None);
        Assert.Empty(await Letters("senior2"));
    }

    [Fact]
    public async Task An_overdue_task_is_told_once_and_old_ones_silently()
    {
        var deal = await DealOf("manager3", "Просрочка");
        var soon = await TaskFor("manager3", deal.Id, "manager3", "Скоро", app.UtcNow.AddHours(1));
        await TaskFor("manager3", deal.Id, "manager3", "Давно", app.UtcNow.AddDays(-3));
        var reminders = app.Services.GetRequiredService<TaskReminders>();
        async Task<List<NotificationResponse>> Told()
        {
            await reminders.RunAsync(CancellationToken.None);
            var bell = await (await As("manager3")).GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
            return bell.Items.Where(n => n.Kind == NotificationKind.TaskOverdue && n.Link == $"/deals/{deal.Id}").ToList();
        }
        Assert.Empty(await Told());
        app.Clock.Advance(TimeSpan.FromHours(2));
        var told = Assert.Single(await Told());
        Assert.Equal("Скоро — Просрочка", told.Subject);
        Assert.Single(await Told());
        // The mark is not a change of the task: the assignee editing it meanwhile is not refused.
        Assert.Equal(soon.Version, await app.Db(db => db.Tasks.Where(t => t.Id == soon.Id).Select(t => t.Version).SingleAsync()));

        // A new due time, and the task is told again when that one passes.
        await (await As("manager3")).PutJson($"/api/v1/tasks/{soon.Id}", new
        {
            dealId = deal.Id, kind = "Call", title = "Скоро", dueAt = new DateTimeOffset(app.UtcNow.AddHours(1), TimeSpan.Zero),
            version = soon.Version,
        }).Expect<TaskResponse>();
        Assert.Single(await Told());
        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, (await Told()).Count);
    }

    internal sealed record JsonSettings(List<NotificationChannel> Channels, string? Email, bool EmailConfigured);
}
