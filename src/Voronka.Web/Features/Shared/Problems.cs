using Microsoft.Extensions.Localization;
using MudBlazor;
using Voronka.Core.Common;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Shared;

/// <summary>Shows a service's refusal in the reader's language.</summary>
public static class Problems
{
    /// <summary>Shows the refusal; <paramref name="names"/> names the fields only the page knows (a form's own fields).</summary>
    public static void Show(ISnackbar snackbar, IStringLocalizer l, Exception e, Func<string, string?>? names = null)
    {
        var text = e switch
        {
            ValidationFailedException v => string.Join(" ", Reasons.Of(v)
                .Select(kv => $"{names?.Invoke(kv.Key) ?? FieldName(l, kv.Key)}: {string.Join(" ", kv.Value)}")),
            ConflictException => Reasons.Translate(e.Message),
            ForbiddenException => Reasons.Translate(e.Message),
            UpstreamFailedException => Reasons.Translate(e.Message),
            NotFoundException => l["Error.NotFound"],
            _ => throw e,
        };
        snackbar.Add(text, Severity.Warning);
    }

    /// <summary>A field's name as the screens call it ("items[2].target" → "Цель"), else as the API does.</summary>
    private static string FieldName(IStringLocalizer l, string field)
    {
        var last = field[(field.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[');
        // "questions[3]" names the item itself: "Вопрос 3".
        var number = bracket >= 0 && last.EndsWith(']') ? " " + last[(bracket + 1)..^1] : "";
        if (bracket >= 0) last = last[..bracket];
        var text = l[$"Field.{last}"];
        return text.ResourceNotFound ? field : text.Value + number;
    }

    /// <summary>True for the refusals a page shows instead of failing.</summary>
    public static bool Expected(Exception e) =>
        e is ValidationFailedException or ConflictException or ForbiddenException or NotFoundException or UpstreamFailedException;
}
