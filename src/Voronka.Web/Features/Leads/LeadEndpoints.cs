using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Voronka.Core.Common;
using Voronka.Core.Features.Leads;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Leads;

internal static class LeadEndpoints
{
    /// <summary>The rate limiter's policy of the public form: submissions a minute from one address.</summary>
    public const string FormPolicy = "lead-form";

    /// <summary>The largest form submission taken.</summary>
    public const long MaxFormBytes = 64 * 1024;

    public static IServiceCollection AddLeadForms(this IServiceCollection services, IConfiguration config)
    {
        var perMinute = Math.Clamp(config.GetValue("Leads:FormSubmissionsPerMinute", 20), 1, 10_000);
        services.AddSingleton(new RateLimitNote(FormPolicy, $"At most {perMinute} submissions a minute are taken from one address."));
        return services.Configure<RateLimiterOptions>(o =>
            o.AddPolicy(FormPolicy, http => PublicLimits.PerAddress(http, FormPolicy, perMinute)));
    }

    public static RouteGroupBuilder MapLeadEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/leads").WithTags("Leads");
        g.MapGet("/", async Task<Ok<Page<LeadResponse>>> ([AsParameters] LeadQuery q, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("The leads you see, newest first: the director all, a senior the team's and those waiting, a manager own");
        g.MapPost("/", async Task<Created<LeadResponse>> (LeadRequest r, HttpContext http, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            {
                u.ToActor().RequireSeller();
                var lead = await s.IntakeAsync(r, LeadChannel.Api, ct, remoteAddress: http.Connection.RemoteIpAddress?.ToString());
                return TypedResults.Created($"/api/v1/leads/{lead.Id}", lead);
            })
            .WithSummary("Take a lead from an integration: matched to the client Voronka knows and routed at once");
        g.MapGet("/{id:int}", async Task<Ok<LeadResponse>> (int id, ClaimsPrincipal u, LeadsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapGet("/{id:int}/routing", async Task<Ok<IReadOnlyList<RoutingDecisionResponse>>> (int id, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.RoutingAsync(u.ToActor(), id, ct)))
            .WithSummary("Why the lead went where it did: every decision with the candidates, their shares and who was passed over");
        g.MapPost("/{id:int}/accept", async Task<Ok<LeadResponse>> (int id, AcceptLeadRequest r, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.AcceptAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Take the lead into work: a new deal in the first stage, or the client's open deal (dealId)");
        g.MapPost("/{id:int}/reject", async Task<Ok<LeadResponse>> (int id, RejectLeadRequest r, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.RejectAsync(u.ToActor(), id, r, ct)));
        g.MapPost("/{id:int}/merge", async Task<Ok<LeadResponse>> (int id, MergeLeadRequest r, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.MergeAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Merge a waiting lead into another of the same client (intoId): its phone, e-mail and message join that one");
        g.MapPost("/import", async Task<Created<LeadImportResponse>> (IFormFile? file, [FromForm] string? source, ClaimsPrincipal u,
                LeadsService s, CancellationToken ct) =>
            {
                if (file is null) throw ValidationFailedException.For("file", "is required: send the file as multipart/form-data.");
                await using var upload = file.OpenReadStream();
                var done = await s.ImportAsync(u.ToActor(), upload, file.FileName, source, ct);
                return TypedResults.Created("/api/v1/leads?channel=Import", done);
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(LeadEmail.MaxBytes))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = LeadEmail.MaxBytes })
            .WithSummary("A list of leads in an XLSX or CSV file (multipart: file, and source for the rows that name none), "
                + "checked whole, then matched and routed in one go");
        g.MapPost("/email", EmailAsync)
            .WithMetadata(new RequestSizeLimitAttribute(LeadEmail.MaxBytes))
            .Accepts<string>("message/rfc822")
            .WithSummary("An e-mail to the sales mailbox as it came (RFC 822, from a mail gateway): the sender is the client; "
                + "the same Message-ID again is the same lead (200)");
        g.MapPost("/{id:int}/assign", async Task<Ok<LeadResponse>> (int id, AssignLeadRequest r, ClaimsPrincipal u, LeadsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.AssignAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Give a waiting lead to a person by hand (the director, or a senior within the team)");

        var f = api.MapGroup("/forms").WithTags("Leads");
        f.MapGet("/", async Task<Ok<IReadOnlyList<LeadFormResponse>>> (ClaimsPrincipal u, LeadFormsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)));
        f.MapPost("/", async Task<Created<LeadFormResponse>> (LeadFormRequest r, ClaimsPrincipal u, LeadFormsService s,
            CancellationToken ct) =>
        {
            var form = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/forms/{form.Id}", form);
        }).WithSummary("A web form: its key names it in the public POST /forms/{key}");
        f.MapPut("/{id:int}", async Task<Ok<LeadFormResponse>> (int id, LeadFormRequest r, ClaimsPrincipal u, LeadFormsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        api.MapGet("/users/capacity", async Task<Ok<IReadOnlyList<LeadCapacityRow>>> (ClaimsPrincipal u, LeadCapacityService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithTags("Leads")
            .WithSummary("The sellers you see (director: all, senior: the team) with capacity, hours, pause and today's load");
        var people = api.MapGroup("/users/{userId:int}").WithTags("Leads");
        people.MapGet("/capacity", async Task<Ok<LeadCapacityResponse>> (int userId, ClaimsPrincipal u, LeadCapacityService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), userId, ct)))
            .WithSummary("A person's capacity for leads, working hours, pause, and the leads they hold not yet taken");
        people.MapPut("/capacity", async Task<Ok<LeadCapacityResponse>> (int userId, LeadCapacityRequest r, ClaimsPrincipal u,
                LeadCapacityService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetAsync(u.ToActor(), userId, r, ct)))
            .WithSummary("Set a person's capacity and working hours (the director, or a senior for the team)");
        people.MapPut("/pause", async Task<Ok<LeadCapacityResponse>> (int userId, LeadPauseRequest r, ClaimsPrincipal u,
                LeadCapacityService s, CancellationToken ct) =>
            TypedResults.Ok(await s.PauseAsync(u.ToActor(), userId, r, ct)))
            .WithSummary("Pause new leads until a moment (at most 30 days ahead), or resume with until left out");
        var reports = api.MapGroup("/reports").WithTags("Leads");
        reports.MapGet("/speed-to-lead", async Task<Ok<SpeedToLeadResponse>> (DateOnly? from, DateOnly? to, ClaimsPrincipal u,
                LeadReports s, CancellationToken ct) =>
            TypedResults.Ok(await s.SpeedAsync(u.ToActor(), from, to, ct)))
            .WithSummary("Speed to lead in working minutes over the leads received from–to (this month by default): received → given "
                + "and, per person, given → first answer (median, 90th percentile, shares within 5/15/60), and the leads let pass");
        reports.MapGet("/lead-shares", async Task<Ok<LeadSharesResponse>> (DateOnly? from, DateOnly? to, int? ruleId, ClaimsPrincipal u,
                LeadReports s, CancellationToken ct) =>
            TypedResults.Ok(await s.SharesAsync(u.ToActor(), from, to, ruleId, ct)))
            .WithSummary("The fair share: each person's leads due and received over the period, for one rule or all");
        api.MapPost("/routing/preview", async Task<Ok<IReadOnlyList<RoutingDecisionResponse>>> (RoutingPreviewRequest r, ClaimsPrincipal u,
                LeadsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.PreviewAsync(u.ToActor(), r, ct)))
            .WithTags("Leads")
            .WithSummary("Where a lead with these facts would go now, and why; nothing is kept");
        var rules = api.MapGroup("/routing/rules").WithTags("Leads");
        rules.MapGet("/", async Task<Ok<IReadOnlyList<RoutingRuleResponse>>> (ClaimsPrincipal u, RoutingRulesService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithSummary("The routing rules in the order they are tried; a lead no rule takes goes to everyone who sells, in turn");
        rules.MapPost("/", async Task<Created<RoutingRuleResponse>> (RoutingRuleRequest r, ClaimsPrincipal u, RoutingRulesService s,
            CancellationToken ct) =>
        {
            var rule = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/routing/rules/{rule.Id}", rule);
        });
        rules.MapPut("/{id:int}", async Task<Ok<RoutingRuleResponse>> (int id, RoutingRuleRequest r, ClaimsPrincipal u,
                RoutingRulesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        rules.MapPost("/{id:int}/move", async Task<Ok<IReadOnlyList<RoutingRuleResponse>>> (int id, MoveRuleRequest r,
                ClaimsPrincipal u, RoutingRulesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.MoveAsync(u.ToActor(), id, r.By ?? 0, ct)))
            .WithSummary("Move a rule up ({ \"by\": -1 }) or down ({ \"by\": 1 }) in the order rules are tried; the whole order back");
        rules.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, RoutingRulesService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }

    private static async Task<IResult> EmailAsync(HttpRequest request, ClaimsPrincipal u, LeadsService leads, CancellationToken ct)
    {
        u.ToActor().RequireSeller();
        if (request.ContentLength > LeadEmail.MaxBytes)
            throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        if (body.Length > LeadEmail.MaxBytes)
            throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        if (body.Length == 0) throw ValidationFailedException.For("message", "is required: the e-mail as it came (RFC 822).");
        body.Position = 0;
        var (lead, created) = await leads.IntakeEmailAsync(body, request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return created ? TypedResults.Created($"/api/v1/leads/{lead.Id}", lead) : TypedResults.Ok(lead);
    }

    /// <summary>The public endpoint of the web forms: no token, the key names the form. A form post from a page gets a
    /// short thank-you page; JSON gets 201 with the lead's id.</summary>
    public static void MapPublicForms(this WebApplication app) =>
        app.MapPost("/forms/{key}", PublicFormAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(FormPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxFormBytes))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxFormBytes, ValueLengthLimit = (int)MaxFormBytes })
            .WithTags("Leads")
            .WithSummary("A web form's submission (form fields or JSON): name, phone, email, company, inn, message, utm_*, page; "
                + "a phone or an e-mail is required");

    private static async Task<IResult> PublicFormAsync(string key, HttpRequest request, LeadFormsService forms, LeadsService leads,
        CancellationToken ct)
    {
        // Kestrel stops a body at the endpoint's limit as it is read; a declared length over it is refused at once.
        if (request.ContentLength > MaxFormBytes)
            throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        var form = await forms.FindAsync(key, ct);
        if (form is null) throw new NotFoundException("form", key);
        var fields = await PublicForm.ReadAsync(request, ct);
        var html = request.HasFormContentType;
        // The hidden field people never see and robots fill in: answered as taken, kept nowhere.
        if (!string.IsNullOrEmpty(fields.GetValueOrDefault(PublicForm.Honeypot)))
            return html ? PublicForm.Thanks(request) : Results.Json(new { received = true }, statusCode: 201);
        await leads.IntakeAsync(PublicForm.Lead(fields, form, request), LeadChannel.Form, ct, form.Id,
            request.HttpContext.Connection.RemoteIpAddress?.ToString(), LeadsService.Payload(fields));
        return html ? PublicForm.Thanks(request) : Results.Json(new { received = true }, statusCode: 201);
    }

    /// <summary>Which way a rule moves in the order: -1 up, 1 down.</summary>
    internal sealed record MoveRuleRequest(int? By);
}
