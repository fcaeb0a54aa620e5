using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Demo;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core;

public static class CoreSetup
{
    /// <summary>Registers the database, Identity's user store and every feature service.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="config">The host's configuration.</param>
    /// <param name="contentRoot">The folder a relative SQLite file is kept in (the host's content root).</param>
    public static IServiceCollection AddVoronkaCore(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        services.AddVoronkaDatabase(config, contentRoot);
        var files = config["Storage:Path"] is { Length: > 0 } store ? store : "data/files";
        services.AddSingleton(new FileStore(Path.Combine(contentRoot, files)));
        // Identity's stores want a scoped context; it comes from the factory and lives as long as the scope around one operation.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContext());
        services.TryAddSingleton(TimeProvider.System);
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(1);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            })
            .AddEntityFrameworkStores<VoronkaDbContext>();

        services.AddSingleton<TokenService>();
        services.AddSingleton<SignIns>();
        services.AddSingleton<PeopleService>();
        services.AddSingleton<SetupService>();
        services.AddSingleton<OrganisationService>();
        services.AddSingleton<CompaniesService>();
        services.AddSingleton<ContactsService>();
        services.AddSingleton<ProductsService>();
        services.AddSingleton<PipelinesService>();
        services.AddSingleton<CustomFieldsService>();
        services.AddSingleton<DealsService>();
        services.AddSingleton<Features.Automations.AutomationsService>();
        services.AddSingleton<Features.Automations.AutomationRunner>();
        services.AddSingleton<Features.Workload.WorkloadService>();
        services.AddSingleton<Features.FillQuality.FillQualityService>();
        services.AddSingleton<Features.FillQuality.FillDigest>();
        services.AddSingleton<Features.Duplicates.DuplicatesService>();
        services.AddSingleton<Features.Duplicates.MergesService>();
        services.AddSingleton<Features.Requests.RequestTypesService>();
        services.AddSingleton<Features.Requests.RequestsService>();
        services.AddSingleton<Features.Requests.RequestEscalation>();
        services.AddSingleton<Features.Requests.RequestReport>();
        services.AddSingleton<DealTimeline>();
        services.AddSingleton<BoardService>();
        services.AddSingleton<ActivitiesService>();
        services.AddSingleton<TasksService>();
        services.AddSingleton<Features.Audit.AuditService>();
        services.AddSingleton<Features.Calendar.CalendarService>();
        services.AddSingleton<Features.Plans.GoalsService>();
        services.AddSingleton<Features.Plans.PlansService>();
        services.AddSingleton<Features.Kpi.KpiService>();
        services.AddSingleton<Features.Reports.FunnelService>();
        services.AddSingleton<Features.Reports.BottlenecksService>();
        services.AddSingleton<Features.Reports.ActivityReportService>();
        services.AddSingleton<Features.Reports.HotLeadsService>();
        services.AddSingleton<Features.Reports.DashboardService>();
        services.AddSingleton<Features.Reports.DashboardChartsService>();
        services.AddSingleton<Features.Reports.SnapshotsService>();
        services.AddSingleton<Features.Reports.KeptFiguresCheck>();
        services.AddSingleton<Features.Import.ImportService>();
        services.AddSingleton<Features.Import.ImportPresets>();
        services.AddSingleton(new Features.Import.ImportSteps.Settings(
            TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Import:StaleSeconds", 120.0), 1, 3600))));
        services.AddSingleton<Features.Import.ImportSteps>();
        services.AddSingleton<Features.Import.ExportService>();
        services.AddSingleton<Features.Leads.LeadsService>();
        services.AddSingleton<Features.Leads.LeadFormsService>();
        services.AddSingleton<Features.Leads.RoutingRulesService>();
        services.AddSingleton<Features.Leads.LeadCapacityService>();
        services.AddSingleton<Features.Leads.LeadTimers>();
        services.AddSingleton<Features.Leads.LeadReports>();
        services.AddSingleton<Features.Notifications.NotificationsService>();
        services.AddSingleton<Features.Notifications.NotificationPreferencesService>();
        services.AddSingleton<Features.Notifications.EmailOutbox>();
        services.AddSingleton<Features.Tasks.TaskReminders>();
        services.AddSingleton<Features.Telephony.CallProcessor>();
        services.AddSingleton<Features.Telephony.TelephonyInbox>();
        services.AddSingleton<Features.Telephony.TelephonyWebhook>();
        services.AddSingleton<Features.Telephony.TelephonyService>();
        services.AddSingleton<Features.Telephony.CallsService>();
        services.AddSingleton<Features.Telephony.Recordings>();
        services.AddSingleton<Features.Telephony.ClickToCall>();
        services.AddSingleton<Features.Telephony.Transcripts>();
        services.AddSingleton(new Features.Files.FileLimits(Math.Clamp(config.GetValue("Files:MaxMegabytes", 25), 1, 2000)));
        services.AddSingleton<Features.Files.FilesService>();
        services.TryAddSingleton<Features.Telephony.ITranscriber, Features.Telephony.NoTranscriber>();
        services.AddSingleton<Features.Reviews.ScorecardsService>();
        services.AddSingleton<Features.Reviews.ReviewsService>();
        services.AddSingleton<Features.Reviews.ReviewRoutine>();
        services.AddSingleton<Features.Reviews.ReviewStats>();
        services.AddSingleton<Features.Reviews.BestCallsService>();
        services.AddSingleton<Features.Arsenal.ArsenalService>();
        services.AddSingleton<Features.Proposals.ProposalsService>();
        services.AddSingleton<Features.Meetings.MeetingAgenda>();
        services.AddSingleton<Features.Meetings.MeetingsService>();
        services.AddSingleton<Features.Arsenal.ArsenalUses>();
        services.AddSingleton<Features.Objections.ObjectionsService>();
        services.AddSingleton<Features.Objections.ObjectionStats>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<JobLocks>();
        services.AddSingleton<Features.Backups.BackupService>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoCalls>();
        return services;
    }
}
