namespace Voronka.Core.Features.Reviews;

/// <summary>
/// A call (or a clip of it, from–to seconds) the head of sales keeps as an example for the team: why it is good, and the
/// stage, product and objection it shows. Everyone who sells sees the library and plays its recordings.
/// </summary>
public class BestCall
{
    public int Id { get; set; }
    public long ActivityId { get; set; }
    public int? FromSecond { get; set; }
    public int? ToSecond { get; set; }
    public string Title { get; set; } = "";
    public string Why { get; set; } = "";
    public int? StageId { get; set; }
    public int? ProductId { get; set; }
    /// <summary>The objection the call answers, as the team names it.</summary>
    public string? Objection { get; set; }
    public int AddedById { get; set; }
    public DateTime CreatedAt { get; set; }
}
