using System.Net;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;
using Voronka.Tests.Features.Telephony;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Arsenal;

/// <summary>A company of its own for the arsenal.</summary>
public class ArsenalApp : VoronkaApp;

public class ArsenalApiTests(ArsenalApp app) : IClassFixture<ArsenalApp>
{
    [Fact]
    public async Task The_director_keeps_a_script_for_a_stage_and_the_manager_finds_it_on_the_deal_and_by_search()
    {
        var director = await app.SignInAsync("director", VoronkaApp.Password);
        var m1 = await app.SignInAsync("manager1", VoronkaApp.Password);
        var stages = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault).Stages;
        var open = stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        var product = await director.PostJson("/api/v1/products", new { name = "Станок ЧПУ", listPrice = 100000 })
            .Expect<ProductResponse>(HttpStatusCode.Created);

        var bad = await director.PostJson("/api/v1/arsenal", new
        {
            kind = "poem", title = "", url = "javascript:alert(1)", stageIds = new[] { 999999 }, verifyEveryDays = 0,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["kind", "stageIds", "title", "url", "verifyEveryDays"], bad.ErrorFields().Order());
        await m1.PostJson("/api/v1/arsenal", new { kind = "script", title = "Мой" }).Problem(HttpStatusCode.Forbidden);
        Assert.Empty(await director.GetAsync("/api/v1/arsenal").Expect<List<ArsenalListItem>>());

        var script = await director.PostJson("/api/v1/arsenal", new
        {
            kind = "script", title = "Скрипт звонка после КП",
                text = "## Начало\n\nНапомните **выгоду** <script>alert(1)</script>",
            stageIds = new[] { open[1].Id }, verifyEveryDays = 30,
        }).Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        Assert.Equal((1, app.UserIds["director"], 30), (script.ContentVersion, script.OwnerId, script.VerifyEveryDays));
        Assert.Contains("<strong>выгоду</strong>", script.Html);
        Assert.DoesNotContain("<script", script.Html);
        var video = await director.PostJson("/api/v1/arsenal", new
        {
            kind = "video", title = "Демонстрация станка", url = "https://video.example/demo",
                productIds = new[] { product.Id },
        }).Expect<ArsenalItemResponse>(HttpStatusCode.Created);

        // The deal at the first stage with the product sees the video; moved to the next stage it sees the script too.
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Станки для завода",
            lines = new[] { new { productId = product.Id } } })
            .Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Equal([video.Id], (await m1.GetAsync($"/api/v1/deals/{deal.Id}/arsenal").Expect<List<ArsenalListItem>>()).Select(i => i.Id));
        await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = open[1].Id, version = deal.Version }).Expect<DealResponse>();
        var forDeal = await m1.GetAsync($"/api/v1/deals/{deal.Id}/arsenal").Expect<List<ArsenalListItem>>();
        Assert.Equal([script.Id, video.Id], forDeal.Select(i => i.Id));
        Assert.Equal("Начало Напомните выгоду <script>alert(1)</script>", forDeal[0].Preview);
        await (await app.SignInAsync("manager3",
            VoronkaApp.Password)).GetAsync($"/api/v1/deals/{deal.Id}/arsenal").Problem(HttpStatusCode.NotFound);

        // Search is over the title and the text, in any letter case.
        var found = await m1.GetAsync("/api/v1/arsenal?q=ВЫГОДУ").Expect<List<ArsenalListItem>>();
        Assert.Equal([script.Id], found.Select(i => i.Id));
        Assert.Equal([video.Id], (await m1.GetAsync("/api/v1/arsenal?kind=video").Expect<List<ArsenalListItem>>()).Select(i => i.Id));
        Assert.Equal([video.Id], (await m1.GetAsync($"/api/v1/arsenal?productId={product.Id}").Expect<List<ArsenalListItem>>())
            .Select(i => i.Id));
    }

    [Fact]
    public async Task A_change_keeps_the_old_text_as_a_version_and_a_stale_item_is_confirmed_by_its_owner()
    {
        var director = await app.SignInAsync("director", VoronkaApp.Password);
        var technique = await director.PostJson("/api/v1/arsenal", new
        {
            kind = "technique", title = "СПИН-вопросы", text = "Ситуация, проблема",
                ownerId = app.UserIds["senior1"], verifyEveryDays = 7,
        }).Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        var stale = await director.PutJson($"/api/v1/arsenal/{technique.Id}", new
        {
            kind = "technique", title = "СПИН-вопросы",
                text = "Ситуация, проблема, извлечение, выгода", ownerId = app.UserIds["senior1"],
            verifyEveryDays = 7, version = technique.Version - 1,
        }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(technique.Version, stale.GetProperty("currentVersion").GetInt32());
        var changed = await director.PutJson($"/api/v1/arsenal/{technique.Id}", new
        {
            kind = "technique", title = "СПИН-вопросы",
                text = "Ситуация, проблема, извлечение, выгода", ownerId = app.UserIds["senior1"],
            verifyEveryDays = 7, version = technique.Version,
        }).Expect<ArsenalItemResponse>();
        Assert.Equal(2, changed.ContentVersion);
        // Only the links changed: no new version of the text.
        var relinked = await director.PutJson($"/api/v1/arsenal/{technique.Id}", new
        {
            kind = "technique", title = "СПИН-вопросы",
                text = "Ситуация, проблема, извлечение, выгода", ownerId = app.UserIds["senior1"],
            verifyEveryDays = 7, version = changed.Version, productIds = Array.Empty<int>(),
        }).Expect<ArsenalItemResponse>();
        Assert.Equal(2, relinked.ContentVersion);
        var versions = await director.GetAsync($"/api/v1/arsenal/{technique.Id}/versions").Expect<List<ArsenalVersionResponse>>();
        Assert.Equal([(2, "Ситуация, проблема, извлечение, выгода"), (1,
            "Ситуация, проблема")], versions.Select(v => (v.Number, v.Text)));

        Assert.DoesNotContain(technique.Id, (await director.GetAsync("/api/v1/arsenal?stale=true").Expect<List<ArsenalListItem>>())
            .Select(i => i.Id));
        app.Clock.Advance(TimeSpan.FromDays(8));
        var director2 = await app.SignInAsync("director", VoronkaApp.Password);
        var listed = Assert.Single(await director2.GetAsync("/api/v1/arsenal?stale=true").Expect<List<ArsenalListItem>>(),
            i => i.Id == technique.Id);
        Assert.True(listed.Stale);
        var m1 = await app.SignInAsync("manager1", VoronkaApp.Password);
        await m1.PostAsync($"/api/v1/arsenal/{technique.Id}/verify", null).Problem(HttpStatusCode.Forbidden);
        var senior = await app.SignInAsync("senior1", VoronkaApp.Password);
        var confirmed = await senior.PostAsync($"/api/v1/arsenal/{technique.Id}/verify", null).Expect<ArsenalItemResponse>();
        Assert.False(confirmed.Stale);
        Assert.Equal(confirmed.VerifiedAt.AddDays(7), confirmed.VerifyBy);
        Assert.DoesNotContain(technique.Id, (await senior.GetAsync("/api/v1/arsenal?stale=true").Expect<List<ArsenalListItem>>())
            .Select(i => i.Id));

        // Nobody opened it for two months: it is listed as unused until someone does.
        app.Clock.Advance(TimeSpan.FromDays(ArsenalService.UnusedDays + 1));
        m1 = await app.SignInAsync("manager1", VoronkaApp.Password);
        Assert.Contains(technique.Id, (await m1.GetAsync("/api/v1/arsenal?unused=true").Expect<List<ArsenalListItem>>()).Select(i => i.Id));
        (await m1.PostJson($"/api/v1/arsenal/{technique.Id}/uses", new { kind = "opened" })).EnsureSuccessStatusCode();
        await m1.PostJson($"/api/v1/arsenal/{technique.Id}/uses", new { kind = "clientOpened" }).Problem(HttpStatusCode.BadRequest);
        Assert.DoesNotContain(technique.Id, (await m1.GetAsync("/api/v1/arsenal?unused=true").Expect<List<ArsenalListItem>>())
            .Select(i => i.Id));

        senior = await app.SignInAsync("senior1", VoronkaApp.Password);
        await senior.PostAsync($"/api/v1/arsenal/{technique.Id}/archive", null).Expect<ArsenalItemResponse>();
        Assert.DoesNotContain(technique.Id, (await m1.GetAsync("/api/v1/arsenal").Expect<List<ArsenalListItem>>()).Select(i => i.Id));
        Assert.Contains(technique.Id,
            (await m1.GetAsync("/api/v1/arsenal?archived=true").Expect<List<ArsenalListItem>>()).Select(i => i.Id));
    }

    [Fact]
    public async Task A_proposal_template_takes_a_docx_and_a_video_an_mp4()
    {
        var director = await app.SignInAsync("director", VoronkaApp.Password);
        var template = await director.PostJson("/api/v1/arsenal", new { kind = "proposalTemplate", title = "КП стандартное" })
            .Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 };
        var refused = await director.PutAsync($"/api/v1/arsenal/{template.Id}/file", RecordingApp.File(png,
            "kp.png")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["file"], refused.ErrorFields());
        var docx = Docs.Docx("Коммерческое предложение для {{company.name}}");
        var kept = await director.PutAsync($"/api/v1/arsenal/{template.Id}/file", RecordingApp.File(docx,
            "КП.docx")).Expect<ArsenalItemResponse>();
        Assert.Equal(("КП.docx", 2, (long)docx.Length), (kept.FileName, kept.ContentVersion, kept.FileSize!.Value));
        Assert.Equal(docx, await (await director.GetAsync($"/api/v1/arsenal/{template.Id}/file")).Content.ReadAsByteArrayAsync());
        await director.GetAsync($"/api/v1/arsenal/{template.Id}/file?version=1").Problem(HttpStatusCode.NotFound);

        var video = await director.PostJson("/api/v1/arsenal", new { kind = "video", title = "Обзор" })
            .Expect<ArsenalItemResponse>(HttpStatusCode.Created);
        await director.PutAsync($"/api/v1/arsenal/{video.Id}/file", RecordingApp.File(docx,
            "obzor.docx")).Problem(HttpStatusCode.BadRequest);
        byte[] mp4 = [0, 0, 0, 0x18, .. "ftypmp42"u8.ToArray(), 0, 0, 0, 0, .. "mp42isom"u8.ToArray(), 1, 2, 3, 4];
        kept = await director.PutAsync($"/api/v1/arsenal/{video.Id}/file", RecordingApp.File(mp4,
            "obzor.mp4")).Expect<ArsenalItemResponse>();
        Assert.Equal("video/mp4", kept.FileType);
    }
}
