namespace Voronka.Core.Features.Companies;

/// <summary>Russian taxpayer number (INN): 10 digits for organisations, 12 for individuals, with check digits.</summary>
public static class Inn
{
    private static readonly int[] W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    /// <summary>Strips spaces and dashes; returns null for empty input.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        return new string(raw.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
    }

    public static bool IsValid(string inn)
    {
        if (!inn.All(char.IsAsciiDigit)) return false;
        var d = inn.Select(c => c - '0').ToArray();
        return inn.Length switch
        {
            10 => Check(d, W10) == d[9],
            12 => Check(d, W11) == d[10] && Check(d, W12) == d[11],
            _ => false,
        };
    }

    /// <summary>Completes the first 9 (or 10) digits with valid check digits.</summary>
    public static string Complete(string body)
    {
        var d = body.Select(c => c - '0').ToList();
        if (d.Count == 9) { d.Add(Check(d, W10)); }
        else if (d.Count == 10) { d.Add(Check(d, W11)); d.Add(Check(d, W12)); }
        else throw new ArgumentException("Expected 9 or 10 digits.", nameof(body));
        return string.Concat(d);
    }

    private static int Check(IReadOnlyList<int> d, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += d[i] * weights[i];
        return sum % 11 % 10;
    }
}
