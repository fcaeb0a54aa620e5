namespace Voronka.Core.Common;

/// <summary>
/// Money is stored as whole minor units (kopecks, cents) in a 64-bit integer, so sums and comparisons
/// are exact and run in the database on SQLite as on PostgreSQL (see docs/adr/0003-money-as-minor-units.md).
/// </summary>
public static class Money
{
    public const int Scale = 2;
    public const decimal MaxAmount = 1_000_000_000_000m;

    public static long ToMinor(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal FromMinor(long minor) => minor / 100m;

    /// <summary>True when the amount fits the stored scale and range.</summary>
    public static bool IsValid(decimal amount, bool allowNegative = false) =>
        (allowNegative || amount >= 0) && Math.Abs(amount) <= MaxAmount && decimal.Round(amount, Scale) == amount;

    public static void Check(Validator v, decimal? amount, string field)
    {
        if (amount is null) return;
        if (amount < 0) v.Add(field, "must not be negative.");
        else if (amount > MaxAmount) v.Add(field, $"must be at most {MaxAmount:0}.");
        else if (decimal.Round(amount.Value, Scale) != amount.Value) v.Add(field, $"must have at most {Scale} decimal places.");
    }

    private static readonly HashSet<string> Currencies = new(StringComparer.Ordinal)
    {
        "RUB", "USD", "EUR", "CNY", "KZT", "BYN", "UZS", "AMD", "GEL", "AZN", "KGS", "TRY", "AED", "GBP", "CHF", "INR", "JPY",
    };

    public static bool IsKnownCurrency(string? code) => code is not null && Currencies.Contains(code);

    public static IReadOnlyCollection<string> KnownCurrencies => Currencies;
}
