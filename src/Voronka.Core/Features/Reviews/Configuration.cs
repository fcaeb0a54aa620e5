using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Reviews;

internal sealed class ReviewConfiguration :
    IEntityTypeConfiguration<Scorecard>, IEntityTypeConfiguration<ScorecardRevision>, IEntityTypeConfiguration<ScorecardQuestion>,
    IEntityTypeConfiguration<CallReview>, IEntityTypeConfiguration<ReviewAnswer>, IEntityTypeConfiguration<ReviewComment>,
    IEntityTypeConfiguration<ReviewQuota>, IEntityTypeConfiguration<BestCall>
{
    public void Configure(EntityTypeBuilder<BestCall> b)
    {
        b.ToTable("BestCalls");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Why).HasMaxLength(2000);
        b.Property(x => x.Objection).HasMaxLength(200);
        b.HasIndex(x => x.ActivityId);
        b.HasIndex(x => x.StageId);
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Pipelines.Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Products.Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AddedById).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReviewQuota> b)
    {
        b.ToTable("ReviewQuotas");
        b.HasKey(x => x.UserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    private static readonly ValueConverter<List<ChoiceOption>, string> OptionsConverter = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        v => string.IsNullOrEmpty(v)
            ? new List<ChoiceOption>()
            : JsonSerializer.Deserialize<List<ChoiceOption>>(v, JsonSerializerOptions.Web) ?? new List<ChoiceOption>());

    private static readonly ValueComparer<List<ChoiceOption>> OptionsComparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b), v => v.Aggregate(0, (h, o) => HashCode.Combine(h, o)), v => v.ToList());

    public void Configure(EntityTypeBuilder<Scorecard> b)
    {
        b.ToTable("Scorecards");
        b.Property(x => x.Name).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<ScorecardRevision> b)
    {
        b.ToTable("ScorecardRevisions");
        b.HasIndex(x => new { x.ScorecardId, x.Number }).IsUnique();
        b.HasOne<Scorecard>().WithMany().HasForeignKey(x => x.ScorecardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Pipelines.Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Pipelines.Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Questions).WithOne().HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ScorecardQuestion> b)
    {
        b.ToTable("ScorecardQuestions");
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.Guide).HasMaxLength(2000);
        b.Property(x => x.Options).HasConversion(OptionsConverter, OptionsComparer);
        b.HasIndex(x => new { x.RevisionId, x.Position });
    }

    public void Configure(EntityTypeBuilder<CallReview> b)
    {
        b.ToTable("CallReviews");
        b.Property(x => x.Summary).HasMaxLength(4000);
        b.Property(x => x.Score).HasPrecision(5, 2);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ActivityId);
        b.HasIndex(x => new { x.ManagerId, x.Status, x.ReleasedAt });
        b.HasIndex(x => new { x.ReviewerId, x.CreatedAt });
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ScorecardRevision>().WithMany().HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ReviewAnswer> b)
    {
        b.ToTable("ReviewAnswers");
        b.Property(x => x.Comment).HasMaxLength(2000);
        b.HasIndex(x => new { x.ReviewId, x.QuestionId }).IsUnique();
        b.HasOne<ScorecardQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReviewComment> b)
    {
        b.ToTable("ReviewComments");
        b.Property(x => x.Text).HasMaxLength(2000);
        b.HasIndex(x => new { x.ReviewId, x.CreatedAt });
        b.HasOne<CallReview>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
