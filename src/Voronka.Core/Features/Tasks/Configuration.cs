using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Tasks;

internal sealed class DealTaskConfiguration : IEntityTypeConfiguration<DealTask>
{
    public void Configure(EntityTypeBuilder<DealTask> b)
    {
        b.ToTable("DealTasks");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Deal).WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AssigneeId, x.Status, x.DueAt });
        b.HasIndex(x => new { x.DealId, x.Status });
        b.Property(x => x.ExternalId).HasMaxLength(Common.ExternalIds.MaxLength);
        b.HasIndex(x => x.ExternalId).IsUnique().HasFilter(Common.ExternalIds.IndexFilter);
        b.HasIndex(x => x.ImportBatchId);
    }
}
