using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Common;

/// <summary>
/// What an actor may see, as query filters. The director sees everything; a senior the deals of the team;
/// a manager own deals with their companies and contacts; the assistant the deals where they hold a task or a request.
/// Everything outside the scope answers 404.
/// </summary>
public sealed class AccessScope
{
    private readonly VoronkaDbContext _db;

    private AccessScope(VoronkaDbContext db, Actor actor, int[] owners)
    {
        _db = db;
        Actor = actor;
        Owners = owners;
    }

    public Actor Actor { get; }

    /// <summary>Users whose deals the actor sees as their own scope (empty for the director, who sees all, and the assistant).</summary>
    public IReadOnlyList<int> Owners { get; }

    public static async Task<AccessScope> ForAsync(VoronkaDbContext db, Actor actor, CancellationToken ct = default)
    {
        int[] owners = actor.Role switch
        {
            UserRole.Senior when actor.TeamId is int team => await db.Users.Where(u => u.TeamId == team || u.Id == actor.UserId)
                .Select(u => u.Id).ToArrayAsync(ct),
            UserRole.Senior or UserRole.Manager => [actor.UserId],
            _ => [],
        };
        return new AccessScope(db, actor, owners);
    }

    /// <summary>Everything, for the background rounds that count for the whole organisation (the daily snapshots).</summary>
    internal static AccessScope Everything(VoronkaDbContext db) => new(db, new Actor(0, UserRole.Director, null), []);

    public IQueryable<Deal> Deals()
    {
        var q = _db.Deals.AsQueryable();
        var owners = Owners.ToArray();
        var me = Actor.UserId;
        return Actor.Role switch
        {
            UserRole.Director => q,
            UserRole.Assistant => q.Where(d => _db.Tasks.Any(t => t.DealId == d.Id && t.AssigneeId == me)
                || _db.Set<Features.Requests.AssistantRequest>().Any(r => r.DealId == d.Id && r.AssigneeId == me)),
            _ => q.Where(d => owners.Contains(d.OwnerId)),
        };
    }

    public IQueryable<Company> Companies()
    {
        if (Actor.IsDirector) return _db.Companies;
        var deals = Deals();
        var owners = Owners.ToArray();
        return _db.Companies.Where(c => owners.Contains(c.OwnerId) || deals.Any(d => d.CompanyId == c.Id));
    }

    public IQueryable<Contact> Contacts()
    {
        if (Actor.IsDirector) return _db.Contacts;
        var deals = Deals();
        var companies = Companies();
        var owners = Owners.ToArray();
        return _db.Contacts.Where(x => owners.Contains(x.OwnerId)
            || deals.Any(d => d.ContactId == x.Id)
            || (x.CompanyId != null && companies.Any(c => c.Id == x.CompanyId)));
    }

    public IQueryable<Activity> Activities()
    {
        if (Actor.IsDirector) return _db.Activities;
        var deals = Deals();
        var owners = Owners.ToArray();
        var companies = Companies();
        return _db.Activities.Where(a => owners.Contains(a.UserId)
            || (a.DealId != null && deals.Any(d => d.Id == a.DealId))
            || (a.DealId == null && a.CompanyId != null && companies.Any(c => c.Id == a.CompanyId)));
    }

    /// <summary>Calls the actor sees: all for the director; else the calls of the actor's people, those on a deal the
    /// actor sees, and those that rang on the actor's own extension.</summary>
    public IQueryable<Features.Telephony.Call> Calls()
    {
        var calls = _db.Set<Features.Telephony.Call>();
        if (Actor.IsDirector) return calls;
        var deals = Deals();
        var owners = Owners.ToArray();
        var me = Actor.UserId;
        return calls.Where(c => (c.UserId != null && owners.Contains(c.UserId.Value)) || c.RungUserIds.Contains(me)
            || (c.DealId != null && deals.Any(d => d.Id == c.DealId)));
    }

    public IQueryable<DealTask> Tasks()
    {
        if (Actor.IsDirector) return _db.Tasks;
        var deals = Deals();
        var me = Actor.UserId;
        return _db.Tasks.Where(t => t.AssigneeId == me || deals.Any(d => d.Id == t.DealId));
    }

    /// <summary>Leads the actor sees: all for the director; for a senior the team's and those nobody could take yet;
    /// for a manager their own; none for the assistant.</summary>
    public IQueryable<Features.Leads.Lead> Leads()
    {
        var owners = Owners.ToArray();
        var me = Actor.UserId;
        return Actor.Role switch
        {
            UserRole.Director => _db.Leads,
            UserRole.Senior => _db.Leads.Where(l => (l.AssigneeId != null && owners.Contains(l.AssigneeId.Value))
                || l.Status == Features.Leads.LeadStatus.New),
            UserRole.Manager => _db.Leads.Where(l => l.AssigneeId == me),
            _ => _db.Leads.Where(l => false),
        };
    }

    /// <summary>People the actor sees: everyone for the director, the team and self for a senior, self for anyone else.</summary>
    public IQueryable<AppUser> People()
    {
        if (Actor.IsDirector) return _db.Users;
        var owners = Owners.ToArray();
        var me = Actor.UserId;
        return _db.Users.Where(u => u.Id == me || owners.Contains(u.Id));
    }

    /// <summary>The active managers and seniors among <see cref="People"/>: the people whose selling the dashboard, the
    /// KPI board, the activity report and the plans count.</summary>
    public IQueryable<AppUser> Sellers() => People().Where(u => u.IsActive && (u.Role == UserRole.Manager || u.Role == UserRole.Senior));

    /// <summary>May the actor make <paramref name="userId"/> the owner of a deal, company or contact?</summary>
    public bool MayAssignOwner(int userId) => Actor.Role switch
    {
        UserRole.Director => true,
        UserRole.Senior or UserRole.Manager => Owners.Contains(userId),
        _ => false,
    };
}
