using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Companies;

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> b)
    {
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Inn).HasMaxLength(12);
        b.Property(x => x.ExternalId).HasMaxLength(ExternalIds.MaxLength);
        b.Property(x => x.Industry).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Website).HasMaxLength(300);
        b.Property(x => x.Address).HasMaxLength(500);
        b.Property(x => x.CustomFields).HasConversion(JsonColumn.DictionaryConverter, JsonColumn.DictionaryComparer);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasQueryFilter(x => x.MergedIntoId == null);
        b.HasIndex(x => x.Inn).IsUnique();
        b.HasIndex(x => x.ExternalId).IsUnique().HasFilter(ExternalIds.IndexFilter);
        b.HasIndex(x => x.Name);
        b.HasIndex(x => x.ImportBatchId);
        b.HasIndex(x => x.OwnerId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}
