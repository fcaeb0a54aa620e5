using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Voronka.Core.Features.Pipelines;

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => new { x.PipelineId, x.Position });
    }
}

internal sealed class LossReasonConfiguration : IEntityTypeConfiguration<LossReason>
{
    public void Configure(EntityTypeBuilder<LossReason> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
