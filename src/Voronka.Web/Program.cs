using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Voronka.Core;
using Voronka.Core.Data;
using Voronka.Core.Features.Demo;
using Voronka.Core.Features.Telephony;
using Voronka.Web.Features.Activities;
using Voronka.Web.Features.Arsenal;
using Voronka.Web.Features.Auth;
using Voronka.Web.Features.Automations;
using Voronka.Web.Features.Board;
using Voronka.Web.Features.Calendar;
using Voronka.Web.Features.Catalog;
using Voronka.Web.Features.Companies;
using Voronka.Web.Features.Contacts;
using Voronka.Web.Features.Deals;
using Voronka.Web.Features.Duplicates;
using Voronka.Web.Features.Files;
using Voronka.Web.Features.FillQuality;
using Voronka.Web.Features.Import;
using Voronka.Web.Features.Kpi;
using Voronka.Web.Features.Leads;
using Voronka.Web.Features.Meetings;
using Voronka.Web.Features.Notifications;
using Voronka.Web.Features.Objections;
using Voronka.Web.Features.People;
using Voronka.Web.Features.Plans;
using Voronka.Web.Features.Proposals;
using Voronka.Web.Features.Reports;
using Voronka.Web.Features.Requests;
using Voronka.Web.Features.Reviews;
using Voronka.Web.Features.Tasks;
using Voronka.Web.Features.Telephony;
using Voronka.Web.Features.Workload;
using Voronka.Web.Infrastructure;

var (command, hostArgs) = Command.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = hostArgs,
    ContentRootPath = AppContentRoot.Pick(hostArgs, Environment.GetEnvironmentVariable, AppContext.BaseDirectory),
});
var demo = args.Contains("--demo") || builder.Configuration.GetValue<bool>("Demo:Enabled");

// Serves the CSS and scripts of packages (MudBlazor, Blazor) from the build output in every environment,
// not only in Development; a published app has them in wwwroot and this does nothing.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddVoronkaCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddHostedService<DailySnapshots>();
builder.Services.AddHostedService<ImportRunner>();
builder.Services.AddHostedService<LeadTimerRunner>();
builder.Services.AddHostedService<TaskReminderRunner>();
builder.Services.AddHostedService<AutomationJob>();
builder.Services.AddHostedService<RequestEscalationJob>();
builder.Services.AddHostedService<TelephonyRunner>();
builder.Services.AddSingleton<ITranscriber, WhisperTranscriber>();
builder.Services.AddHostedService<TranscriptRunner>();
builder.Services.AddHttpClient(RecordingFetcher.Client, c => c.Timeout = TimeSpan.FromMinutes(2));
builder.Services.AddSingleton<RecordingFetcher>();
builder.Services.AddSingleton<Dialer>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingFetcher>());
builder.Services.AddSingleton<EmailSender>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EmailSender>());
builder.Services.AddVoronkaInstances();
builder.Services.AddSecurityHeaders();
builder.Services.AddVoronkaTelemetry(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.Converters.Add(new TextWithoutNul());
    // A misspelt field is an error, not a silently ignored value.
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});
builder.Services.AddVoronkaWebApp();
builder.Services.AddAuthentication(WebAppSetup.SmartScheme)
    .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
    .AddVoronkaCookie()
    .AddPolicyScheme(WebAppSetup.SmartScheme, null, o => o.ForwardDefaultSelector = http =>
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? BearerTokenHandler.SchemeName
            : Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
builder.Services.AddAuthorization();
builder.Services.AddPublicLimits(builder.Configuration);
builder.Services.AddLeadForms(builder.Configuration);
builder.Services.AddProposalLinks();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Voronka API";
    doc.Info.Description = "The sales department's CRM: deals, pipelines, activities, tasks and the team. " +
        "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'. Every error is application/problem+json.";
    doc.Components ??= new OpenApiComponents();
    doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
    doc.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        Description = "A session token from POST /api/v1/auth/token or a personal access token.",
    };
    doc.Security ??= [];
    doc.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", doc)] = [] });
    return Task.CompletedTask;
}));

var app = builder.Build();

if (command?.MigratesFirst ?? app.Configuration.GetValue("Database:MigrateOnStartup", true))
    await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
if (command is not null)
{
    Environment.ExitCode = await command.RunAsync(app.Services);
    return;
}
if (demo)
{
    using var scope = app.Services.CreateScope();
    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(app.Configuration["Demo:Password"]);
}

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseExceptionHandler();
app.UseStatusCodePages(async ctx =>
{
    // Pages get the app's own not-found page; the API keeps ProblemDetails.
    var http = ctx.HttpContext;
    if (!http.Request.Path.StartsWithSegments("/api") && http.Response.StatusCode == 404 && HttpMethods.IsGet(http.Request.Method)
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
    {
        http.Response.Redirect("/not-found");
        return;
    }
    await http.RequestServices.GetRequiredService<IProblemDetailsService>()
        .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } });
});
app.UseRequestLocalization(WebAppSetup.Localization());
// Refused before anything else is done for them: no sign-in check, no form check.
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference(o => o.WithTitle("Voronka API")).AllowAnonymous();
app.MapHealth();
app.MapTelemetry();

var api = app.MapGroup("/api/v1")
    .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = BearerTokenHandler.SchemeName })
    .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
    .RefuseUnknownQueryParameters();
api.MapAuthEndpoints();
api.MapPeopleEndpoints();
api.MapCatalogEndpoints();
api.MapCompanyEndpoints();
api.MapContactEndpoints();
api.MapDealEndpoints();
api.MapBoardEndpoints();
api.MapActivityEndpoints();
api.MapTaskEndpoints();
api.MapPlanEndpoints();
api.MapCalendarEndpoints();
api.MapKpiEndpoints();
api.MapReportEndpoints();
api.MapImportEndpoints();
api.MapLeadEndpoints();
api.MapNotificationEndpoints();
api.MapTelephonyEndpoints();
api.MapReviewEndpoints();
api.MapAutomationEndpoints();
api.MapWorkloadEndpoints();
api.MapFillQualityEndpoints();
api.MapDuplicateEndpoints();
api.MapRequestEndpoints();
api.MapArsenalEndpoints(app.Services.GetRequiredService<Voronka.Core.Features.Files.FileLimits>());
api.MapObjectionEndpoints();
api.MapProposalEndpoints();
api.MapMeetingEndpoints();
api.MapFileEndpoints(app.Services.GetRequiredService<Voronka.Core.Features.Files.FileLimits>());
app.MapPublicForms();
app.MapProposalLinks();
app.MapTelephonyWebhook();

app.MapVoronkaWebApp();

app.Run();

/// <summary>The web host; public for the integration tests.</summary>
public partial class Program;
