using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Telephony;

internal sealed class TelephonyConfiguration :
    IEntityTypeConfiguration<TelephonyIntegration>, IEntityTypeConfiguration<PhoneExtension>, IEntityTypeConfiguration<TelephonyEvent>,
    IEntityTypeConfiguration<Call>, IEntityTypeConfiguration<Recording>, IEntityTypeConfiguration<RecordingAccess>,
    IEntityTypeConfiguration<Transcript>
{
    public void Configure(EntityTypeBuilder<Transcript> b)
    {
        b.ToTable("Transcripts");
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.Language).HasMaxLength(20);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => x.RecordingId).IsUnique();
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasOne<Recording>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Recording> b)
    {
        b.ToTable("Recordings");
        b.Property(x => x.SourceUrl).HasMaxLength(1000);
        b.Property(x => x.StorageKey).HasMaxLength(300);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => x.CallId).IsUnique();
        b.HasIndex(x => x.ActivityId);
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasIndex(x => new { x.State, x.StoredAt });
        b.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UploadedById).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<RecordingAccess> b)
    {
        b.ToTable("RecordingAccesses");
        b.HasIndex(x => new { x.RecordingId, x.At });
        b.HasOne<Recording>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TelephonyIntegration> b)
    {
        b.ToTable("TelephonyIntegrations");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Key).HasMaxLength(200);
        b.Property(x => x.Secret).HasMaxLength(200);
        b.Property(x => x.CallbackUrl).HasMaxLength(1000);
    }

    public void Configure(EntityTypeBuilder<PhoneExtension> b)
    {
        b.ToTable("PhoneExtensions");
        b.Property(x => x.Extension).HasMaxLength(CallEvent.MaxExtension);
        b.HasIndex(x => new { x.IntegrationId, x.Extension }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<TelephonyIntegration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TelephonyEvent> b)
    {
        b.ToTable("TelephonyEvents");
        b.Property(x => x.EventId).HasMaxLength(CallEvent.MaxId);
        b.Property(x => x.CallId).HasMaxLength(CallEvent.MaxId);
        b.Property(x => x.Type).HasMaxLength(20);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasIndex(x => new { x.IntegrationId, x.EventId }).IsUnique();
        b.HasIndex(x => new { x.IntegrationId, x.CallId });
        b.HasIndex(x => new { x.ProcessedAt, x.Id });
        b.HasOne<TelephonyIntegration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Call> b)
    {
        b.ToTable("Calls");
        b.Property(x => x.ExternalId).HasMaxLength(CallEvent.MaxId);
        b.Property(x => x.From).HasMaxLength(CallEvent.MaxNumber);
        b.Property(x => x.To).HasMaxLength(CallEvent.MaxNumber);
        b.Property(x => x.ClientPhone).HasMaxLength(20);
        b.Property(x => x.AnsweredBy).HasMaxLength(CallEvent.MaxExtension);
        b.Property(x => x.Cause).HasMaxLength(100);
        b.Property(x => x.RecordingUrl).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.IntegrationId, x.ExternalId }).IsUnique();
        b.HasIndex(x => new { x.Status, x.StartedAt });
        b.HasIndex(x => new { x.UserId, x.StartedAt });
        b.HasIndex(x => x.StartedAt);
        b.HasIndex(x => x.DealId);
        b.HasIndex(x => x.ContactId);
        b.HasIndex(x => x.ClientPhone);
        b.HasOne<TelephonyIntegration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Deals.Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Contacts.Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Companies.Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Leads.Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.SetNull);
    }
}
