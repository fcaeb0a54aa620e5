using System.Net;
using System.Text.Json;
using Voronka.Core.Common;
using Voronka.Core.Features.Leads;

namespace Voronka.Web.Features.Leads;

/// <summary>Reads a web form's submission, posted by a page (form fields) or by a script (JSON), into a lead.</summary>
internal static class PublicForm
{
    /// <summary>The hidden field of the snippet: left empty by people, filled in by robots.</summary>
    public const string Honeypot = "website";

    public static async Task<Dictionary<string, string>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            return form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (json.RootElement.ValueKind != JsonValueKind.Object) throw ValidationFailedException.For("body", "must be a JSON object.");
            return json.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(),
                StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            throw ValidationFailedException.For("body", "must be form fields or a JSON object.");
        }
    }

    public static LeadRequest Lead(IReadOnlyDictionary<string, string> f, LeadForm form, HttpRequest request)
    {
        string? Get(params string[] names) => names.Select(n => f.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return new LeadRequest(Get("name"), Get("phone", "tel"), Get("email"), Get("company", "companyName"), Get("inn"),
            Get("message", "comment"), form.Source ?? "form", Get("utm_source", "utmSource"), Get("utm_medium", "utmMedium"),
            Get("utm_campaign", "utmCampaign"), Get("utm_content", "utmContent"), Get("utm_term", "utmTerm"),
            Get("page") ?? (request.Headers.Referer.ToString() is { Length: > 0 } referer ? referer : null), Get("referrer"),
            form.RegionId, form.ProductId);
    }

    /// <summary>The page a visitor sees after sending the form: in Russian or English by the browser's language, with a
    /// link back to the page they came from.</summary>
    public static IResult Thanks(HttpRequest request)
    {
        var ru = !request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var back = request.Headers.Referer.ToString();
        var link = Uri.TryCreate(back, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? $"<p><a href=\"{WebUtility.HtmlEncode(uri.ToString())}\">{(ru ? "Вернуться" : "Back")}</a></p>" : "";
        var (title, text) = ru
            ? ("Заявка принята", "Спасибо! Мы свяжемся с вами в ближайшее время.")
            : ("Request received", "Thank you! We will contact you shortly.");
        return Results.Content($"<!doctype html><html lang=\"{(ru ? "ru" : "en")}\"><meta charset=\"utf-8\"><title>{title}</title>"
            + $"<body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p>{link}</body></html>",
            "text/html; charset=utf-8", statusCode: 200);
    }
}

/// <summary>The HTML a site puts on a page to send a form's leads: the fields people fill in, the hidden field robots
/// fill in, and a few lines of script that add the page's address and UTM tags. Works without the script too.</summary>
public static class FormSnippet
{
    public static string Html(string baseUrl, string key, bool russian)
    {
        var action = WebUtility.HtmlEncode($"{baseUrl.TrimEnd('/')}/forms/{Uri.EscapeDataString(key)}");
        var (name, phone, email, message, send) = russian
            ? ("Имя", "Телефон", "E-mail", "Сообщение", "Отправить")
            : ("Name", "Phone", "E-mail", "Message", "Send");
        return $$"""
            <form action="{{action}}" method="post" accept-charset="utf-8">
              <input name="name" placeholder="{{name}}" maxlength="200">
              <input name="phone" type="tel" placeholder="{{phone}}" maxlength="50">
              <input name="email" type="email" placeholder="{{email}}" maxlength="200">
              <textarea name="message" placeholder="{{message}}" maxlength="5000"></textarea>
              <input name="{{PublicForm.Honeypot}}" tabindex="-1" autocomplete="off" aria-hidden="true"
                     style="position:absolute;left:-10000px">
              <input type="hidden" name="page">
              <button type="submit">{{send}}</button>
            </form>
            <script>
            (function (f) {
              var q = new URLSearchParams(location.search);
              ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"].forEach(function (k) {
                if (!q.get(k)) return;
                var i = document.createElement("input");
                i.type = "hidden"; i.name = k; i.value = q.get(k); f.appendChild(i);
              });
              f.elements.page.value = location.href;
            })(document.currentScript.previousElementSibling);
            </script>
            """;
    }
}
