using AngleSharp.Html.Parser;
using Voronka.Core.Common;

namespace Voronka.Tests.Features.Arsenal;

/// <summary>Text people write is shown as Markdown and nothing in it runs.</summary>
public class SafeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](java&#x09;script:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![pic](javascript:alert(1))")]
    [InlineData("<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<style>body{display:none}</style>")]
    [InlineData("<form action=\"https://evil.example\"><input name=p></form>")]
    [InlineData("<svg onload=alert(1)>")]
    public void Hostile_markup_comes_out_inert(string markdown)
    {
        var html = SafeMarkdown.ToHtml("Текст\n\n" + markdown);
        var doc = new HtmlParser().ParseDocument(html);
        var elements = doc.Body!.QuerySelectorAll("*").ToList();
        Assert.NotEmpty(elements);
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "iframe" or "img" or "style" or "form" or "svg" or "object");
        Assert.DoesNotContain(elements.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
            || a.Name is "src" or "style" or "action");
        Assert.All(elements.Select(e => e.GetAttribute("href")).OfType<string>(),
            href => Assert.Matches("^(https?:|mailto:|tel:)", href));
    }

    [Fact]
    public void Markdown_keeps_its_formatting_and_safe_links()
    {
        var html = SafeMarkdown.ToHtml("## Скрипт\n\n**Выгода** за *минуту*:\n\n"
            + "1. [сайт](https://voronka.example/x)\n"
            + "2. [позвонить](tel:+74950000000)"
            + "\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n- [x] готово");
        Assert.Contains("<h2", html);
        Assert.Contains("<strong>Выгода</strong>", html);
        Assert.Contains("<em>минуту</em>", html);
        Assert.Contains("href=\"https://voronka.example/x\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
        Assert.Contains("href=\"tel:+74950000000\"", html);
        Assert.Contains("<table>", html);
        Assert.Contains("disabled", html);
        Assert.Equal("Скрипт Выгода за минуту: сайт позвонить",
            SafeMarkdown.ToPlainText("## Скрипт\n\n**Выгода** за *минуту*:\n\n"
            + "1. [сайт](https://voronka.example/x)\n2. [позвонить](tel:+74950000000)"));
    }
}
