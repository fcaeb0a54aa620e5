using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Import;
using Voronka.Core.Features.Leads;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>A list of leads from a file: the columns known by their Russian or English names, every row checked before
/// anything is written, then all of them matched and routed.</summary>
public class LeadImportTests(LeadApp app) : IClassFixture<LeadApp>
{
    private static MultipartFormDataContent File(string csv, string? source = null)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "visitors.csv");
        if (source is not null) content.Add(new StringContent(source), "source");
        return content;
    }

    [Fact]
    public void The_columns_are_known_by_their_usual_names_and_the_rest_is_kept()
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(
            "ФИО;Телефон;E-mail;Компания;Комментарий;Стенд\n"
            + "Иван Ильин;8 916 111-22-33;;ООО «Альфа»;Нужен счёт;A12\n;;b@beta.example;;;B7\n"));
        var rows = LeadImport.Read(ImportFile.Open(csv, "expo.csv"), "expo-2026");
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal((2, "Иван Ильин", "8 916 111-22-33", "ООО «Альфа»", "Нужен счёт", "expo-2026"),
            (first.Number, first.Lead.Name, first.Lead.Phone, first.Lead.CompanyName, first.Lead.Message, first.Lead.Source));
        Assert.Equal("A12", first.Cells["Стенд"]);
        Assert.Equal((3, "b@beta.example"), (rows[1].Number, rows[1].Lead.Email));

        using var none = new MemoryStream(Encoding.UTF8.GetBytes("Имя;Город\nИван;Тверь\n"));
        var refused = Assert.Throws<ValidationFailedException>(() => LeadImport.Read(ImportFile.Open(none, "x.csv"), null));
        Assert.Equal(["file"], refused.Errors.Keys);
    }

    [Fact]
    public async Task A_file_with_a_bad_row_is_refused_whole_and_a_good_one_brings_every_lead_routed()
    {
        var director = await app.As("director");
        int Count()
        {
            using var db = app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContext();
            return db.Leads.Count(l => l.Channel == LeadChannel.Import);
        }
        var bad = await director.PostAsync("/api/v1/leads/import", File(
            "Имя,Телефон,Email\nАнна,+7 916 555-01-01,\nБорис,,\nВера,123,\n")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["rows[3].phone", "rows[4].phone"], bad.ErrorFields());
        Assert.Equal(0, Count());

        var done = await director.PostAsync("/api/v1/leads/import", File(
            "Имя,Телефон,Email,utm_campaign\nАнна,+7 916 555-01-01,,expo\nБорис,,boris@import.example,expo\n",
            "expo-2026"))
            .Expect<LeadImportResponse>(HttpStatusCode.Created);
        Assert.Equal(2, done.Imported);
        Assert.Equal(2, Count());
        var leads = await director.GetAsync("/api/v1/leads?channel=Import").Expect<Page<LeadResponse>>();
        Assert.All(leads.Items, l => Assert.Equal(("expo-2026", "expo"), (l.Source, l.UtmCampaign)));
        Assert.Equal(done.Assigned, leads.Items.Count(l => l.Status == LeadStatus.Assigned));
        Assert.All(leads.Items, l => Assert.NotEqual(LeadStatus.Rejected, l.Status));

        await (await app.As("manager1")).PostAsync("/api/v1/leads/import", File("Телефон\n+79165550102\n"))
            .Problem(HttpStatusCode.Forbidden);
        await director.PostAsync("/api/v1/leads/import", new MultipartFormDataContent()).Problem(HttpStatusCode.BadRequest);
    }
}
