using Voronka.Core.Data;
using Voronka.Core.Features.Tasks;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Tasks;

/// <summary>Tells assignees of overdue tasks (<see cref="TaskReminders"/>) every <c>Tasks:ReminderSeconds</c> (60 by
/// default); switched off on an instance with <c>Tasks:RunReminders=false</c>.</summary>
public sealed class TaskReminderRunner(TaskReminders reminders, JobLocks locks, IConfiguration config, ILogger<TaskReminderRunner> logger)
    : PeriodicJob(locks, config, logger)
{
    protected override string Section => "Tasks";
    protected override string SwitchKey => "RunReminders";
    protected override string SecondsKey => "ReminderSeconds";
    protected override double DefaultSeconds => 60;
    protected override Task<int> RunOnceAsync(CancellationToken ct) => reminders.RunAsync(ct);
}
