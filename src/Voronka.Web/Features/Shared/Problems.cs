using Microsoft.Extensions.Localization;
using MudBlazor;
using Voronka.Core.Common;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Shared;

/// <summary>Shows a service's refusal in the reader's language.</summary>
public static class Problems
{
    public static void Show(ISnackbar snackbar, IStringLocalizer l, Exception e)
    {
        var text = e switch
        {
            ValidationFailedException v => string.Join(" ", Reasons.Of(v).Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")),
            ConflictException => Reasons.Translate(e.Message),
            ForbiddenException => Reasons.Translate(e.Message),
            NotFoundException => l["Error.NotFound"],
            _ => throw e,
        };
        snackbar.Add(text, Severity.Warning);
    }

    /// <summary>True for the refusals a page shows instead of failing.</summary>
    public static bool Expected(Exception e) => e is ValidationFailedException or ConflictException or ForbiddenException or NotFoundException;
}
