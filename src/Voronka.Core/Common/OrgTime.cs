using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;

namespace Voronka.Core.Common;

/// <summary>Turns the organisation's calendar days into UTC instants.</summary>
public static class OrgTime
{
    public static TimeZoneInfo Zone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    /// <summary>The organisation's time zone, read from its settings.</summary>
    public static async Task<TimeZoneInfo> ZoneAsync(VoronkaDbContext db, CancellationToken ct) =>
        Zone(await ZoneId(db, ct) ?? "Europe/Moscow");

    // Read by nearly every request: compiled once rather than translated and looked up each time.
    private static readonly Func<VoronkaDbContext, CancellationToken, Task<string?>> ZoneId =
        EF.CompileAsyncQuery((VoronkaDbContext db, CancellationToken ct) =>
            db.Organisation.Select(o => (string?)o.TimeZoneId).FirstOrDefault());

    public static bool IsKnownZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return false;
        try { TimeZoneInfo.FindSystemTimeZoneById(id); return true; }
        catch (TimeZoneNotFoundException) { return false; }
        catch (InvalidTimeZoneException) { return false; }
    }

    /// <summary>The UTC instant at which the local day <paramref name="day"/> begins.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    /// <summary>Inclusive local days [from, to] as a half-open UTC range [start, end).</summary>
    public static (DateTime? Start, DateTime? End) Range(DateOnly? from, DateOnly? to, TimeZoneInfo zone) =>
        (from is null ? null : StartOfDayUtc(from.Value, zone), to is null ? null : StartOfDayUtc(to.Value.AddDays(1), zone));

    public static DateOnly Today(DateTime utcNow, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
}
