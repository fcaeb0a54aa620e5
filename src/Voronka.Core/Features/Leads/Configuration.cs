using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Leads;

internal sealed class LeadConfiguration :
    IEntityTypeConfiguration<Lead>, IEntityTypeConfiguration<LeadForm>, IEntityTypeConfiguration<RoutingRule>,
    IEntityTypeConfiguration<LeadCapacity>, IEntityTypeConfiguration<RoutingDecision>, IEntityTypeConfiguration<RoutingShare>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        foreach (var text in new[] { nameof(Lead.Source), nameof(Lead.UtmSource), nameof(Lead.UtmMedium), nameof(Lead.UtmCampaign),
                     nameof(Lead.UtmContent), nameof(Lead.UtmTerm) })
            b.Property(text).HasMaxLength(200);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CompanyName).HasMaxLength(300);
        b.Property(x => x.Phone).HasMaxLength(50);
        b.Property(x => x.PhoneE164).HasMaxLength(20);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Inn).HasMaxLength(12);
        b.Property(x => x.Message).HasMaxLength(5000);
        b.Property(x => x.Page).HasMaxLength(2000);
        b.Property(x => x.Referrer).HasMaxLength(2000);
        b.Property(x => x.RemoteAddress).HasMaxLength(64);
        b.Property(x => x.RejectComment).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.ReceivedAt });
        b.HasIndex(x => new { x.AssigneeId, x.Status });
        b.HasIndex(x => x.PhoneE164);
        b.HasIndex(x => new { x.Status, x.DueAt });
        b.HasIndex(x => x.Email);
        b.Property(x => x.SourceKey).HasMaxLength(300);
        b.HasIndex(x => new { x.Channel, x.SourceKey }).IsUnique();
        b.HasIndex(x => x.Inn);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CoveringForId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LeadForm>().WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contacts.Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Companies.Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Deals.Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<LeadForm> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Source).HasMaxLength(200);
        b.HasIndex(x => x.Key).IsUnique();
    }

    public void Configure(EntityTypeBuilder<RoutingRule> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Source).HasMaxLength(200);
        b.Property(x => x.People).HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => string.IsNullOrEmpty(v) ? new Dictionary<int, decimal>()
                : JsonSerializer.Deserialize<Dictionary<int, decimal>>(v, (JsonSerializerOptions?)null) ?? new Dictionary<int, decimal>(),
            new ValueComparer<Dictionary<int, decimal>>(
                (a, c) => a != null && c != null && a.Count == c.Count && !a.Except(c).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                v => new Dictionary<int, decimal>(v)));
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Position);
    }

    public void Configure(EntityTypeBuilder<LeadCapacity> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<AppUser>().WithOne().HasForeignKey<LeadCapacity>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RoutingDecision> b)
    {
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.LeadId, x.Id });
        b.HasOne(x => x.Lead).WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RoutingShare> b)
    {
        b.HasIndex(x => new { x.RuleId, x.At, x.UserId });
        b.HasOne(x => x.Decision).WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Cascade);
    }
}
