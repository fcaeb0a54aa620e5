using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Voronka.Core.Features.Calendar;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Calendar;

public class ProductionCalendarApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static async Task<int> WorkingDays(HttpClient c, string from, string to) =>
        (await c.GetAsync($"/api/v1/calendar/working-days?from={from}&to={to}").Expect<WorkingDaysResponse>()).WorkingDays;

    private static Task<CalendarDayResponse> SetDayOff(HttpClient c, string date, string name) =>
        c.PutJson($"/api/v1/calendar/days/{date}", new { isWorking = false, name }).Expect<CalendarDayResponse>();

    private static Task<HttpResponseMessage> PostXml(HttpClient c, string url, string xml, string mediaType = "application/xml") =>
        c.PostAsync(url, new StringContent(xml, Encoding.UTF8, mediaType));

    private static Task<HttpResponseMessage> PostFile(HttpClient c, string url, string xml)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        return c.PostAsync(url, new MultipartFormDataContent { { file, "file", "calendar.xml" } });
    }

    [Fact]
    public async Task State_holidays_for_2026_add_the_decrees_days_off_and_keep_the_days_set_by_hand()
    {
        var director = await app.As("director");
        await SetDayOff(director, "2026-03-09", "Свой выходной");
        await SetDayOff(director, "2026-10-30", "Корпоратив");

        var r = await director.PostAsync("/api/v1/calendar/days/standard?year=2026", null).Expect<StandardHolidaysResponse>();
        Assert.Equal(CalendarSource.Official, r.Source);
        // 14 weekdays off, of which 9 March was set already.
        Assert.Equal(13, r.Added);
        Assert.Equal("Свой выходной", r.Days.Single(d => d.Date == new DateOnly(2026, 3, 9)).Name);
        Assert.Contains(r.Days, d => d.Date == new DateOnly(2026, 12, 31) && !d.IsWorking);
        Assert.Contains(r.Days, d => d.Date == new DateOnly(2026, 1, 9) && !d.IsWorking);

        Assert.Equal(22, await WorkingDays(director, "2026-12-01", "2026-12-31"));
        Assert.Equal(15, await WorkingDays(director, "2026-01-01", "2026-01-31"));
        Assert.Equal(19, await WorkingDays(director, "2026-05-01", "2026-05-31"));
        Assert.Equal(247 - 1, await WorkingDays(director, "2026-01-01", "2026-12-31"));

        // Again: nothing is left to add.
        var again = await director.PostAsync("/api/v1/calendar/days/standard?year=2026", null).Expect<StandardHolidaysResponse>();
        Assert.Equal(0, again.Added);
        await (await app.As("senior1")).PostAsync("/api/v1/calendar/days/standard?year=2026", null).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_year_without_a_shipped_calendar_gets_the_holidays_moved_off_weekends_by_the_Labour_Code()
    {
        var director = await app.As("director");
        var r = await director.PostAsync("/api/v1/calendar/days/standard?year=2029", null).Expect<StandardHolidaysResponse>();
        Assert.Equal(CalendarSource.Rule, r.Source);
        // 4 November 2029 is a Sunday: Monday 5 November is off. November has 22 weekdays.
        Assert.Contains(r.Days, d => d.Date == new DateOnly(2029, 11, 5) && !d.IsWorking);
        Assert.Equal(21, await WorkingDays(director, "2029-11-01", "2029-11-30"));
        var provisional = await director.PostAsync("/api/v1/calendar/days/standard?year=2027", null).Expect<StandardHolidaysResponse>();
        Assert.Equal(CalendarSource.Provisional, provisional.Source);
    }

    private const string Calendar2030 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <calendar year="2030" lang="ru">
          <holidays><holiday id="1" title="Новогодние каникулы"/><holiday id="6" title="День Победы"/></holidays>
          <days>
            <day d="01.01" t="1" h="1"/>
            <day d="05.09" t="1" h="6"/>
            <day d="05.10" t="1" f="01.05"/>
            <day d="05.11" t="3"/>
          </days>
        </calendar>
        """;

    [Fact]
    public async Task Importing_a_calendar_writes_its_year_and_a_bad_file_or_a_non_director_writes_nothing()
    {
        var director = await app.As("director");
        // 1 March 2030 (a Friday) set by hand; May 2030 has 23 weekdays.
        await SetDayOff(director, "2030-03-01", "Свой выходной");
        Assert.Equal(23, await WorkingDays(director, "2030-05-01", "2030-05-31"));

        var merged = await PostXml(director, "/api/v1/calendar/import?mode=merge", Calendar2030).Expect<CalendarImportResponse>();
        Assert.Equal((2030, CalendarImportMode.Merge, 4, 0, 0), (merged.Year, merged.Mode, merged.Added, merged.Changed, merged.Removed));
        Assert.Contains(merged.Days, d => d.Date == new DateOnly(2030, 3, 1));
        Assert.Equal(23 - 2 + 1, await WorkingDays(director, "2030-05-01", "2030-05-31"));

        // Replace (the default), as a file in a form: the day set by hand goes, the file's days stay unchanged.
        var replaced = await PostFile(director, "/api/v1/calendar/import", Calendar2030).Expect<CalendarImportResponse>();
        Assert.Equal((CalendarImportMode.Replace, 0, 0, 1), (replaced.Mode, replaced.Added, replaced.Changed, replaced.Removed));
        Assert.Equal(
            ["2030-01-01", "2030-05-09", "2030-05-10", "2030-05-11"],
            replaced.Days.Select(d => d.Date.ToString("yyyy-MM-dd")));

        // A file that says otherwise changes the day: 10 May is worked again, 11 May a plain Saturday.
        var changed = await PostXml(director, "/api/v1/calendar/import", Calendar2030
            .Replace("<day d=\"05.10\" t=\"1\" f=\"01.05\"/>", "<day d=\"05.10\" t=\"2\"/>")
            .Replace("<day d=\"05.11\" t=\"3\"/>", "<day d=\"05.13\" t=\"1\" h=\"6\"/>"), "text/xml").Expect<CalendarImportResponse>();
        Assert.Equal((1, 0, 2), (changed.Added, changed.Changed, changed.Removed));
        Assert.Equal(23 - 2, await WorkingDays(director, "2030-05-01", "2030-05-31"));
        var before = await director.GetAsync("/api/v1/calendar/days?year=2030").Expect<List<CalendarDayResponse>>();

        // A bad file names the field and writes nothing — not even its good days.
        var bad = await PostXml(director, "/api/v1/calendar/import", Calendar2030.Replace("<day d=\"05.09\" t=\"1\" h=\"6\"/>",
            "<day d=\"05.20\" t=\"1\"/><day d=\"05.09\" t=\"7\" h=\"6\"/>")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["days[2].t"], bad.ErrorFields());
        bad = await PostXml(director, "/api/v1/calendar/import", "<calendar year=\"2030\"><days>").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["file"], bad.ErrorFields());
        bad = await PostXml(director, "/api/v1/calendar/import", "").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["file"], bad.ErrorFields());
        bad = await PostXml(director, "/api/v1/calendar/import?mode=overwrite", Calendar2030).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["mode"], bad.ErrorFields());
        await director.PostJson("/api/v1/calendar/import", new { year = 2030 }).Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await director.GetAsync("/api/v1/calendar/days?year=2030").Expect<List<CalendarDayResponse>>());

        // Only the director keeps the calendar.
        await PostXml(await app.As("manager1"), "/api/v1/calendar/import", Calendar2030).Problem(HttpStatusCode.Forbidden);
        await PostFile(await app.As("senior1"), "/api/v1/calendar/import", Calendar2030).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await director.GetAsync("/api/v1/calendar/days?year=2030").Expect<List<CalendarDayResponse>>());
    }
}
