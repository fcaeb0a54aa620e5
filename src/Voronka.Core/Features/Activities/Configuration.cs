using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Activities;

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.RecordingUrl).HasMaxLength(1000);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Deal).WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UserId, x.OccurredAt });
        b.HasIndex(x => new { x.DealId, x.OccurredAt });
        b.HasIndex(x => x.CompanyId);
        b.Property(x => x.ExternalId).HasMaxLength(Common.ExternalIds.MaxLength);
        b.HasIndex(x => x.ExternalId).IsUnique().HasFilter(Common.ExternalIds.IndexFilter);
        b.HasIndex(x => x.ImportBatchId);
        // Windows of time over everyone's work: the dashboard's last 30 days, the activity report of a whole team.
        b.HasIndex(x => x.OccurredAt);
    }
}
