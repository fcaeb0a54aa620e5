using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Arsenal;

/// <summary>What an item of the arsenal is.</summary>
public enum ArsenalKind
{
    Script,
    Video,
    Technique,
    ProposalTemplate,
    BestCall,
    Document,
}

/// <summary>How an item was used: opened by a seller, its text copied, sent to a client, opened by the client.</summary>
public enum ArsenalUseKind
{
    Opened,
    Copied,
    Sent,
    ClientOpened,
}

/// <summary>
/// A piece of the team's arsenal: a script, a video (a link or a file), a technique, a proposal template (a DOCX), a best
/// call from the library, a document. Its text is Markdown; it is linked to the stages, products and objections it serves;
/// its owner confirms it is still right every <see cref="VerifyEveryDays"/> days (by <see cref="VerifyBy"/>). Every change of its
/// content is kept as a numbered <see cref="ArsenalVersion"/>; <see cref="ContentVersion"/> is the current one, while
/// <see cref="Version"/> guards any save against another made in between.
/// </summary>
public class ArsenalItem
{
    public int Id { get; set; }
    public ArsenalKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Url { get; set; }
    public int? BestCallId { get; set; }
    public string? FileName { get; set; }
    public string? FileType { get; set; }
    public long? FileSize { get; set; }
    public string? FileKey { get; set; }
    public int OwnerId { get; set; }
    public int VerifyEveryDays { get; set; }
    public DateTime VerifiedAt { get; set; }
    public DateTime VerifyBy { get; set; }
    public int ContentVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public int Version { get; set; }
    public List<ArsenalStage> Stages { get; set; } = [];
    public List<ArsenalProduct> Products { get; set; } = [];
    public List<ArsenalObjection> Objections { get; set; } = [];
}

/// <summary>One kept version of an item's content, as it was after a change.</summary>
public class ArsenalVersion
{
    public long Id { get; set; }
    public int ItemId { get; set; }
    public ArsenalItem? Item { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Url { get; set; }
    public string? FileName { get; set; }
    public string? FileType { get; set; }
    public string? FileKey { get; set; }
    public int EditedById { get; set; }
    public DateTime EditedAt { get; set; }
}

public class ArsenalStage
{
    public int ItemId { get; set; }
    public int StageId { get; set; }
}

public class ArsenalProduct
{
    public int ItemId { get; set; }
    public int ProductId { get; set; }
}

public class ArsenalObjection
{
    public int ItemId { get; set; }
    public int ObjectionId { get; set; }
}

/// <summary>One use of an item: who, on which deal (if any), how and when.</summary>
public class ArsenalUse
{
    public long Id { get; set; }
    public int ItemId { get; set; }
    public int? UserId { get; set; }
    public int? DealId { get; set; }
    public ArsenalUseKind Kind { get; set; }
    public DateTime At { get; set; }
}

internal sealed class ArsenalConfiguration :
    IEntityTypeConfiguration<ArsenalItem>, IEntityTypeConfiguration<ArsenalVersion>, IEntityTypeConfiguration<ArsenalStage>,
    IEntityTypeConfiguration<ArsenalProduct>, IEntityTypeConfiguration<ArsenalObjection>, IEntityTypeConfiguration<ArsenalUse>
{
    public void Configure(EntityTypeBuilder<ArsenalItem> b)
    {
        b.ToTable("ArsenalItems");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(Common.SafeMarkdown.MaxLength);
        b.Property(x => x.Url).HasMaxLength(1000);
        b.Property(x => x.FileName).HasMaxLength(Files.FileKinds.MaxName);
        b.Property(x => x.FileType).HasMaxLength(100);
        b.Property(x => x.FileKey).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Kind, x.ArchivedAt });
        b.HasIndex(x => x.VerifyBy);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<BestCall>().WithMany().HasForeignKey(x => x.BestCallId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Products).WithOne().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Objections).WithOne().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ArsenalVersion> b)
    {
        b.ToTable("ArsenalVersions");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(Common.SafeMarkdown.MaxLength);
        b.Property(x => x.Url).HasMaxLength(1000);
        b.Property(x => x.FileName).HasMaxLength(Files.FileKinds.MaxName);
        b.Property(x => x.FileKey).HasMaxLength(300);
        b.HasIndex(x => new { x.ItemId, x.Number }).IsUnique();
        b.Property(x => x.FileType).HasMaxLength(100);
        b.HasOne(x => x.Item).WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.EditedById).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ArsenalStage> b)
    {
        b.ToTable("ArsenalStages");
        b.HasKey(x => new { x.ItemId, x.StageId });
        b.HasIndex(x => x.StageId);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ArsenalProduct> b)
    {
        b.ToTable("ArsenalProducts");
        b.HasKey(x => new { x.ItemId, x.ProductId });
        b.HasIndex(x => x.ProductId);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ArsenalObjection> b)
    {
        b.ToTable("ArsenalObjections");
        b.HasKey(x => new { x.ItemId, x.ObjectionId });
        b.HasIndex(x => x.ObjectionId);
        b.HasOne<Objection>().WithMany().HasForeignKey(x => x.ObjectionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ArsenalUse> b)
    {
        b.ToTable("ArsenalUses");
        b.HasIndex(x => new { x.ItemId, x.At });
        b.HasIndex(x => new { x.DealId, x.ItemId });
        b.HasOne<ArsenalItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.SetNull);
    }
}
