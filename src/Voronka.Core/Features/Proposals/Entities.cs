using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Proposals;

/// <summary>
/// A proposal made for a deal from a template: the document attached to the deal, the "proposal sent" activity, and the link
/// the client opens it by — an unguessable token valid until <see cref="ExpiresAt"/>; each opening is kept.
/// </summary>
public class Proposal
{
    public int Id { get; set; }
    public int DealId { get; set; }
    public int? TemplateId { get; set; }
    public string TemplateTitle { get; set; } = "";
    public int AttachmentId { get; set; }
    public long ActivityId { get; set; }
    public string Token { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public int CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FirstOpenedAt { get; set; }
    public DateTime? LastOpenedAt { get; set; }
    public int Opens { get; set; }
}

/// <summary>One opening of a proposal's link by the client.</summary>
public class ProposalOpen
{
    public long Id { get; set; }
    public int ProposalId { get; set; }
    public DateTime At { get; set; }
    public string? UserAgent { get; set; }
}

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>, IEntityTypeConfiguration<ProposalOpen>
{
    public void Configure(EntityTypeBuilder<Proposal> b)
    {
        b.ToTable("Proposals");
        b.Property(x => x.Token).HasMaxLength(64);
        b.Property(x => x.TemplateTitle).HasMaxLength(200);
        b.HasIndex(x => x.Token).IsUnique();
        b.HasIndex(x => x.DealId);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ArsenalItem>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Attachment>().WithMany().HasForeignKey(x => x.AttachmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProposalOpen> b)
    {
        b.ToTable("ProposalOpens");
        b.Property(x => x.UserAgent).HasMaxLength(300);
        b.HasIndex(x => new { x.ProposalId, x.At });
        b.HasOne<Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
    }
}
