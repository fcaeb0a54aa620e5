using System.Diagnostics;
using System.Globalization;

namespace Voronka.Tests.Infrastructure;

/// <summary>
/// The tests' "now": it starts at a moment the suite chooses and runs on at the machine's pace, so the suite gives
/// the same result whatever the machine's date. The moment is <see cref="DefaultStart"/> unless VORONKA_TEST_NOW
/// gives another (an ISO 8601 moment with its offset, e.g. <c>2027-01-11T09:00:00+03:00</c>), which is how the
/// suite is tried on the awkward days of the calendar.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>A Friday afternoon in Moscow near the end of a month.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 27, 15, 0, 0, TimeSpan.FromHours(3));

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _start = (Environment.GetEnvironmentVariable("VORONKA_TEST_NOW") is { Length: > 0 } s
        ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : DefaultStart).ToUniversalTime();

    private TimeSpan _shift;

    public override DateTimeOffset GetUtcNow() => _start + _shift + Stopwatch.GetElapsedTime(_started);

    /// <summary>Moves the clock on (never back): a second host made later is brought level with the first.</summary>
    public void Advance(TimeSpan by) => _shift += by > TimeSpan.Zero ? by : TimeSpan.Zero;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
