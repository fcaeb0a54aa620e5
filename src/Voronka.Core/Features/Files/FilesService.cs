using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Files;

/// <summary>A file as the API shows it.</summary>
public sealed record FileResponse(
    int Id, FileOwner OwnerType, int OwnerId, string FileName, string ContentType, long Size, string Sha256, int UploadedById,
    string UploadedByName, DateTime CreatedAt);

/// <summary>A stored file opened for download.</summary>
public sealed record FileDownload(Stream Content, string ContentType, string FileName);

/// <summary>The largest file kept (<c>Files:MaxMegabytes</c>, 25 by default).</summary>
public sealed record FileLimits(int MaxMegabytes)
{
    public long MaxBytes => MaxMegabytes * 1024L * 1024;
}

/// <summary>
/// Files on deals, companies and contacts: kept in the <see cref="FileStore"/> like recordings (written whole, with a
/// SHA-256), their type found in their content and checked against their name, at most <see cref="FileLimits"/>; seen and
/// attached by whoever sees the deal, company or contact; removed by the one who attached it, a senior of the team or
/// the director.
/// </summary>
public sealed class FilesService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, FileStore store, FileLimits limits)
{
    public async Task<FileResponse> UploadAsync(Actor actor, FileOwner owner, int ownerId, string? fileName, Stream content,
        CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        await RequireVisibleAsync(scope, owner, ownerId, ct);
        var (file, name, kind) = await KeepAsync("files", fileName, content, ct);
        var row = new Attachment
        {
            OwnerType = owner, OwnerId = ownerId, FileName = name, ContentType = kind.ContentType, Size = file.Size, Sha256 = file.Sha256,
            StorageKey = file.Key, UploadedById = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(file.Key);
            throw;
        }
        return await Project(db, db.Set<Attachment>().Where(a => a.Id == row.Id)).FirstAsync(ct);
    }

    /// <summary>Keeps an uploaded file in the store's <paramref name="folder"/> once its content is a kind Voronka keeps, its
    /// name says so and it is within the limit; otherwise refuses it (field "file") and keeps nothing.</summary>
    public async Task<(StoredFile File, string Name, FileKind Kind)> KeepAsync(string folder, string? fileName, Stream content,
        CancellationToken ct)
    {
        var name = FileKinds.CleanName(fileName);
        var (head, whole) = await AudioType.PeekAsync(content, ct, FileKinds.HeadLength);
        var (kind, refusal) = FileKinds.Of(head, name);
        if (kind is null) throw ValidationFailedException.For("file", refusal!);
        try
        {
            var file = await store.SaveAsync(whole, folder, Path.GetExtension(name).ToLowerInvariant(), limits.MaxBytes, null, ct);
            return (file, name, kind);
        }
        catch (FileTooLargeException)
        {
            throw ValidationFailedException.For("file", $"must be at most {limits.MaxMegabytes} MB.");
        }
    }

    /// <summary>The files of a deal, company or contact the actor sees, newest first.</summary>
    public async Task<IReadOnlyList<FileResponse>> ListAsync(Actor actor, FileOwner owner, int ownerId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        await RequireVisibleAsync(scope, owner, ownerId, ct);
        return await Project(db, db.Set<Attachment>().Where(a => a.OwnerType == owner && a.OwnerId == ownerId && a.DeletedAt == null))
            .ToListAsync(ct);
    }

    public async Task<FileDownload> OpenAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var a = await Visible(db, scope).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("File", id);
        if (!store.Exists(a.StorageKey)) throw new NotFoundException("File", id);
        return new FileDownload(store.Open(a.StorageKey), a.ContentType, a.FileName);
    }

    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var a = await Visible(db, scope).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("File", id);
        if (a.UploadedById != actor.UserId && !scope.MayAssignOwner(a.UploadedById))
            throw new ForbiddenException("A file is removed by the one who attached it, their senior or the director.");
        (a.DeletedAt, a.DeletedById) = (clock.GetUtcNow().UtcDateTime, actor.UserId);
        await db.SaveChangesAsync(ct);
        store.Delete(a.StorageKey);
    }

    /// <summary>The files not removed whose deal, company or contact the actor sees.</summary>
    internal static IQueryable<Attachment> Visible(VoronkaDbContext db, AccessScope scope)
    {
        var deals = scope.Deals().Select(d => d.Id);
        var companies = scope.Companies().Select(c => c.Id);
        var contacts = scope.Contacts().Select(c => c.Id);
        return db.Set<Attachment>().Where(a => a.DeletedAt == null && ((a.OwnerType == FileOwner.Deal && deals.Contains(a.OwnerId))
            || (a.OwnerType == FileOwner.Company && companies.Contains(a.OwnerId))
            || (a.OwnerType == FileOwner.Contact && contacts.Contains(a.OwnerId))));
    }

    /// <summary>The files with who attached them, newest first.</summary>
    internal static IQueryable<FileResponse> Project(VoronkaDbContext db, IQueryable<Attachment> q) =>
        from a in q
        join u in db.Users on a.UploadedById equals u.Id
        orderby a.CreatedAt descending, a.Id descending
        select new FileResponse(a.Id, a.OwnerType, a.OwnerId, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedById, u.FullName,
            a.CreatedAt);

    private static async Task RequireVisibleAsync(AccessScope scope, FileOwner owner, int id, CancellationToken ct)
    {
        var seen = owner switch
        {
            FileOwner.Deal => await scope.Deals().AnyAsync(d => d.Id == id, ct),
            FileOwner.Company => await scope.Companies().AnyAsync(c => c.Id == id, ct),
            _ => await scope.Contacts().AnyAsync(c => c.Id == id, ct),
        };
        if (!seen) throw new NotFoundException(owner.ToString(), id);
    }
}
