namespace Voronka.Core.Features.Organisation;

/// <summary>The one organisation this installation serves: its time zone defines "today", "this week", "this month".</summary>
public class OrganisationSettings
{
    public int Id { get; set; } = 1;
    public string Name { get; set; } = "Voronka";
    public string TimeZoneId { get; set; } = "Europe/Moscow";
    public string Currency { get; set; } = "RUB";
    /// <summary>The working day's hours (organisation's time) for everyone without hours of their own: leads are routed
    /// and answer times counted within them.</summary>
    public TimeOnly WorkFrom { get; set; } = new(9, 0);
    public TimeOnly WorkTo { get; set; } = new(18, 0);
    /// <summary>The dashboard's blocks this organisation does not show, comma-separated (see <c>DashboardService.Widgets</c>).</summary>
    public string? DashboardHidden { get; set; }
    /// <summary>How many days call recordings are kept; null keeps them.</summary>
    public int? RecordingRetentionDays { get; set; }
    public int Version { get; set; }
    /// <summary>Which version of the daily figures the database holds; below the current one they are rebuilt at start.</summary>
    public int FiguresVersion { get; set; }
}
