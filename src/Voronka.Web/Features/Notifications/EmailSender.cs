using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Notifications;

/// <summary>The mail server notifications go through (<c>Smtp:*</c>); e-mail is off while <see cref="Host"/> is empty.
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "";
    public string FromName { get; set; } = "Voronka";
    /// <summary>Letters older than this are given up: news of a lead from yesterday helps nobody.</summary>
    public double MaxAgeHours { get; set; } = 24;
    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Sends the outbox over SMTP every <c>Smtp:OutboxSeconds</c> (15 by default) when a server is configured;
/// switched off on an instance with <c>Smtp:RunOutbox=false</c>. Each letter is in its reader's language, with a link to
/// the page when <c>App:PublicUrl</c> is set.</summary>
public sealed class EmailSender(EmailOutbox outbox, Texts texts, JobLocks locks, IConfiguration config, ILogger<EmailSender> logger)
    : PeriodicJob(locks, config, logger)
{
    private readonly SmtpOptions _smtp = config.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions();
    private readonly string? _publicUrl = config["App:PublicUrl"]?.TrimEnd('/');

    protected override string Section => "Smtp";
    protected override string SwitchKey => "RunOutbox";
    protected override string SecondsKey => "OutboxSeconds";
    protected override double DefaultSeconds => 15;
    /// <summary>A round: the housekeeping, and the letters due when a mail server is set up.</summary>
    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await outbox.CleanAsync(_smtp.Configured, ct);
        return _smtp.Configured ? await SendDueAsync(ct) : 0;
    }

    /// <summary>One round: claims the due letters and sends them over one connection; returns how many went.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var batch = await outbox.ClaimAsync(EmailOutbox.Batch, TimeSpan.FromHours(_smtp.MaxAgeHours), ct);
        if (batch.Count == 0) return 0;
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(_smtp.Host!, _smtp.Port, _smtp.Security, ct);
            if (!string.IsNullOrEmpty(_smtp.User)) await client.AuthenticateAsync(_smtp.User, _smtp.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("The mail server {Host}:{Port} is not reachable: {Error}", _smtp.Host, _smtp.Port, e.Message);
            foreach (var m in batch) await outbox.FailedAsync(m.Id, $"{e.GetType().Name}: {e.Message}", ct);
            return 0;
        }
        var sent = 0;
        foreach (var m in batch)
        {
            try
            {
                await client.SendAsync(Compose(m), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Notification e-mail {Id} could not be sent: {Error}", m.Id, e.Message);
                await outbox.FailedAsync(m.Id, $"{e.GetType().Name}: {e.Message}", ct);
                continue;
            }
            // The server took it: from here on a failure is the database's, and the letter is not sent again for it.
            await MarkSentAsync(m.Id, ct);
            sent++;
        }
        await client.DisconnectAsync(true, ct);
        return sent;
    }

    private async Task MarkSentAsync(long id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await outbox.SentAsync(id, ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 3)
            {
                logger.LogWarning("Notification e-mail {Id} went but could not be marked sent; trying again: {Error}", id, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
        }
    }

    /// <summary>The letter: the notice as the bell says it, the link to the page, and where to change what comes by mail.
    /// </summary>
    public MimeMessage Compose(OutgoingEmail m)
    {
        var line = texts.In(m.Culture, $"Notifications.{m.Kind}", m.Subject);
        var link = m.Link is null ? null : _publicUrl is null ? m.Link : _publicUrl + m.Link;
        var settings = (_publicUrl ?? "") + "/profile";
        var footer = texts.In(m.Culture, "Notifications.EmailFooter", settings);
        var message = new MimeMessage
        {
            Subject = line,
            Body = new BodyBuilder
            {
                TextBody = string.Join("\n\n", new[] { line, link, "—\n" + footer }.Where(x => x is not null)),
                HtmlBody = $"<p>{WebUtility.HtmlEncode(line)}</p>"
                    + (link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p>")
                    + $"<hr><p style=\"color:#666;font-size:small\">{WebUtility.HtmlEncode(footer)}</p>",
            }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(_smtp.FromName, _smtp.From));
        message.To.Add(new MailboxAddress(m.FullName, m.To));
        // Each letter its own id, so that a retry after a lost answer is recognised by the reader's mail as the same one.
        message.MessageId = $"notification-{m.Id}@{(_smtp.From.Contains('@') ? _smtp.From.Split('@')[1] : "voronka.local")}";
        return message;
    }
}
