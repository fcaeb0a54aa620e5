using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Objections;

/// <summary>A client's question, or an objection to the sale.</summary>
public enum ObjectionKind
{
    Question,
    Objection,
}

/// <summary>
/// A typical client question or objection, as clients say it, with the approved answer (Markdown) and the other ways of
/// answering it the team tries (<see cref="ObjectionVariant"/>). Archived ones keep their tags and statistics.
/// </summary>
public class Objection
{
    public int Id { get; set; }
    public ObjectionKind Kind { get; set; }
    public string Text { get; set; } = "";
    public string Answer { get; set; } = "";
    /// <summary>Where it is usually heard, if anywhere in particular.</summary>
    public int? StageId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public int Version { get; set; }
    public List<ObjectionVariant> Variants { get; set; } = [];
}

/// <summary>One way of answering: the approved answer is the objection's own; a variant is another the team tries.</summary>
public class ObjectionVariant
{
    public int Id { get; set; }
    public int ObjectionId { get; set; }
    public string Text { get; set; } = "";
    public int Position { get; set; }
    public DateTime? ArchivedAt { get; set; }
}

/// <summary>
/// The objection heard on a call or a meeting: tagged by the manager from the deal's timeline or by a reviewer in a
/// review, with the answer given (the approved one when <see cref="VariantId"/> is empty and <see cref="Answered"/>). The
/// deal's stage at the moment of the activity is kept, so the statistics read it without the history.
/// </summary>
public class ObjectionTag
{
    public long Id { get; set; }
    public int ObjectionId { get; set; }
    public long ActivityId { get; set; }
    public int? VariantId { get; set; }
    /// <summary>Whether the approved answer or a variant was given (false: the manager did not answer it).</summary>
    public bool Answered { get; set; }
    public int? StageId { get; set; }
    public int? ReviewId { get; set; }
    public int TaggedById { get; set; }
    public DateTime TaggedAt { get; set; }
}

internal sealed class ObjectionConfiguration :
    IEntityTypeConfiguration<Objection>, IEntityTypeConfiguration<ObjectionVariant>, IEntityTypeConfiguration<ObjectionTag>
{
    public const int MaxText = 300;

    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.ToTable("Objections");
        b.Property(x => x.Text).HasMaxLength(MaxText);
        b.Property(x => x.Answer).HasMaxLength(Common.SafeMarkdown.MaxLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Variants).WithOne().HasForeignKey(x => x.ObjectionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ObjectionVariant> b)
    {
        b.ToTable("ObjectionVariants");
        b.Property(x => x.Text).HasMaxLength(Common.SafeMarkdown.MaxLength);
    }

    public void Configure(EntityTypeBuilder<ObjectionTag> b)
    {
        b.ToTable("ObjectionTags");
        b.HasIndex(x => new { x.ActivityId, x.ObjectionId }).IsUnique();
        b.HasIndex(x => new { x.ObjectionId, x.VariantId });
        b.HasOne<Objection>().WithMany().HasForeignKey(x => x.ObjectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ObjectionVariant>().WithMany().HasForeignKey(x => x.VariantId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<CallReview>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.TaggedById).OnDelete(DeleteBehavior.Restrict);
    }
}
