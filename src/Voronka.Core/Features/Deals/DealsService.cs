using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Automations;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Deals;

/// <summary>Deals: the only way in for the API, the web app and every later path (import, automations).</summary>
public sealed class DealsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock, AutomationRunner automations)
{
    private static readonly string[] SortKeys = ["id", "title", "amount", "createdAt", "updatedAt", "expectedCloseDate", "stageEnteredAt",
        "closedAt"];

    public async Task<DealListResponse> ListAsync(Actor actor, DealQuery query, CancellationToken ct = default)
    {
        var v = new Validator();
        query.Validate(v);
        var (sortKey, desc) = query.SortKey("-createdAt");
        v.Check(SortKeys.Contains(sortKey), "sort", $"must be one of: {string.Join(", ", SortKeys)} (prefix '-' for descending).");
        ValidateFilters(query, v);
        v.ThrowIfInvalid();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var q = await FilterAsync(db, scope, scope.Deals(), query, await OrgTime.ZoneAsync(db, ct), clock.GetUtcNow().UtcDateTime, ct);
        // The count and the amounts per currency in one reading: a list opened from a sum shows that sum.
        var sums = await q.GroupBy(d => d.Currency).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) })
            .ToListAsync(ct);
        // The page's deals are found first and only they are read whole: the open deals' index holds what the usual
        // list filters and sorts by, so the deals skipped over are not read from the table.
        var page = Sorted(q, sortKey, desc).Skip(query.Skip).Take(query.Take).Select(d => d.Id);
        var rows = await Project(db, Sorted(db.Deals.Where(d => page.Contains(d.Id)), sortKey, desc)).ToListAsync(ct);
        var defs = await DealFieldTypesAsync(db, ct);
        return new DealListResponse(rows.Select(r => r.ToResponse(defs, null)).ToList(), sums.Sum(x => x.Count),
            sums.OrderByDescending(x => x.Count).ThenBy(x => x.Key).Select(x => new MoneySum(x.Key, Money.FromMinor(x.Sum))).ToList());
    }

    private static IQueryable<Deal> Sorted(IQueryable<Deal> q, string sortKey, bool desc)
    {
        q = sortKey switch
        {
            "title" => q.OrderByKey(d => d.Title, desc),
            "amount" => q.OrderByKey(d => d.AmountMinor, desc),
            "updatedAt" => q.OrderByKey(d => d.UpdatedAt, desc),
            "expectedCloseDate" => q.OrderByKey(d => d.ExpectedCloseDate, desc),
            "stageEnteredAt" => q.OrderByKey(d => d.StageEnteredAt, desc),
            "closedAt" => q.OrderByKey(d => d.ClosedAt, desc),
            "id" => q.OrderByKey(d => d.Id, desc),
            _ => q.OrderByKey(d => d.CreatedAt, desc),
        };
        return desc ? ((IOrderedQueryable<Deal>)q).ThenByDescending(d => d.Id) : ((IOrderedQueryable<Deal>)q).ThenBy(d => d.Id);
    }

    public async Task<DealResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        return await LoadResponseAsync(db, scope.Deals().Where(d => d.Id == id), ct) ?? throw new NotFoundException("Deal", id);
    }

    public async Task<DealResponse> CreateAsync(Actor actor, CreateDealRequest request, CancellationToken ct = default)
    {
        actor.RequireSeller();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var org = await db.Organisation.AsNoTracking().FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Validator();

        var stage = await ResolveStageAsync(db, request.PipelineId, request.StageId, v, ct);
        var at = Moment(actor, request.At, null, now, v);
        var deal = new Deal
        {
            OwnerId = request.OwnerId ?? actor.UserId,
            Currency = request.Currency?.Trim().ToUpperInvariant() ?? org?.Currency ?? "RUB",
            CreatedAt = at,
            UpdatedAt = now,
            CreatedById = actor.UserId,
        };
        var input = new DealInput(request.Title, request.CompanyId, request.ContactId, request.OwnerId ?? actor.UserId, request.Currency,
            request.Amount, request.Source, request.RegionId, request.ExpectedCloseDate, request.Lines, request.CustomFields,
            request.LossReasonId, request.LossComment, request.ExternalId);
        await ApplyAsync(db, scope, deal, input, replace: true, v, ct);
        v.ThrowIfInvalid();
        if (stage!.Kind != StageKind.Lost)
        {
            deal.LossReasonId = null;
            deal.LossComment = null;
        }
        EnsureCanEnter(deal, stage);
        if (!actor.MayBackdate) await Requests.RequestRules.EnsureDoneAsync(db, deal, stage!, ct);
        deal.EnterStage(stage!, actor.UserId, at);
        db.Deals.Add(deal);
        db.StampAudit(actor.UserId, clock);
        var queued = await QueueAutomationsAsync(db, actor, deal, ct);
        await SaveAsync(db, scope, deal, ct);
        if (queued) await automations.RunForDealAsync(deal.Id, ct);
        return (await LoadResponseAsync(db, db.Deals.Where(d => d.Id == deal.Id), ct))!;
    }

    public async Task<DealResponse> UpdateAsync(Actor actor, int id, UpdateDealRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deal = await LoadForWriteAsync(db, scope, id, request.Version, requireVersion: true, ct);
        var v = new Validator();
        Stage? stage = null;
        if (request.StageId is int stageId && stageId != deal.StageId)
        {
            stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, ct);
            if (stage is null) v.Add("stageId", "does not exist.");
        }
        var input = new DealInput(request.Title, request.CompanyId, request.ContactId, request.OwnerId ?? deal.OwnerId, request.Currency
            ?? deal.Currency,
            request.Amount, request.Source, request.RegionId, request.ExpectedCloseDate, request.Lines ?? [], request.CustomFields,
            request.LossReasonId, request.LossComment, request.ExternalId);
        await ApplyAsync(db, scope, deal, input, replace: true, v, ct);
        v.ThrowIfInvalid();
        if (await SaveWithStageAsync(db, scope, deal, stage, ct)) await automations.RunForDealAsync(deal.Id, ct);
        return (await LoadResponseAsync(db, db.Deals.Where(d => d.Id == deal.Id), ct))!;
    }

    public async Task<DealResponse> MoveAsync(Actor actor, int id, MoveDealRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deal = await LoadForWriteAsync(db, scope, id, request.Version, requireVersion: false, ct);
        var v = new Validator();
        Stage? stage = null;
        if (request.StageId is not int stageId) v.Add("stageId", "is required.");
        else
        {
            stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, ct);
            if (stage is null) v.Add("stageId", "does not exist.");
        }
        var input = new DealInput(null, request.CompanyId, request.ContactId, null, null, request.Amount, request.Source, request.RegionId,
            request.ExpectedCloseDate, request.Lines, request.CustomFields, request.LossReasonId, request.LossComment);
        var at = Moment(actor, request.At, deal.StageEnteredAt, clock.GetUtcNow().UtcDateTime, v);
        await ApplyAsync(db, scope, deal, input, replace: false, v, ct);
        v.ThrowIfInvalid();
        if (await SaveWithStageAsync(db, scope, deal, stage, ct, at)) await automations.RunForDealAsync(deal.Id, ct);
        return (await LoadResponseAsync(db, db.Deals.Where(d => d.Id == deal.Id), ct))!;
    }

    /// <summary>Closes the deal as won: into the first won stage of its pipeline.</summary>
    public Task<DealResponse> WinAsync(Actor actor, int id, int? version, CancellationToken ct = default) =>
        WinAsync(actor, id, new WinDealRequest(version), ct);

    /// <summary>Closes the deal as won, with the amount it was won for when given.</summary>
    public Task<DealResponse> WinAsync(Actor actor, int id, WinDealRequest request, CancellationToken ct = default) =>
        CloseAsync(actor, id, StageKind.Won, new MoveDealRequest(null, request.Version, Amount: request.Amount, At: request.At), ct);

    /// <summary>Closes the deal as lost: into the first lost stage of its pipeline, with a reason.</summary>
    public Task<DealResponse> LoseAsync(Actor actor, int id, LoseDealRequest request, CancellationToken ct = default) =>
        CloseAsync(actor, id, StageKind.Lost,
            new MoveDealRequest(null, request.Version, LossReasonId: request.LossReasonId, LossComment: request.Comment, At: request.At),
                ct);

    private async Task<DealResponse> CloseAsync(Actor actor, int id, StageKind kind, MoveDealRequest request, CancellationToken ct)
    {
        int pipelineId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var scope = await AccessScope.ForAsync(db, actor, ct);
            var current = await scope.Deals().Where(d => d.Id == id)
                .Select(d => new
                {
                    d.PipelineId, Kind = db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Kind).First(), d.LossReasonId,
                })
                .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Deal", id);
            pipelineId = current.PipelineId;
            // Closing a deal closed the same way changes nothing: a repeated call (a retry, a sync) leaves no trace.
            var sameReason = request.LossReasonId is null || request.LossReasonId == current.LossReasonId;
            if (current.Kind == kind && (kind == StageKind.Won || sameReason) && request.LossComment is null && request.Amount is null
                && request.At is null)
            {
                scope.Actor.RequireSeller();
                return (await LoadResponseAsync(db, scope.Deals().Where(d => d.Id == id), ct))!;
            }
            var stageId = await db.Stages.Where(s => s.PipelineId == pipelineId && s.Kind == kind).OrderBy(s => s.Position)
                .Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
            if (stageId is null) throw new ConflictException($"The pipeline has no {kind.ToString().ToLowerInvariant()} stage.");
            request = request with { StageId = stageId };
        }
        return await MoveAsync(actor, id, request, ct);
    }

    /// <summary>Removes the deal from every list and report; its history stays in the database.</summary>
    public async Task DeleteAsync(Actor actor, int id, int? version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deal = await LoadForWriteAsync(db, scope, id, version, requireVersion: false, ct);
        deal.DeletedAt = clock.GetUtcNow().UtcDateTime;
        deal.UpdatedAt = deal.DeletedAt.Value;
        db.StampAudit(actor.UserId, clock);
        await SaveAsync(db, scope, deal, ct);
    }

    public async Task<DealHistoryResponse> HistoryAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Deals().AnyAsync(d => d.Id == id, ct)) throw new NotFoundException("Deal", id);
        var stages = await StageChanges(db, id, DateTime.MaxValue, newestFirst: false).ToListAsync(ct);
        var audit = await Audit.AuditService.ReadAsync(db, scope, nameof(Deal), id, ct);
        return new DealHistoryResponse(stages, audit);
    }

    /// <summary>A deal's stage moves before a moment, with the names of the stages and of who moved it.</summary>
    internal static IQueryable<StageChangeResponse> StageChanges(VoronkaDbContext db, int dealId, DateTime before, bool newestFirst) =>
        from h in newestFirst
            ? db.DealStageChanges.OrderByDescending(h => h.ChangedAt).ThenByDescending(h => h.Id)
            : db.DealStageChanges.OrderBy(h => h.ChangedAt).ThenBy(h => h.Id)
        where h.DealId == dealId && h.ChangedAt < before
        join to in db.Stages on h.ToStageId equals to.Id
        join u in db.Users on h.ChangedById equals u.Id
        select new StageChangeResponse(h.Id, h.FromStageId,
            db.Stages.Where(s => s.Id == h.FromStageId).Select(s => s.Name).FirstOrDefault(), h.ToStageId, to.Name, h.ChangedAt,
            h.ChangedById, u.FullName);

    /// <summary>Checks the filters shared by the list, the board and exports.</summary>
    internal static void ValidateFilters(DealQuery query, Validator v)
    {
        v.Check(query.Status is null or "open" or "won" or "lost", "status", "must be open, won or lost.");
        v.Check(query.NextTask is null or "none" or "any", "nextTask", "must be none or any.");
        v.Check(query.ContactWay is null or "none" or "any", "contactWay", "must be none or any.");
        v.MaxLength(query.ExternalId, ExternalIds.Field, ExternalIds.MaxLength);
        Money.Check(v, query.AmountMin, "amountMin");
        Money.Check(v, query.AmountMax, "amountMax");
        v.Check(query.AmountMin is null || query.AmountMax is null || query.AmountMin <= query.AmountMax, "amountMax",
            "must not be less than amountMin.");
    }

    /// <summary>The filters shared by the list, the board and exports.</summary>
    /// <summary>Deals without an open task: no next step.</summary>
    internal static System.Linq.Expressions.Expression<Func<Deal, bool>> WithoutNextStep(VoronkaDbContext db) =>
        d => !db.Tasks.Any(t => t.DealId == d.Id && t.Status == DealTaskStatus.Open);

    /// <summary>How many of <paramref name="deals"/> each owner has under the list's filter <paramref name="query"/>.</summary>
    internal static async Task<Dictionary<int, int>> CountByOwnerAsync(VoronkaDbContext db, AccessScope scope, IQueryable<Deal> deals,
        DealQuery query, TimeZoneInfo zone, DateTime now, CancellationToken ct) =>
        await (await FilterAsync(db, scope, deals, query, zone, now, ct)).GroupBy(d => d.OwnerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    internal static async Task<IQueryable<Deal>> FilterAsync(
        VoronkaDbContext db, AccessScope scope, IQueryable<Deal> q, DealQuery query, TimeZoneInfo zone, DateTime now, CancellationToken ct)
    {
        q = Filter(db, q, query, zone);
        q = await DealCustomFilter.ApplyAsync(db, q, query.Custom, ct);
        if (query.Sellers == true)
        {
            var sellers = scope.Sellers().Select(u => u.Id);
            q = q.Where(d => sellers.Contains(d.OwnerId));
        }
        if (query.NextTask is "none") q = q.Where(WithoutNextStep(db));
        if (query.NextTask is "any") q = q.Where(d => db.Tasks.Any(t => t.DealId == d.Id && t.Status == DealTaskStatus.Open));
        if (query.ReachedStageId is int reachedId)
        {
            // As the cohort funnel counts: the furthest open stage of the deal's history, or won.
            var stage = await db.Stages.Where(s => s.Id == reachedId).Select(s => new { s.PipelineId, s.Position }).FirstOrDefaultAsync(ct)
                ?? throw ValidationFailedException.For("reachedStageId", "is not a known stage.");
            q = q.Where(d => d.PipelineId == stage.PipelineId && (d.FurthestPosition >= stage.Position
                || db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Won)));
        }
        if (query.EnteredStageId is int enteredId)
        {
            var (eFrom, eTo) = OrgTime.Range(query.EnteredFrom, query.EnteredTo, zone);
            var moves = db.DealStageChanges.Where(c => c.ToStageId == enteredId);
            if (eFrom is not null) moves = moves.Where(c => c.ChangedAt >= eFrom);
            if (eTo is not null) moves = moves.Where(c => c.ChangedAt < eTo);
            q = q.Where(d => moves.Any(c => c.DealId == d.Id));
        }
        if (query.Rotting is bool rotting)
        {
            // The same rule as the dashboard's and the hot leads' rotting deals: an open deal past its stage's limit.
            var rots = await Reports.RottingDeals.PredicateAsync(db, now, ct);
            q = q.Where(d => d.ClosedAt == null && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Open));
            q = rotting ? q.Where(rots) : q.Where(Predicates.Not(rots));
        }
        if (query.Incomplete is not null || query.ContactWay is not null)
            q = q.Where(d => d.ClosedAt == null && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Open));
        if (query.Incomplete is bool incomplete)
        {
            var lacks = await DealCompliance.IncompleteAsync(db, ct);
            q = incomplete ? q.Where(lacks) : q.Where(Predicates.Not(lacks));
        }
        if (query.ContactWay is "none" or "any")
        {
            var unreachable = DealCompliance.Unreachable(db);
            q = query.ContactWay == "none" ? q.Where(unreachable) : q.Where(Predicates.Not(unreachable));
        }
        return q;
    }

    private static IQueryable<Deal> Filter(VoronkaDbContext db, IQueryable<Deal> q, DealQuery query, TimeZoneInfo zone)
    {
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLower();
            q = q.Where(d => d.Title.ToLower().Contains(text)
                || db.Companies.Any(c => c.Id == d.CompanyId && (c.Name.ToLower().Contains(text) || c.Inn == text)));
        }
        if (query.OwnerId is int owner) q = q.Where(d => d.OwnerId == owner);
        if (query.TeamId is int team) q = q.Where(d => db.Users.Any(u => u.Id == d.OwnerId && u.TeamId == team));
        if (query.PipelineId is int pipeline) q = q.Where(d => d.PipelineId == pipeline);
        if (query.StageId is int stage) q = q.Where(d => d.StageId == stage);
        if (query.ProductId is int product) q = q.Where(d => d.Lines.Any(l => l.ProductId == product));
        if (query.RegionId is int region) q = q.Where(d => d.RegionId == region);
        if (query.CompanyId is int company) q = q.Where(d => d.CompanyId == company);
        if (query.ContactId is int contact) q = q.Where(d => d.ContactId == contact);
        if (!string.IsNullOrWhiteSpace(query.Source)) q = q.Where(d => d.Source == query.Source.Trim());
        if (ExternalIds.Clean(query.ExternalId) is string externalId) q = q.Where(d => d.ExternalId == externalId);
        if (query.Status is not null)
        {
            var kind = query.Status switch { "won" => StageKind.Won, "lost" => StageKind.Lost, _ => StageKind.Open };
            q = q.Where(d => db.Stages.Any(s => s.Id == d.StageId && s.Kind == kind));
            // An open deal has no closing time; said outright, the database reads the open deals by their own index and
            // knows how few they are (the stage's kind alone made it walk a seller's every deal).
            if (kind == StageKind.Open) q = q.Where(d => d.ClosedAt == null);
        }
        var (cFrom, cTo) = OrgTime.Range(query.CreatedFrom, query.CreatedTo, zone);
        if (cFrom is not null) q = q.Where(d => d.CreatedAt >= cFrom);
        if (cTo is not null) q = q.Where(d => d.CreatedAt < cTo);
        var (xFrom, xTo) = OrgTime.Range(query.ClosedFrom, query.ClosedTo, zone);
        if (xFrom is not null) q = q.Where(d => d.ClosedAt >= xFrom);
        if (xTo is not null) q = q.Where(d => d.ClosedAt < xTo);
        if (query.ExpectedCloseFrom is DateOnly ef) q = q.Where(d => d.ExpectedCloseDate >= ef);
        if (query.ExpectedCloseTo is DateOnly et) q = q.Where(d => d.ExpectedCloseDate <= et);
        if (query.AmountMin is decimal min) { var m = Money.ToMinor(min); q = q.Where(d => d.AmountMinor >= m); }
        if (query.AmountMax is decimal max) { var m = Money.ToMinor(max); q = q.Where(d => d.AmountMinor <= m); }

        return q;
    }

    // ---- writing ----

    private sealed record DealInput(
        string? Title, int? CompanyId, int? ContactId, int? OwnerId, string? Currency, decimal? Amount, string? Source, int? RegionId,
        DateOnly? ExpectedCloseDate, IReadOnlyList<DealLineInput>? Lines, Dictionary<string, JsonElement>? CustomFields,
        int? LossReasonId, string? LossComment, string? ExternalId = null);

    private async Task<Deal> LoadForWriteAsync(VoronkaDbContext db, AccessScope scope, int id, int? version, bool requireVersion,
        CancellationToken ct)
    {
        var deal = await scope.Deals().Include(d => d.Lines).FirstOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new NotFoundException("Deal", id);
        scope.Actor.RequireSeller();
        if (version is null && requireVersion) throw ValidationFailedException.For("version",
            "is required: send the version you last read.");
        if (version is int expected)
        {
            if (expected != deal.Version)
                throw new ConflictException("The deal was changed by someone else. Reload it and apply your change again.",
                    new Dictionary<string, object?> { ["currentVersion"] = deal.Version });
            // A change saved between this read and the write below is caught by the database.
            db.Entry(deal).Property(d => d.Version).OriginalValue = expected;
        }
        return deal;
    }

    /// <summary>The moment a change is dated: now, or the past <paramref name="at"/> an import-scoped token gives, never
    /// in the future and never before the deal's last stage change (so a path only ever grows at its end).</summary>
    private static DateTime Moment(Actor actor, DateTimeOffset? at, DateTime? lastChange, DateTime now, Validator v)
    {
        if (at is not DateTimeOffset given) return now;
        var utc = given.UtcDateTime;
        if (!actor.MayBackdate) v.Add("at", "is taken only with a personal token of the import scope.");
        else if (utc > now) v.Add("at", "must not be in the future.");
        else if (lastChange is DateTime last && utc < last) v.Add("at", "must not be before the deal's last stage change.");
        else return utc;
        return now;
    }

    /// <summary>Saves the deal with its move, if any; true when the move queued automation runs to do now.</summary>
    private async Task<bool> SaveWithStageAsync(VoronkaDbContext db, AccessScope scope, Deal deal, Stage? stage, CancellationToken ct,
        DateTime? at = null)
    {
        var actor = scope.Actor;
        var now = clock.GetUtcNow().UtcDateTime;
        var target = stage ?? await db.Stages.FirstAsync(s => s.Id == deal.StageId, ct);
        if (target.Kind != StageKind.Lost)
        {
            deal.LossReasonId = null;
            deal.LossComment = null;
        }
        // Requirements hold for the stage the deal ends up in, whether it moved or stayed.
        EnsureCanEnter(deal, target);
        if (stage is not null && stage.Id != deal.StageId && !actor.MayBackdate)
            await Requests.RequestRules.EnsureDoneAsync(db, deal, stage, ct);
        if (stage is not null) deal.EnterStage(stage, actor.UserId, at ?? now);
        deal.UpdatedAt = now;
        db.StampAudit(actor.UserId, clock);
        var queued = await QueueAutomationsAsync(db, actor, deal, ct);
        await SaveAsync(db, scope, deal, ct);
        return queued;
    }

    /// <summary>The stage automations a move fires, written with the move; an import of history (a token that may date
    /// changes in the past) fires none.</summary>
    private async Task<bool> QueueAutomationsAsync(VoronkaDbContext db, Actor actor, Deal deal, CancellationToken ct) =>
        !actor.MayBackdate && await AutomationRunner.QueueAsync(db, deal, 0, clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>A deal changed by someone other than its owner is told to the owner (and, when it changes hands, to the
    /// new one); a new deal, and a history import's writes, tell nobody.</summary>
    private async Task TellOwnerAsync(VoronkaDbContext db, Actor actor, Deal deal, CancellationToken ct)
    {
        if (deal.Id == 0 || actor.MayBackdate) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var before = db.Entry(deal).Property(d => d.OwnerId).OriginalValue;
        foreach (var owner in new[] { before, deal.OwnerId }.Distinct().Where(o => o != actor.UserId))
            await Notify.AddAsync(db, owner, NotificationKind.DealChanged, deal.Title, $"/deals/{deal.Id}", now, ct);
    }

    internal static void EnsureCanEnter(Deal deal, Stage stage)
    {
        var missing = DealFields.Missing(deal, stage);
        if (missing.Count == 0) return;
        var errors = missing.ToDictionary(f => f, _ => new[] { $"is required to enter the stage '{stage.Name}'." });
        throw new ValidationFailedException(errors, $"The stage '{stage.Name}' requires: {string.Join(", ", missing)}.",
            new Dictionary<string, object?> { ["missingFields"] = missing, ["stageId"] = stage.Id });
    }

    private async Task SaveAsync(VoronkaDbContext db, AccessScope scope, Deal deal, CancellationToken ct)
    {
        await TellOwnerAsync(db, scope.Actor, deal, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            NotificationSignal.Raise(db.Notified);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The deal was changed by someone else. Reload it and apply your change again.");
        }
        catch (DbUpdateException) when (deal.ExternalId is not null)
        {
            // Another deal took the key between the check and the write: the unique index refused it.
            if (await ExternalIdHolderAsync(db, scope, deal.ExternalId, deal.Id, ct) is not { } holder) throw;
            throw ValidationFailedException.For(ExternalIds.Field, ExternalIds.HeldBy("deal", holder));
        }
    }

    /// <summary>The other deal that holds the key, deleted ones included: a deleted deal keeps its key.</summary>
    private static async Task<ExternalIds.Holder?> ExternalIdHolderAsync(
        VoronkaDbContext db, AccessScope scope, string externalId, int dealId, CancellationToken ct)
    {
        var holder = await db.Deals.IgnoreQueryFilters().Where(d => d.ExternalId == externalId && d.Id != dealId)
            .Select(d => new { d.Id, d.Title, d.DeletedAt }).FirstOrDefaultAsync(ct);
        if (holder is null) return null;
        var visible = await scope.Deals().IgnoreQueryFilters().AnyAsync(d => d.Id == holder.Id, ct);
        return new ExternalIds.Holder(holder.Id, holder.Title, visible, holder.DeletedAt is not null);
    }

    internal static async Task<Stage?> ResolveStageAsync(VoronkaDbContext db, int? pipelineId, int? stageId, Validator v,
        CancellationToken ct)
    {
        if (stageId is int sid)
        {
            var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == sid, ct);
            if (stage is null) v.Add("stageId", "does not exist.");
            else if (pipelineId is int pid && stage.PipelineId != pid) v.Add("stageId", "is not a stage of the given pipeline.");
            return stage;
        }
        var pipeline = pipelineId is int p
            ? await db.Pipelines.FirstOrDefaultAsync(x => x.Id == p, ct)
            : await db.Pipelines.OrderByDescending(x => x.IsDefault).ThenBy(x => x.Position).ThenBy(x => x.Id).FirstOrDefaultAsync(ct);
        if (pipeline is null)
        {
            v.Add("pipelineId", pipelineId is null ? "no pipeline exists yet." : "does not exist.");
            return null;
        }
        var first = await db.Stages.Where(s => s.PipelineId == pipeline.Id && s.Kind == StageKind.Open)
            .OrderBy(s => s.Position).FirstOrDefaultAsync(ct);
        if (first is null) v.Add("pipelineId", "has no open stage.");
        return first;
    }

    private static async Task ApplyAsync(VoronkaDbContext db, AccessScope scope, Deal deal, DealInput input, bool replace, Validator v,
        CancellationToken ct)
    {
        if (replace || input.Title is not null)
        {
            v.Required(input.Title, "title", 300);
            deal.Title = input.Title?.Trim() ?? "";
        }
        if (input.Currency is not null || replace)
        {
            var currency = input.Currency?.Trim().ToUpperInvariant() ?? deal.Currency;
            if (!Money.IsKnownCurrency(currency)) v.Add("currency", "is not a supported currency code.");
            deal.Currency = currency;
        }
        if (replace || input.OwnerId is not null)
        {
            var ownerId = input.OwnerId ?? deal.OwnerId;
            if (ownerId != deal.OwnerId || deal.Id == 0) await Owners.CheckAsync(db, scope, ownerId, v, ct);
            deal.OwnerId = ownerId;
        }
        if (replace || input.CompanyId is not null)
        {
            if (input.CompanyId is int cid && cid != deal.CompanyId && !await scope.Companies().AnyAsync(c => c.Id == cid, ct))
                v.Add("companyId", "does not exist.");
            deal.CompanyId = input.CompanyId;
        }
        if (replace || input.ContactId is not null)
        {
            if (input.ContactId is int pid)
            {
                var contact = await scope.Contacts().Where(c => c.Id == pid).Select(c => new { c.CompanyId }).FirstOrDefaultAsync(ct);
                if (contact is null && pid != deal.ContactId) v.Add("contactId", "does not exist.");
            }
            deal.ContactId = input.ContactId;
        }
        if (replace || input.Source is not null)
        {
            v.MaxLength(input.Source, "source", 100);
            deal.Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim();
        }
        if (replace || input.ExternalId is not null)
        {
            var before = deal.ExternalId;
            v.MaxLength(input.ExternalId, ExternalIds.Field, ExternalIds.MaxLength);
            deal.ExternalId = ExternalIds.Clean(input.ExternalId);
            if (deal.ExternalId is string externalId && externalId != before && !v.Has(ExternalIds.Field)
                && await ExternalIdHolderAsync(db, scope, externalId, deal.Id, ct) is { } holder)
                v.Add(ExternalIds.Field, ExternalIds.HeldBy("deal", holder));
        }
        if (replace || input.RegionId is not null)
        {
            if (input.RegionId is int rid && !await db.Regions.AnyAsync(r => r.Id == rid, ct)) v.Add("regionId", "does not exist.");
            deal.RegionId = input.RegionId;
        }
        // A deal given no region is its owner's region's, so the reports by region count it.
        if (deal.RegionId is null && deal.OwnerId != 0)
            deal.RegionId = await db.Users.Where(u => u.Id == deal.OwnerId).Select(u => u.RegionId).FirstOrDefaultAsync(ct);
        if (replace || input.ExpectedCloseDate is not null) deal.ExpectedCloseDate = input.ExpectedCloseDate;
        if (replace || input.LossReasonId is not null)
        {
            if (input.LossReasonId is int lid && lid != deal.LossReasonId && !await db.LossReasons.AnyAsync(r => r.Id == lid && r.IsActive,
                ct))
                v.Add("lossReasonId", "is not a loss reason from the list.");
            deal.LossReasonId = input.LossReasonId;
        }
        if (replace || input.LossComment is not null)
        {
            v.MaxLength(input.LossComment, "lossComment", 1000);
            deal.LossComment = string.IsNullOrWhiteSpace(input.LossComment) ? null : input.LossComment.Trim();
        }
        if (deal.ContactId is int contactId && deal.CompanyId is int companyId && !v.Has("contactId") && !v.Has("companyId"))
        {
            // Whichever of the two changed, the contact must not work for another company.
            var contactCompany = await db.Contacts.Where(c => c.Id == contactId).Select(c => c.CompanyId).FirstOrDefaultAsync(ct);
            if (contactCompany is int cc && cc != companyId) v.Add("contactId", "works for another company.");
        }
        if (input.Lines is not null) await ApplyLinesAsync(db, deal, input.Lines, v, ct);
        if (input.Amount is decimal amount)
        {
            Money.Check(v, amount, "amount");
            deal.AmountMinor = Money.ToMinor(amount);
            deal.AmountIsManual = true;
        }
        else if (replace || input.Lines is not null)
        {
            if (replace) deal.AmountIsManual = false;
            if (!deal.AmountIsManual) deal.AmountMinor = deal.Lines.Sum(l => l.TotalMinor);
        }
        if (input.CustomFields is not null)
            deal.CustomFields = await CustomFieldData.ApplyAsync(db, CustomFieldEntity.Deal, input.CustomFields, deal.CustomFields, v, ct);
    }

    private static async Task ApplyLinesAsync(VoronkaDbContext db, Deal deal, IReadOnlyList<DealLineInput> lines, Validator v,
        CancellationToken ct)
    {
        if (lines.Count > 100) { v.Add("lines", "must have at most 100 lines."); return; }
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var kept = deal.Lines.Select(l => l.ProductId).ToHashSet();
        var result = new List<DealLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var field = $"lines[{i}]";
            if (!products.TryGetValue(l.ProductId, out var product)) { v.Add($"{field}.productId", "does not exist."); continue; }
            if (product.IsArchived && !kept.Contains(l.ProductId)) v.Add($"{field}.productId", "is archived.");
            if (l.Quantity <= 0 || l.Quantity > 1_000_000 || decimal.Round(l.Quantity, 3) != l.Quantity)
                v.Add($"{field}.quantity", "must be above 0, at most 1000000, with at most 3 decimal places.");
            if (l.DiscountPercent < 0 || l.DiscountPercent > 100 || decimal.Round(l.DiscountPercent, 2) != l.DiscountPercent)
                v.Add($"{field}.discountPercent", "must be between 0 and 100 with at most 2 decimal places.");
            Money.Check(v, l.Price, $"{field}.price");
            if (!v.IsValid) continue;
            var price = l.Price is decimal p ? Money.ToMinor(p) : product.ListPriceMinor;
            var total = DealLine.Total(l.Quantity, price, l.DiscountPercent);
            if (total > Money.ToMinor(Money.MaxAmount)) { v.Add($"{field}.quantity", "makes the line total too large."); continue; }
            result.Add(new DealLine { ProductId = l.ProductId, Quantity = l.Quantity, PriceMinor = price,
                DiscountPercent = l.DiscountPercent, TotalMinor = total });
        }
        if (!v.IsValid) return;
        deal.Lines.Clear();
        deal.Lines.AddRange(result);
    }

    // ---- reading ----

    private static async Task<TimeZoneInfo> OrgZoneAsync(VoronkaDbContext db, CancellationToken ct) =>
        await OrgTime.ZoneAsync(db, ct);

    private static Task<Dictionary<string, CustomFieldType>> DealFieldTypesAsync(VoronkaDbContext db, CancellationToken ct) =>
        CustomFieldData.TypesAsync(db, CustomFieldEntity.Deal, ct);

    private static async Task<DealResponse?> LoadResponseAsync(VoronkaDbContext db, IQueryable<Deal> q, CancellationToken ct)
    {
        var row = await Project(db, q).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var lines = await (
            from l in db.DealLines
            where l.DealId == row.Id
            join p in db.Products on l.ProductId equals p.Id
            orderby l.Id
            select new { l.Id, l.ProductId, p.Name, l.Quantity, l.PriceMinor, l.DiscountPercent, l.TotalMinor }).ToListAsync(ct);
        var responseLines = lines.Select(l => new DealLineResponse(l.Id, l.ProductId, l.Name, l.Quantity, Money.FromMinor(l.PriceMinor),
            l.DiscountPercent, Money.FromMinor(l.TotalMinor))).ToList();
        return row.ToResponse(await DealFieldTypesAsync(db, ct), responseLines);
    }

    private static IQueryable<DealRow> Project(VoronkaDbContext db, IQueryable<Deal> q) =>
        from d in q
        join s in db.Stages on d.StageId equals s.Id
        join o in db.Users on d.OwnerId equals o.Id
        select new DealRow
        {
            Id = d.Id,
            Title = d.Title,
            CompanyId = d.CompanyId,
            CompanyName = db.Companies.Where(c => c.Id == d.CompanyId).Select(c => c.Name).FirstOrDefault(),
            ContactId = d.ContactId,
            ContactName = db.Contacts.Where(c => c.Id == d.ContactId).Select(c => c.Name).FirstOrDefault(),
            PipelineId = d.PipelineId,
            StageId = d.StageId,
            StageName = s.Name,
            StageKind = s.Kind,
            Probability = s.Probability,
            OwnerId = d.OwnerId,
            OwnerName = o.FullName,
            Currency = d.Currency,
            AmountMinor = d.AmountMinor,
            AmountIsManual = d.AmountIsManual,
            Source = d.Source,
            ExternalId = d.ExternalId,
            RegionId = d.RegionId,
            ExpectedCloseDate = d.ExpectedCloseDate,
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
            StageEnteredAt = d.StageEnteredAt,
            ClosedAt = d.ClosedAt,
            LossReasonId = d.LossReasonId,
            LossReason = db.LossReasons.Where(r => r.Id == d.LossReasonId).Select(r => r.Name).FirstOrDefault(),
            LossComment = d.LossComment,
            CustomFields = d.CustomFields,
            Version = d.Version,
        };

    private sealed class DealRow
    {
        public int Id { get; init; }
        public string Title { get; init; } = "";
        public int? CompanyId { get; init; }
        public string? CompanyName { get; init; }
        public int? ContactId { get; init; }
        public string? ContactName { get; init; }
        public int PipelineId { get; init; }
        public int StageId { get; init; }
        public string StageName { get; init; } = "";
        public StageKind StageKind { get; init; }
        public int Probability { get; init; }
        public int OwnerId { get; init; }
        public string OwnerName { get; init; } = "";
        public string Currency { get; init; } = "";
        public long AmountMinor { get; init; }
        public bool AmountIsManual { get; init; }
        public string? Source { get; init; }
        public string? ExternalId { get; init; }
        public int? RegionId { get; init; }
        public DateOnly? ExpectedCloseDate { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateTime StageEnteredAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public int? LossReasonId { get; init; }
        public string? LossReason { get; init; }
        public string? LossComment { get; init; }
        public Dictionary<string, string> CustomFields { get; init; } = [];
        public int Version { get; init; }

        public DealResponse ToResponse(IReadOnlyDictionary<string, CustomFieldType> types, IReadOnlyList<DealLineResponse>? lines) => new(
            Id, Title, CompanyId, CompanyName, ContactId, ContactName, PipelineId, StageId, StageName, StageKind, Probability, OwnerId,
                OwnerName,
            Currency, Money.FromMinor(AmountMinor), AmountIsManual, Source, ExternalId, RegionId, ExpectedCloseDate, CreatedAt, UpdatedAt,
            StageEnteredAt, ClosedAt, LossReasonId, LossReason, LossComment,
            CustomFieldData.ToApi(CustomFields, types),
            lines, Version);
    }
}
