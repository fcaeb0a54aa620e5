using Voronka.Core.Common;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Plans;

namespace Voronka.Tests.Features.Leads;

/// <summary>Working minutes with worked examples: the timer waits over nights, weekends, holidays and days away.</summary>
public class WorkingClockTests
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    private static DateTime Utc(int month, int day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, month, day, hour, minute, 0), Moscow);

    // 2027: 5 March is a Friday; 8 March (Monday) a holiday; 9 March a Tuesday.
    private static readonly WorkingClock NineToSix = new(new WorkCalendar([new DateOnly(2027, 3, 8)]), Moscow, new(9, 0), new(18, 0));

    [Theory]
    [InlineData(3, 4, 10, 0, 15, 3, 4, 10, 15)] // inside the day
    [InlineData(3, 4, 17, 50, 15, 3, 5, 9, 5)] // 10 minutes today, 5 tomorrow morning
    [InlineData(3, 4, 7, 30, 15, 3, 4, 9, 15)] // before the day starts: the clock waits for 9:00
    [InlineData(3, 5, 17, 50, 15, 3, 9, 9, 5)] // Friday evening → over the weekend and the holiday to Tuesday
    [InlineData(3, 6, 12, 0, 60, 3, 9, 10, 0)] // given on a Saturday
    [InlineData(3, 4, 10, 0, 600, 3, 5, 11, 0)] // more than a working day
    public void A_deadline_counts_working_minutes_only(int m, int d, int h, int min, int minutes, int dm, int dd, int dh, int dmin) =>
        Assert.Equal(Utc(dm, dd, dh, dmin), NineToSix.AddMinutes(Utc(m, d, h, min), minutes));

    [Fact]
    public void Minutes_between_two_moments_leave_out_nights_weekends_and_holidays()
    {
        Assert.Equal(15, NineToSix.MinutesBetween(Utc(3, 5, 17, 50), Utc(3, 9, 9, 5)));
        Assert.Equal(0, NineToSix.MinutesBetween(Utc(3, 6, 10, 0), Utc(3, 7, 20, 0)));
        Assert.Equal(540 + 30, NineToSix.MinutesBetween(Utc(3, 3, 17, 30), Utc(3, 5, 9, 0)));
    }

    [Fact]
    public void A_person_s_own_hours_and_days_away_count()
    {
        var early = new WorkingClock(new WorkCalendar(), Moscow, new(8, 0), new(17, 0), new HashSet<DateOnly> { new(2027, 3, 5) });
        // Thursday 16:55 → 5 minutes that day; Friday away; Monday 8:00 + 10.
        Assert.Equal(Utc(3, 8, 8, 10), early.AddMinutes(Utc(3, 4, 16, 55), 15));
    }
}
