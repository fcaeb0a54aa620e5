using Voronka.Core.Common;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Plans;

namespace Voronka.Tests.Features.Calendar;

public class ProductionCalendarTests
{
    private static WorkCalendar Work(ProductionCalendar c)
    {
        var days = c.Exceptions();
        return new WorkCalendar(days.Where(d => !d.IsWorking).Select(d => d.Date), days.Where(d => d.IsWorking).Select(d => d.Date));
    }

    private static int[] Months(ProductionCalendar c)
    {
        var work = Work(c);
        return Enumerable.Range(1, 12).Select(m =>
            work.WorkingDays(new DateOnly(c.Year, m, 1), new DateOnly(c.Year, m, DateTime.DaysInMonth(c.Year, m)))).ToArray();
    }

    // Counted by hand from the weekdays of each month less the weekdays off (and plus the worked Saturday of
    // 1 November 2025); the years' totals are the decrees' 247.
    [Theory]
    [InlineData(2025, CalendarSource.Official, 247, new[] { 17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22 })]
    [InlineData(2026, CalendarSource.Official, 247, new[] { 15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22 })]
    [InlineData(2027, CalendarSource.Provisional, 249, new[] { 15, 19, 22, 22, 19, 21, 22, 22, 22, 21, 21, 23 })]
    public void The_shipped_calendars_have_the_working_days_of_the_year_and_of_each_month(
        int year, CalendarSource source, int total, int[] months)
    {
        var (calendar, from) = ProductionCalendars.For(year);
        Assert.Equal(source, from);
        Assert.Equal(year, calendar.Year);
        Assert.Equal(total, Work(calendar).WorkingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)));
        Assert.Equal(months, Months(calendar));
        Assert.Equal(total, months.Sum());
    }

    [Fact]
    public void The_2026_calendar_has_the_days_off_moved_by_decree_and_by_the_weekend_rule()
    {
        var days = ProductionCalendars.For(2026).Calendar.Exceptions();
        Assert.All(days, d => Assert.False(d.IsWorking));
        var off = days.Select(d => d.Date.ToString("MM-dd")).ToArray();
        Assert.Equal(
            ["01-01", "01-02", "01-05", "01-06", "01-07", "01-08", "01-09", "02-23", "03-09", "05-01", "05-11", "06-12", "11-04", "12-31"],
            off);
        Assert.Equal("Перенесённый выходной (с 04.01)", days.Single(d => d.Date == new DateOnly(2026, 12, 31)).Name);
        Assert.Equal("Международный женский день (перенос с 08.03)", days.Single(d => d.Date == new DateOnly(2026, 3, 9)).Name);
        Assert.Equal("Рождество Христово", days.Single(d => d.Date == new DateOnly(2026, 1, 7)).Name);
    }

    [Fact]
    public void The_2025_calendar_works_on_Saturday_1_November()
    {
        var days = ProductionCalendars.For(2025).Calendar.Exceptions();
        var worked = Assert.Single(days, d => d.IsWorking);
        Assert.Equal(new DateOnly(2025, 11, 1), worked.Date);
        Assert.Equal(15, days.Count(d => !d.IsWorking));
    }

    [Fact]
    public void The_provisional_2027_calendar_is_exactly_the_Labour_Codes_rule()
    {
        Assert.Equal(ProductionCalendars.ByRule(2027).Exceptions(), ProductionCalendars.For(2027).Calendar.Exceptions());
    }

    [Fact]
    public void The_rule_moves_a_weekend_holiday_to_the_next_working_day_but_not_the_January_ones()
    {
        // 2026 by the rule alone: 8 March (Sunday) → 9 March, 9 May (Saturday) → 11 May; 3 and 4 January (a weekend)
        // stay where they are, so 9 January and 31 December — the decree's — are working days: 249 instead of 247.
        var rule = ProductionCalendars.ByRule(2026);
        var off = rule.Exceptions().Select(d => d.Date).ToHashSet();
        Assert.Contains(new DateOnly(2026, 3, 9), off);
        Assert.Contains(new DateOnly(2026, 5, 11), off);
        Assert.DoesNotContain(new DateOnly(2026, 1, 9), off);
        Assert.DoesNotContain(new DateOnly(2026, 12, 31), off);
        Assert.Equal(249, Work(rule).WorkingDays(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        // 2028: 23 February is a Wednesday; 1 May a Monday; 9 May a Tuesday; 12 June a Monday; 4 November a Saturday → 6 November.
        var r2028 = ProductionCalendars.ByRule(2028).Exceptions();
        Assert.Contains(r2028, d => d.Date == new DateOnly(2028, 11, 6) && d.Name == "День народного единства (перенос с 04.11)");
        Assert.DoesNotContain(r2028, d => d.Date == new DateOnly(2028, 11, 4));
        // 2033: 1 and 2 January are a Saturday and Sunday and are not moved (10 January is worked); 12 June (Sunday) → 13 June.
        var r2033 = ProductionCalendars.ByRule(2033).Exceptions().Select(d => d.Date).ToHashSet();
        Assert.Contains(new DateOnly(2033, 6, 13), r2033);
        Assert.DoesNotContain(new DateOnly(2033, 1, 10), r2033);
    }

    private const string Sample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <calendar year="2030" lang="ru" date="2029.09.01" country="ru">
          <holidays>
            <holiday id="1" title="Новогодние каникулы"/>
            <holiday id="6" title="День Победы"/>
          </holidays>
          <days>
            <day d="01.01" t="1" h="1"/>
            <day d="01.05" t="1" h="1"/>
            <day d="05.08" t="2"/>
            <day d="05.09" t="1" h="6"/>
            <day d="05.10" t="1" f="01.05"/>
            <day d="05.11" t="3"/>
            <day d="11.02" t="2"/>
          </days>
        </calendar>
        """;

    [Fact]
    public void A_file_gives_its_weekdays_off_and_worked_weekend_days_with_names()
    {
        // 2030: 1 January is a Tuesday, 5 January a Saturday, 8 and 9 May a Wednesday and Thursday, 10 May a Friday,
        // 11 May a Saturday, 2 November a Saturday (shortened, so worked).
        var c = ProductionCalendarXml.Parse(Sample);
        Assert.Equal(2030, c.Year);
        Assert.Equal(7, c.Days.Count);
        Assert.Equal(new ProductionDay(new DateOnly(2030, 5, 10), ProductionDayKind.DayOff, null, new DateOnly(2030, 1, 5)), c.Days[4]);
        Assert.Equal(
        [
            new CalendarDayResponse(new DateOnly(2030, 1, 1), false, "Новогодние каникулы"),
            new CalendarDayResponse(new DateOnly(2030, 5, 9), false, "День Победы"),
            new CalendarDayResponse(new DateOnly(2030, 5, 10), false, "Перенесённый выходной (с 05.01)"),
            new CalendarDayResponse(new DateOnly(2030, 5, 11), true, "Рабочий день по переносу"),
            new CalendarDayResponse(new DateOnly(2030, 11, 2), true, "Рабочий день по переносу"),
        ], c.Exceptions());
        // May 2030: 23 weekdays, less 9 and 10 May, plus Saturday 11 May.
        Assert.Equal(22, Work(c).WorkingDays(new DateOnly(2030, 5, 1), new DateOnly(2030, 5, 31)));
    }

    [Theory]
    [InlineData("", "file")]
    [InlineData("this is not xml", "file")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"01.01\" t=\"1\"></days></calendar>", "file")]
    [InlineData("<holidays/>", "calendar")]
    [InlineData("<calendar><days/></calendar>", "year")]
    [InlineData("<calendar year=\"1999\"><days/></calendar>", "year")]
    [InlineData("<calendar year=\"2030\"/>", "days")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"02.30\" t=\"1\"/></days></calendar>", "days[0].d")]
    [InlineData("<calendar year=\"2030\"><days><day t=\"1\"/></days></calendar>", "days[0].d")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"01.01\" t=\"4\"/></days></calendar>", "days[0].t")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"01.01\" t=\"1\" h=\"9\"/></days></calendar>", "days[0].h")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"05.10\" t=\"1\" f=\"1.5\"/></days></calendar>", "days[0].f")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"05.10\" t=\"3\"/></days></calendar>", "days[0].t")]
    [InlineData("<calendar year=\"2030\"><days><day d=\"05.10\" t=\"1\"/><day d=\"05.10\" t=\"1\"/></days></calendar>", "days[1].d")]
    [InlineData("<calendar year=\"2030\"><holidays><holiday id=\"1\"/><holiday id=\"1\"/></holidays><days/></calendar>", "holidays[1].id")]
    [InlineData("<!DOCTYPE calendar [<!ENTITY x \"y\">]><calendar year=\"2030\"><days/></calendar>", "file")]
    public void A_malformed_file_is_refused_naming_the_field(string xml, string field)
    {
        var e = Assert.Throws<ValidationFailedException>(() => ProductionCalendarXml.Parse(xml));
        Assert.Contains(field, e.Errors.Keys);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_at_once()
    {
        var e = Assert.Throws<ValidationFailedException>(() => ProductionCalendarXml.Parse(
            "<calendar year=\"2030\"><days><day d=\"13.01\" t=\"1\"/><day d=\"01.02\" t=\"x\"/>"
            + "<day d=\"01.03\" t=\"1\"/></days></calendar>"));
        Assert.Equal(["days[0].d", "days[1].t"], e.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public void A_file_too_large_is_refused_before_it_is_read()
    {
        var e = Assert.Throws<ValidationFailedException>(() => ProductionCalendarXml.Parse(new byte[ProductionCalendarXml.MaxBytes + 1]));
        Assert.Contains("file", e.Errors.Keys);
    }
}
