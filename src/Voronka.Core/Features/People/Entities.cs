using Microsoft.AspNetCore.Identity;

namespace Voronka.Core.Features.People;

public enum UserRole
{
    Director,
    Senior,
    Manager,
    Assistant,
}

/// <summary>A person who signs in. Deactivated users keep their history but get no new work and no access.</summary>
public class AppUser : IdentityUser<int>
{
    public string FullName { get; set; } = "";
    public UserRole Role { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }
    public int? RegionId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    /// <summary>Preferred UI language ("ru" or "en"); null follows the browser.</summary>
    public string? Culture { get; set; }
    /// <summary>The import that brought the person in (with no password until the director sets one); its rollback
    /// removes them.</summary>
    public int? ImportBatchId { get; set; }
}

/// <summary>A group of managers led by a senior.</summary>
public class Team
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? LeaderId { get; set; }
}

public class Region
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}
