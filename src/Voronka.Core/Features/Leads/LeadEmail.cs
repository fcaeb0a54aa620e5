using System.Text;
using MimeKit;
using MimeKit.Text;
using PhoneNumbers;
using Voronka.Core.Common;

namespace Voronka.Core.Features.Leads;

/// <summary>An e-mail to the sales mailbox read as a lead: the sender (Reply-To before From) is the client, a phone
/// number in the text is theirs, the subject and text are the message; the Message-ID makes a second delivery of the same
/// letter the same lead. Automatic replies (<c>Auto-Submitted</c>) are not leads.</summary>
public static class LeadEmail
{
    /// <summary>The largest message taken (attachments included); the text kept is at most 5,000 characters.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public sealed record Letter(LeadRequest Lead, string Key, string Payload);

    public static async Task<Letter> ReadAsync(Stream raw, CancellationToken ct)
    {
        MimeMessage m;
        try
        {
            m = await MimeMessage.LoadAsync(raw, ct);
        }
        catch (FormatException)
        {
            throw ValidationFailedException.For("message", "is not an e-mail message (RFC 822).");
        }
        var auto = m.Headers[HeaderId.AutoSubmitted];
        if (auto is not null && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            throw ValidationFailedException.For("message", "is an automatic reply (Auto-Submitted), not a lead.");
        var from = m.ReplyTo.Mailboxes.FirstOrDefault() ?? m.From.Mailboxes.FirstOrDefault()
            ?? throw ValidationFailedException.For("from", "is required: the sender's address.");
        var text = (m.TextBody ?? PlainText(m.HtmlBody) ?? "").Trim();
        var subject = m.Subject?.Trim();
        var message = string.Join("\n\n", new[] { subject, text }.Where(s => !string.IsNullOrEmpty(s)));
        if (message.Length > 5000) message = message[..5000];
        var lead = new LeadRequest(Name: string.IsNullOrWhiteSpace(from.Name) ? null : from.Name.Trim(), Phone: FirstPhone(text),
            Email: from.Address, Message: message.Length == 0 ? null : message, Source: "email");
        // A letter without a Message-ID is known again by what it says.
        var key = m.MessageId ?? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes($"{from.Address}\n{m.Date:O}\n{message}")));
        var payload = LeadsService.Payload(new
        {
            messageId = m.MessageId, from = m.From.ToString(), replyTo = m.ReplyTo.Count == 0 ? null : m.ReplyTo.ToString(),
            to = m.To.ToString(), date = m.Date, subject, text = text.Length > 20_000 ? text[..20_000] : text,
            attachments = m.Attachments.Select(a => a.ContentType.Name ?? a.ContentType.MimeType).ToList(),
        });
        return new Letter(lead, key.Length > 300 ? key[..300] : key, payload);
    }

    private static string? FirstPhone(string text)
    {
        foreach (var match in PhoneNumberUtil.GetInstance().FindNumbers(text, "RU"))
            return match.RawString;
        return null;
    }

    /// <summary>The words of an HTML letter, with a line break for each block, tags and scripts left out.</summary>
    private static string? PlainText(string? html)
    {
        if (html is null) return null;
        var text = new StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skip = false;
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlTagToken tag)
            {
                if (tag.Id is HtmlTagId.Script or HtmlTagId.Style) skip = !tag.IsEndTag;
                else if (tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI) text.Append('\n');
            }
            else if (token is HtmlDataToken data && !skip) text.Append(data.Data);
        }
        return System.Text.RegularExpressions.Regex.Replace(text.ToString(), @"\n\s*\n\s*", "\n\n").Trim();
    }
}
