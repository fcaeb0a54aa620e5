using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Products;

namespace Voronka.Core.Features.Plans;

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> b)
    {
        b.Property(x => x.SubjectKey).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.SubjectId);
        b.HasIndex(x => new { x.PeriodKind, x.PeriodStart, x.SubjectKey }).IsUnique();
        b.HasIndex(x => x.ParentId);
        b.HasIndex(x => new { x.UserId, x.PeriodStart });
        b.HasOne<Goal>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}
