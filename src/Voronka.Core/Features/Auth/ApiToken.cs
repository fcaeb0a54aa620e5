namespace Voronka.Core.Features.Auth;

public enum ApiTokenKind
{
    /// <summary>Issued by POST /auth/token for a login; short-lived.</summary>
    Session,
    /// <summary>Created by the user for an integration; lives until it expires or is revoked.</summary>
    Personal,
}

/// <summary>A bearer token. Only its SHA-256 hash is stored; the secret is shown once.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public ApiTokenKind Kind { get; set; }
    public string Name { get; set; } = "";
    /// <summary>What the token may do besides its user's rights: <see cref="ApiTokenScopes.Import"/> lets an integration
    /// that brings history in date its writes in the past.</summary>
    public string? Scope { get; set; }
    public string TokenHash { get; set; } = "";
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    /// <summary>The client address it was last used from.</summary>
    public string? LastUsedFrom { get; set; }
}

/// <summary>The scopes a personal token may carry.</summary>
public static class ApiTokenScopes
{
    /// <summary>A director's token for bringing history in: deals created, moved and closed with a past <c>at</c>.</summary>
    public const string Import = "import";
}
