using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;

namespace Voronka.Core.Features.Deals;

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> b)
    {
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.ExternalId).HasMaxLength(ExternalIds.MaxLength);
        b.Property(x => x.LossComment).HasMaxLength(1000);
        b.Property(x => x.CustomFields).HasConversion(JsonColumn.DictionaryConverter, JsonColumn.DictionaryComparer);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasQueryFilter(x => x.DeletedAt == null);
        b.HasOne<Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LossReason>().WithMany().HasForeignKey(x => x.LossReasonId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.StageChanges).WithOne().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.OwnerId, x.StageId });
        b.HasIndex(x => new { x.PipelineId, x.StageId });
        b.HasIndex(x => x.CompanyId);
        b.HasIndex(x => x.CreatedAt);
        b.HasIndex(x => x.ClosedAt);
        b.HasIndex(x => x.ImportBatchId);
        // A deleted deal keeps its external id, and the index covers it (the filter leaves out only deals without one):
        // the key names one deal for good, so an import run again does not bring back a deal someone deleted, and the
        // deal's kept history stays that key's history. Creating a deal with the key of a deleted one is refused, naming it.
        b.HasIndex(x => x.ExternalId).IsUnique().HasFilter(ExternalIds.IndexFilter);
        // The open deals, few among many and spread over the table, read by the dashboard, the hot leads and the list
        // of open deals (its totals, and the page found by the creation time) from this index alone (PostgreSQL keeps
        // the listed columns in it; SQLite gets the index of the open deals only).
        b.HasIndex(x => x.StageId);
        b.HasIndex(x => new { x.StageId, x.OwnerId }, "IX_Deals_Open")
            .HasFilter("\"ClosedAt\" IS NULL AND \"DeletedAt\" IS NULL")
            .IncludeProperties(x => new { x.Id, x.AmountMinor, x.StageEnteredAt, x.Currency, x.CreatedAt });
    }
}

internal sealed class DealLineConfiguration : IEntityTypeConfiguration<DealLine>
{
    public void Configure(EntityTypeBuilder<DealLine> b)
    {
        b.Property(x => x.Quantity).HasPrecision(18, 3);
        b.Property(x => x.DiscountPercent).HasPrecision(5, 2);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ProductId);
    }
}

internal sealed class DealStageChangeConfiguration : IEntityTypeConfiguration<DealStageChange>
{
    public void Configure(EntityTypeBuilder<DealStageChange> b)
    {
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.FromStageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.ToStageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ChangedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.DealId, x.ChangedAt });
        // A new change's previous entry into the same stage is found among its deal's changes, not among every entry
        // into the stage: without it SQLite took the stage's index and a move cost more the more deals there were.
        b.HasIndex(x => new { x.DealId, x.ToStageId, x.ChangedAt });
        b.HasIndex(x => new { x.ToStageId, x.ChangedAt });
        b.HasIndex(x => new { x.FromStageId, x.ChangedAt });
        // The flow funnel and the daily report read the moves of a period across all stages.
        b.HasIndex(x => x.ChangedAt);
        // The funnel's medians read the stays of one stage within a range of lengths; the time and the deal in the
        // index let the period be checked before a row or its deal is read.
        b.HasIndex(x => new { x.FromStageId, x.SecondsInFromStage, x.ChangedAt, x.DealId });
    }
}
