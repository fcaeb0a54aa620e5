using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Voronka.Core.Features.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.EntityType).HasMaxLength(32);
        b.Property(x => x.Field).HasMaxLength(64);
        b.HasIndex(x => new { x.EntityType, x.EntityId, x.ChangedAt });
    }
}
