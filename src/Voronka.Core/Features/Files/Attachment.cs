using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Files;

/// <summary>What a file is attached to.</summary>
public enum FileOwner
{
    Deal,
    Company,
    Contact,
}

/// <summary>A file attached to a deal, a company or a contact: kept in the <see cref="Common.FileStore"/> under a key,
/// with the name it was uploaded under, the type found in its content, its size and SHA-256.</summary>
public class Attachment
{
    public int Id { get; set; }
    public FileOwner OwnerType { get; set; }
    public int OwnerId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public string StorageKey { get; set; } = "";
    public int UploadedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public int? DeletedById { get; set; }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("Attachments");
        b.Property(x => x.FileName).HasMaxLength(FileKinds.MaxName);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.StorageKey).HasMaxLength(300);
        b.HasIndex(x => new { x.OwnerType, x.OwnerId, x.CreatedAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UploadedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.DeletedById).OnDelete(DeleteBehavior.SetNull);
    }
}
