using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Files;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Files;

public class FileApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    internal static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray();

    internal static MultipartFormDataContent Form(string ownerType, int ownerId, HttpContent file, string name)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent
        {
            { new StringContent(ownerType), "ownerType" }, { new StringContent(ownerId.ToString()), "ownerId" }, { file, "file", name },
        };
    }

    private Task<int> Rows() => app.Db(db => db.Set<Attachment>().CountAsync());

    private int StoredFiles() => Directory.Exists(Path.Combine(app.FilesPath, "files"))
        ? Directory.EnumerateFiles(Path.Combine(app.FilesPath, "files"), "*", SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task A_file_on_a_deal_is_downloaded_as_an_attachment_by_those_who_see_the_deal_and_removed_by_its_author_or_senior()
    {
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "С договором" }).Expect<DealResponse>(HttpStatusCode.Created);
        var kept = await m1.PostAsync("/api/v1/files", Form("Deal", deal.Id, new ByteArrayContent(Pdf), "../Договор №5.pdf"))
            .Expect<FileResponse>(HttpStatusCode.Created);
        Assert.Equal((FileOwner.Deal, deal.Id, "Договор №5.pdf", "application/pdf", (long)Pdf.Length, "MANAGER1"),
            (kept.OwnerType, kept.OwnerId, kept.FileName, kept.ContentType, kept.Size, kept.UploadedByName));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), kept.Sha256);

        var download = await m1.GetAsync($"/api/v1/files/{kept.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Договор №5.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.StartsWith("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal([kept.Id], (await m1.GetAsync($"/api/v1/files?ownerType=Deal&ownerId={deal.Id}").Expect<FileResponse[]>())
            .Select(f => f.Id));

        var stranger = await app.As("manager3");
        await stranger.GetAsync($"/api/v1/files/{kept.Id}").Problem(HttpStatusCode.NotFound);
        await stranger.GetAsync($"/api/v1/files?ownerType=Deal&ownerId={deal.Id}").Problem(HttpStatusCode.NotFound);
        // A list without its owner is refused by name.
        Assert.Equal(["ownerId", "ownerType"], (await m1.GetAsync("/api/v1/files").Problem(HttpStatusCode.BadRequest)).ErrorFields()
            .Order());
        var shop = await m1.GetAsync($"/api/v1/files?ownerType=Shop&ownerId={deal.Id}").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["ownerType"], shop.ErrorFields());
        await stranger.PostAsync("/api/v1/files", Form("Deal", deal.Id, new ByteArrayContent(Pdf), "x.pdf"))
            .Problem(HttpStatusCode.NotFound);
        await stranger.DeleteAsync($"/api/v1/files/{kept.Id}").Problem(HttpStatusCode.NotFound);

        var senior = await app.As("senior1");
        (await senior.DeleteAsync($"/api/v1/files/{kept.Id}")).EnsureSuccessStatusCode();
        await m1.GetAsync($"/api/v1/files/{kept.Id}").Problem(HttpStatusCode.NotFound);
        Assert.Empty(await m1.GetAsync($"/api/v1/files?ownerType=Deal&ownerId={deal.Id}").Expect<FileResponse[]>());
    }

    [Fact]
    public async Task A_script_disguised_as_an_image_markup_and_a_file_whose_content_is_not_its_name_are_refused_and_nothing_is_kept()
    {
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals",
            new { title = "Подозрительные файлы" }).Expect<DealResponse>(HttpStatusCode.Created);
        var (rows, files) = (await Rows(), StoredFiles());
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        var cases = new (byte[] Content, string Name, string Reason)[]
        {
            ("<script>fetch('/api/v1/deals')</script>"u8.ToArray(), "photo.png", FileKinds.Allowed),
            ("<html><body onload=alert(1)></body></html>"u8.ToArray(), "notes.txt", FileKinds.Allowed),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), "logo.svg", FileKinds.Allowed),
            ("#!/bin/sh\nrm -rf /\n"u8.ToArray(), "run.txt", FileKinds.Allowed),
            (new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0 }, "setup.exe", FileKinds.Allowed),
            (png, "scan.pdf", "holds PNG content, which a name ending in '.pdf' does not say."),
            (Pdf, "invoice.exe", "holds PDF content, which a name ending in '.exe' does not say."),
        };
        foreach (var (content, name, reason) in cases)
        {
            var problem = await m1.PostAsync("/api/v1/files", Form("Deal", deal.Id, new ByteArrayContent(content), name))
                .Problem(HttpStatusCode.BadRequest);
            Assert.Equal(["file"], problem.ErrorFields());
            Assert.Equal(reason, problem.GetProperty("errors").GetProperty("file")[0].GetString());
        }
        var missing = await m1.PostAsync("/api/v1/files", new MultipartFormDataContent { { new StringContent("Deal"), "ownerType" } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["file", "ownerId"], missing.ErrorFields().Order());
        Assert.Equal((rows, files), (await Rows(), StoredFiles()));

        // A real image and a CSV in Windows-1251 are kept.
        await m1.PostAsync("/api/v1/files", Form("Deal", deal.Id, new ByteArrayContent(png), "scan.png"))
            .Expect<FileResponse>(HttpStatusCode.Created);
        var csv = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes("Товар;Цена\nСтеллаж;1200\n");
        Assert.Equal("text/plain", (await m1.PostAsync("/api/v1/files", Form("Deal", deal.Id, new ByteArrayContent(csv), "цены.csv"))
            .Expect<FileResponse>(HttpStatusCode.Created)).ContentType);
    }

    [Fact]
    public async Task A_hundred_megabyte_upload_is_refused_with_the_limit_named_and_nothing_is_kept()
    {
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals",
            new { title = "Большой файл" }).Expect<DealResponse>(HttpStatusCode.Created);
        var (rows, files) = (await Rows(), StoredFiles());
        var problem = await m1.PostAsync("/api/v1/files", Form("Deal", deal.Id, new Zeros(100L * 1024 * 1024, Pdf), "big.pdf"))
            .Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("25 MB", problem.GetProperty("detail").GetString());
        Assert.Equal((rows, files), (await Rows(), StoredFiles()));
    }
}
