using System.Text.RegularExpressions;

namespace Voronka.Tests.Browser;

/// <summary>How the screens write numbers: digits grouped by a space (a no-break one in Russian).</summary>
public static class Shown
{
    /// <summary>«Найдено: 1 319» for 1319, whatever space groups the digits.</summary>
    public static Regex Found(object count) =>
        new("^Найдено: " + string.Join(@"\s?", count.ToString()!.Where(char.IsDigit)) + "$");
}
