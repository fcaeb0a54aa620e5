using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// Every user-facing string lives in Resources/ru.json and Resources/en.json (embedded), keyed alike.
/// The UI asks for <c>L["Key"]</c>; the language is the request's culture (cookie, else the browser).
/// </summary>
public sealed class Texts : IStringLocalizer
{
    public static readonly string[] Cultures = ["ru", "en"];
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byCulture;

    public Texts()
    {
        _byCulture = Cultures.ToFrozenDictionary(c => c, Load);
    }

    /// <summary>The culture numbers and dates are written in. English writes dates day first with the month's name
    /// («1 Dec 2026», «1 Dec» on a chart), so that no reader takes 01.12 for January 12th, and times on a 24-hour clock.
    /// </summary>
    public static CultureInfo Culture(string name)
    {
        if (name != "en") return CultureInfo.GetCultureInfo(name);
        var en = (CultureInfo)CultureInfo.GetCultureInfo("en").Clone();
        en.DateTimeFormat.ShortDatePattern = "d MMM yyyy";
        en.DateTimeFormat.LongDatePattern = "d MMMM yyyy";
        en.DateTimeFormat.ShortTimePattern = "HH:mm";
        en.DateTimeFormat.LongTimePattern = "HH:mm:ss";
        en.DateTimeFormat.MonthDayPattern = "d MMM";
        // Weeks run Monday to Sunday everywhere in the app (plans, reports, the calendar).
        en.DateTimeFormat.FirstDayOfWeek = DayOfWeek.Monday;
        return CultureInfo.ReadOnly(en);
    }

    public static FrozenDictionary<string, string> Load(string culture)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream($"Voronka.Web.Resources.{culture}.json")
            ?? throw new InvalidOperationException($"No texts for {culture}.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary();
    }

    private FrozenDictionary<string, string> Current =>
        _byCulture.TryGetValue(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, out var d) ? d : _byCulture["ru"];

    public LocalizedString this[string name] =>
        Current.TryGetValue(name, out var value) ? new LocalizedString(name, value) : new LocalizedString(name, name, resourceNotFound: true);

    public LocalizedString this[string name, params object[] arguments] =>
        this[name] is { ResourceNotFound: false } s
            ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments))
            : new LocalizedString(name, name, resourceNotFound: true);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => Current.Select(kv => new LocalizedString(kv.Key, kv.Value));

    /// <summary>A text in a language named, not the request's: for what is written to someone away from the page (e-mail).
    /// </summary>
    public string In(string? culture, string name, params object[] arguments)
    {
        var texts = _byCulture.TryGetValue(culture ?? "ru", out var d) ? d : _byCulture["ru"];
        return texts.TryGetValue(name, out var value) ? string.Format(Culture(culture is "en" ? "en" : "ru"), value, arguments) : name;
    }

    /// <summary>The name of an enum member in the current language ("StageKind.Won").</summary>
    public string Enum<T>(T value) where T : struct, System.Enum => this[$"{typeof(T).Name}.{value}"];
}
