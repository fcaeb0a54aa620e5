using Voronka.Core.Features.People;

namespace Voronka.Core.Common;

/// <summary>Who is acting: every service call takes one and decides what it may see and do.
/// <see cref="MayBackdate"/>: the call comes with a token of the import scope, so deals may be created, moved and closed
/// at a past moment.</summary>
public sealed record Actor(int UserId, UserRole Role, int? TeamId, bool MayBackdate = false)
{
    public bool IsDirector => Role == UserRole.Director;
    public bool IsSenior => Role == UserRole.Senior;
    public bool IsManager => Role == UserRole.Manager;
    public bool IsAssistant => Role == UserRole.Assistant;

    /// <summary>Directors, seniors and managers own and edit deals; the assistant only works on own tasks.</summary>
    public bool CanSell => Role is UserRole.Director or UserRole.Senior or UserRole.Manager;

    public void RequireDirector()
    {
        if (!IsDirector) throw new ForbiddenException("Only the director may do this.");
    }

    public void RequireSeller()
    {
        if (!CanSell) throw new ForbiddenException("This role may not change deals, companies or contacts.");
    }
}
