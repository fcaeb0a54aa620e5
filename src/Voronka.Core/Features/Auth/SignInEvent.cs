using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Voronka.Core.Features.Auth;

/// <summary>How an attempt to sign in ended.</summary>
public enum SignInOutcome
{
    SignedIn,
    WrongPassword,
    UnknownLogin,
    LockedOut,
    Deactivated,
}

/// <summary>Where the attempt came: the web app's sign-in page or the API's token endpoint.</summary>
public enum SignInDoor
{
    Page,
    Api,
}

/// <summary>Where a sign-in attempt comes from: the door and the client's address.</summary>
public sealed record SignInSource(SignInDoor Door, string? Address);

/// <summary>One attempt to sign in, kept for the director's review; the password is never kept.</summary>
public class SignInEvent
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>The login as typed (trimmed).</summary>
    public string Login { get; set; } = "";
    /// <summary>The person it named, when it named one.</summary>
    public int? UserId { get; set; }
    public SignInOutcome Outcome { get; set; }
    public SignInDoor Door { get; set; }
    public string? Address { get; set; }
}

internal sealed class SignInEventConfiguration : IEntityTypeConfiguration<SignInEvent>
{
    public void Configure(EntityTypeBuilder<SignInEvent> b)
    {
        b.ToTable("SignInEvents");
        b.Property(x => x.Login).HasMaxLength(256);
        b.Property(x => x.Address).HasMaxLength(64);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.UserId, x.At });
    }
}
