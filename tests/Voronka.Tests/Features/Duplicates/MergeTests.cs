using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Duplicates;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.FillQuality;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Duplicates;

/// <summary>A company of its own: the test counts every company and contact.</summary>
public class MergeApp : VoronkaApp;

public class MergeTests(MergeApp app) : IClassFixture<MergeApp>
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray();

    private static MultipartFormDataContent Form(string ownerType, int ownerId)
    {
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent
        {
            { new StringContent(ownerType), "ownerType" }, { new StringContent(ownerId.ToString()), "ownerId" }, { file, "file",
                "КП.pdf" },
        };
    }

    /// <summary>Where every deal, contact, activity, file and audit row (of those written before the merge) points: what a
    /// merge and its undo must give back.</summary>
    private Task<string> WhereEverythingIsAsync(long auditUpTo) => app.Db(async db =>
    {
        var deals = await db.Deals.OrderBy(d => d.Id).Select(d => $"{d.Id}:{d.CompanyId}:{d.ContactId}").ToListAsync();
        var contacts = await db.Contacts.IgnoreQueryFilters().OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.CompanyId}:{c.MergedIntoId}")
            .ToListAsync();
        var activities = await db.Activities.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.CompanyId}:{a.ContactId}").ToListAsync();
        var files = await db.Set<Attachment>().OrderBy(f => f.Id).Select(f => $"{f.Id}:{f.OwnerType}:{f.OwnerId}").ToListAsync();
        var audit = await db.AuditEntries
            .Where(a => a.Id <= auditUpTo && (a.EntityType == "Company" || a.EntityType == "Contact")).OrderBy(a => a.Id)
            .Select(a => $"{a.Id}:{a.EntityType}:{a.EntityId}").ToListAsync();
        return string.Join("|", deals.Concat(contacts).Concat(activities).Concat(files).Concat(audit));
    });

    [Fact]
    public async Task A_merge_moves_everything_to_the_kept_record_and_its_undo_puts_every_row_back()
    {
        var director = await app.As("director");
        var m1 = await app.As("manager1");
        var older = await director.PostJson("/api/v1/companies", new { name = "ООО «Ромашка»", inn = "7707083893",
            phone = "+7 912 000-11-22" })
            .Expect<CompanyResponse>(HttpStatusCode.Created);
        var newer = await m1.PostJson("/api/v1/companies", new { name = "Ромашка", email = "info@romashka.ru",
            website = "romashka.ru" })
            .Expect<CompanyResponse>(HttpStatusCode.Created);
        var ivan = await director.PostJson("/api/v1/contacts", new { name = "Иван Петров", companyId = older.Id,
            phones = new[] { "+79120003344" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var ivan2 = await director.PostJson("/api/v1/contacts", new { name = "Иван Петров", companyId = older.Id,
            emails = new[] { "ivan@romashka.ru" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var sameNumber = await m1.PostJson("/api/v1/contacts", new { name = "Бухгалтерия", companyId = newer.Id,
            phones = new[] { "+79120003344" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Поставка", companyId = newer.Id, contactId = sameNumber.Id })
            .Expect<DealResponse>(HttpStatusCode.Created);
        await m1.PostJson("/api/v1/activities", new { dealId = deal.Id, companyId = newer.Id, type = "Meeting",
            notes = "Договорились" })
            .Expect<ActivityResponse>(HttpStatusCode.Created);
        await m1.PostAsync("/api/v1/files", Form("Company", newer.Id)).Expect<FileResponse>(HttpStatusCode.Created);

        var companies = await director.GetAsync("/api/v1/duplicates?entity=Company").Expect<DuplicatesResponse>();
        var pair = Assert.Single(companies.Pairs, p => p.Newer.Id == newer.Id);
        Assert.Equal((older.Id, newer.Id, 1), (pair.Older.Id, pair.Newer.Id, pair.Newer.Deals));
        Assert.Equal([DuplicateReason.Name], pair.Reasons);
        var contacts = await director.GetAsync("/api/v1/duplicates?entity=Contact").Expect<DuplicatesResponse>();
        Assert.Equal([(ivan.Id, ivan2.Id, DuplicateReason.Name), (ivan.Id, sameNumber.Id, DuplicateReason.Phone)],
            contacts.Pairs.Select(p => (p.Older.Id, p.Newer.Id, p.Reasons.Single())).OrderBy(p => p.Item2));
        // The manager made two of them (the newer company and contact): the fill-quality report says so.
        var fill = await director.GetAsync("/api/v1/reports/fill-quality").Expect<FillQualityResponse>();
        Assert.Equal(2, fill.People.Single(p => p.UserId == app.UserIds["manager1"]).DuplicatesCreated);
        await m1.GetAsync("/api/v1/duplicates").Problem(HttpStatusCode.Forbidden);

        var upTo = await app.Db(db => db.AuditEntries.MaxAsync(a => a.Id));
        var before = await WhereEverythingIsAsync(upTo);
        var preview = await director.PostJson("/api/v1/merges/preview", new { entity = "Company", keepId = older.Id, mergeId = newer.Id })
            .Expect<MergePreview>();
        Assert.Equal(("ООО «Ромашка»", "7707083893", "info@romashka.ru"), (preview.Result.GetProperty("name").GetString(),
            preview.Result.GetProperty("inn").GetString(), preview.Result.GetProperty("email").GetString()));
        Assert.Equal((1, 1, 1, 1), (preview.Moves.Deals, preview.Moves.Contacts, preview.Moves.Activities, preview.Moves.Files));
        // Its only history is its creation, which stays with it (who made the duplicate).
        Assert.Equal(0, preview.Moves.History);
        Assert.Equal(before, await WhereEverythingIsAsync(upTo));

        var merge = await director.PostJson("/api/v1/merges", new { entity = "Company", keepId = older.Id, mergeId = newer.Id,
            take = new[] { "name" } })
            .Expect<MergeResponse>(HttpStatusCode.Created);
        await director.GetAsync($"/api/v1/companies/{newer.Id}").Problem(HttpStatusCode.NotFound);
        var kept = await director.GetAsync($"/api/v1/companies/{older.Id}").Expect<CompanyResponse>();
        Assert.Equal(("Ромашка", "7707083893", "info@romashka.ru", "romashka.ru"), (kept.Name, kept.Inn, kept.Email, kept.Website));
        Assert.Equal(older.Id, (await m1.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).CompanyId);
        Assert.Equal(older.Id, (await director.GetAsync($"/api/v1/contacts/{sameNumber.Id}").Expect<ContactResponse>()).CompanyId);
        var history = await director.GetAsync($"/api/v1/companies/{older.Id}/history").Expect<List<AuditEntryResponse>>();
        Assert.Contains(history, h => h.Field == "merged" && h.NewValue == $"#{newer.Id} Ромашка");
        Assert.Single(history, h => h.Field == "created");
        Assert.Contains(history, h => h.Field == "website" && h.NewValue == "romashka.ru");
        // Merged away, the duplicate still counts as made.
        fill = await director.GetAsync("/api/v1/reports/fill-quality").Expect<FillQualityResponse>();
        Assert.Equal(2, fill.People.Single(p => p.UserId == app.UserIds["manager1"]).DuplicatesCreated);
        Assert.DoesNotContain((await director.GetAsync("/api/v1/companies?pageSize=50").Expect<JsonElement>()).GetProperty("items")
            .EnumerateArray(), c => c.GetProperty("id").GetInt32() == newer.Id);

        var undone = await director.PostJson($"/api/v1/merges/{merge.Id}/undo", new { }).Expect<MergeResponse>();
        Assert.NotNull(undone.UndoneAt);
        Assert.Equal(before, await WhereEverythingIsAsync(upTo));
        var back = await director.GetAsync($"/api/v1/companies/{older.Id}").Expect<CompanyResponse>();
        Assert.Equal(("ООО «Ромашка»", (string?)null), (back.Name, back.Email));
        Assert.Equal("Ромашка", (await director.GetAsync($"/api/v1/companies/{newer.Id}").Expect<CompanyResponse>()).Name);
        await director.PostJson($"/api/v1/merges/{merge.Id}/undo", new { }).Problem(HttpStatusCode.Conflict);
        var list = await director.GetAsync("/api/v1/merges").Expect<List<MergeResponse>>();
        Assert.Equal(merge.Id, list.Single().Id);

        // The other way round the kept record takes the tax id, which the merged one gives up until the undo.
        var reverse = await director.PostJson("/api/v1/merges", new { entity = "Company", keepId = newer.Id, mergeId = older.Id })
            .Expect<MergeResponse>(HttpStatusCode.Created);
        Assert.Equal("7707083893", (await director.GetAsync($"/api/v1/companies/{newer.Id}").Expect<CompanyResponse>()).Inn);
        await director.PostJson($"/api/v1/merges/{reverse.Id}/undo", new { }).Expect<MergeResponse>();
        Assert.Null((await director.GetAsync($"/api/v1/companies/{newer.Id}").Expect<CompanyResponse>()).Inn);
        Assert.Equal("7707083893", (await director.GetAsync($"/api/v1/companies/{older.Id}").Expect<CompanyResponse>()).Inn);
        Assert.Equal(before, await WhereEverythingIsAsync(upTo));

        // Contacts: phones join; a change made after the merge survives its undo.
        var contactMerge = await director.PostJson("/api/v1/merges", new { entity = "Contact", keepId = ivan.Id, mergeId = ivan2.Id })
            .Expect<MergeResponse>(HttpStatusCode.Created);
        var merged = await director.GetAsync($"/api/v1/contacts/{ivan.Id}").Expect<ContactResponse>();
        Assert.Equal(["+79120003344"], merged.Phones);
        Assert.Equal(["ivan@romashka.ru"], merged.Emails);
        await director.PutJson($"/api/v1/contacts/{ivan.Id}", new
        {
            version = merged.Version, name = merged.Name, companyId = older.Id, position = "Директор", phones = merged.Phones,
                emails = merged.Emails,
        }).Expect<ContactResponse>();
        await director.PostJson($"/api/v1/merges/{contactMerge.Id}/undo", new { }).Expect<MergeResponse>();
        var after = await director.GetAsync($"/api/v1/contacts/{ivan.Id}").Expect<ContactResponse>();
        Assert.Equal(("Директор", 0), (after.Position, after.Emails.Count));
    }

    [Fact]
    public async Task A_merge_is_refused_by_field_and_changes_nothing()
    {
        var director = await app.As("director");
        var a = await director.PostJson("/api/v1/companies",
            new { name = "Альфа-Строй" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        var b = await director.PostJson("/api/v1/companies",
            new { name = "Альфа Строй" }).Expect<CompanyResponse>(HttpStatusCode.Created);
        Assert.Equal(["mergeId"], (await director.PostJson("/api/v1/merges", new { entity = "Company", keepId = a.Id, mergeId = a.Id })
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["take"], (await director.PostJson("/api/v1/merges", new { entity = "Company", keepId = a.Id, mergeId = b.Id,
            take = new[] { "phones" } })
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["entity", "keepId"], (await director.PostJson("/api/v1/merges", new { mergeId = b.Id })
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["keepId", "mergeId"], (await director.PostJson("/api/v1/merges", new { entity = "Contact", keepId = 999_998,
            mergeId = 999_999 })
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        var south = await director.PostJson("/api/v1/companies", new { name = "Альфа-Строй Юг", inn = "7702070139" })
            .Expect<CompanyResponse>(HttpStatusCode.Created);
        var south2 = await director.PostJson("/api/v1/companies", new { name = "Альфа-Строй Юг", inn = "7728168971" })
            .Expect<CompanyResponse>(HttpStatusCode.Created);
        Assert.Equal(["mergeId"], (await director.PostJson("/api/v1/merges", new { entity = "Company", keepId = south.Id,
            mergeId = south2.Id }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        await (await app.As("manager1")).PostJson("/api/v1/merges", new { entity = "Company", keepId = a.Id, mergeId = b.Id })
            .Problem(HttpStatusCode.Forbidden);
        await director.PostJson("/api/v1/merges/999999/undo", new { }).Problem(HttpStatusCode.NotFound);
        Assert.Equal("Альфа Строй", (await director.GetAsync($"/api/v1/companies/{b.Id}").Expect<CompanyResponse>()).Name);
    }
}
