using Ganss.Xss;
using Markdig;

namespace Voronka.Core.Common;

/// <summary>
/// Markdown written by people (scripts, answers to objections, notes) turned into HTML a page may show: Markdig with raw
/// HTML off, then HtmlSanitizer keeping only the tags Markdown makes and links to http, https, mailto and tel — no scripts,
/// frames, styles, event handlers or <c>javascript:</c> links, whatever the text holds.
/// </summary>
public static class SafeMarkdown
{
    /// <summary>The longest text kept.</summary>
    public const int MaxLength = 50_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml().UsePipeTables().UseEmphasisExtras().UseTaskLists().UseAutoLinks().UseSoftlineBreakAsHardlineBreak().Build();

    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        return Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
    }

    /// <summary>The text without its markup, for a preview line or a search snippet.</summary>
    public static string ToPlainText(string? markdown, int maxLength = 300)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var text = Markdown.ToPlainText(markdown, Pipeline);
        text = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= maxLength ? text : text[..(maxLength - 1)].TrimEnd() + "…";
    }

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ins", "mark", "sub", "sup", "code", "pre",
                "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "input", "span",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "title", "type", "checked", "disabled", "start", "align", "class",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options);
        // A task list's box is shown, never a form field: only checkboxes stay, and they stay disabled.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement el)
            {
                if (el.LocalName == "input")
                {
                    if (!string.Equals(el.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase)) el.Remove();
                    else el.SetAttribute("disabled", "disabled");
                }
                if (el.LocalName == "a")
                {
                    el.SetAttribute("rel", "noopener noreferrer nofollow");
                    el.SetAttribute("target", "_blank");
                }
            }
        };
        return sanitizer;
    }
}
