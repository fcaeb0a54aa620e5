using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Import;

/// <summary>Where an import stands. Each step runs in the background; the batch says what it is doing and how far.</summary>
public enum ImportStatus
{
    /// <summary>Uploaded; the dry run is waiting to start or running.</summary>
    Checking,
    /// <summary>The dry run is done: the report and the errors are there, nothing is written.</summary>
    Checked,
    /// <summary>The file could not be read at all (the reason is in <see cref="ImportBatch.Failure"/>).</summary>
    Refused,
    /// <summary>The director asked to commit; the commit is waiting to start or running.</summary>
    Committing,
    /// <summary>Written, all of it, in one transaction.</summary>
    Committed,
    /// <summary>The commit failed or its process stopped; nothing of it was written.</summary>
    Failed,
    /// <summary>The director asked to roll back; the rollback is waiting to start or running.</summary>
    RollingBack,
    /// <summary>What the batch created is removed and what it updated restored.</summary>
    RolledBack,
}

/// <summary>One import of a file: its mapping, the dry run's report and, once committed, what it wrote.</summary>
public class ImportBatch
{
    public int Id { get; set; }
    public string FileName { get; set; } = "";
    public long SizeBytes { get; set; }
    public ImportStatus Status { get; set; }
    /// <summary>The mapping the dry run and the commit read the file with (JSON of <see cref="ImportMapping"/>).</summary>
    public string Mapping { get; set; } = "{}";
    /// <summary>The dry run's report (JSON of <see cref="ImportReport"/>); empty until it is done.</summary>
    public string? Report { get; set; }
    public int ErrorCount { get; set; }
    /// <summary>How far the running step is, 0–100.</summary>
    public int Progress { get; set; }
    /// <summary>Why the file was refused or the commit failed.</summary>
    public string? Failure { get; set; }
    public int CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CheckedAt { get; set; }
    public DateTime? CommittedAt { get; set; }
    public DateTime? RolledBackAt { get; set; }
    /// <summary>When the instance running a step last said it is alive: a step whose instance stopped is found by it.</summary>
    public DateTime? HeartbeatAt { get; set; }
    public int Version { get; set; }
}

/// <summary>The uploaded file, kept in the database so that any instance can run the batch's steps.</summary>
public class ImportFileContent
{
    public int BatchId { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>A row of the file the dry run refused: where it is and why.</summary>
public class ImportProblem
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public string Table { get; set; } = "";
    public int Row { get; set; }
    public string Column { get; set; } = "";
    public string? Value { get; set; }
    public string Reason { get; set; } = "";
}

/// <summary>A record a committed batch changed, as it was before: what the rollback restores. Records the batch created
/// carry its id instead (<c>ImportBatchId</c>) and are removed.</summary>
public class ImportRecord
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    /// <summary>deal, company or contact.</summary>
    public string Kind { get; set; } = "";
    public int EntityId { get; set; }
    /// <summary>The record's version right after the commit: a rollback is refused when it has moved since.</summary>
    public int VersionAfter { get; set; }
    /// <summary>The record before the commit (JSON).</summary>
    public string Before { get; set; } = "";
}

internal sealed class ImportBatchConfiguration :
    IEntityTypeConfiguration<ImportBatch>, IEntityTypeConfiguration<ImportFileContent>,
    IEntityTypeConfiguration<ImportProblem>, IEntityTypeConfiguration<ImportRecord>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.Failure).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Status);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ImportFileContent> b)
    {
        b.HasKey(x => x.BatchId);
        b.HasOne<ImportBatch>().WithOne().HasForeignKey<ImportFileContent>(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ImportProblem> b)
    {
        b.Property(x => x.Table).HasMaxLength(64);
        b.Property(x => x.Column).HasMaxLength(200);
        b.Property(x => x.Value).HasMaxLength(500);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => new { x.BatchId, x.Id });
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ImportRecord> b)
    {
        b.Property(x => x.Kind).HasMaxLength(16);
        b.HasIndex(x => new { x.BatchId, x.Kind });
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}
