using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Contacts;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Position).HasMaxLength(200);
        b.Property(x => x.ExternalId).HasMaxLength(ExternalIds.MaxLength);
        b.Property(x => x.CustomFields).HasConversion(JsonColumn.DictionaryConverter, JsonColumn.DictionaryComparer);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasQueryFilter(x => x.MergedIntoId == null);
        b.HasIndex(x => x.CompanyId);
        b.HasIndex(x => x.OwnerId);
        b.HasIndex(x => x.Name);
        b.HasIndex(x => x.ExternalId).IsUnique().HasFilter(ExternalIds.IndexFilter);
        b.HasIndex(x => x.ImportBatchId);
        b.HasOne<Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
