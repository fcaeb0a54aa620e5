namespace Voronka.Core.Features.Pipelines;

public enum StageKind
{
    Open,
    Won,
    Lost,
}

public class Pipeline
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public bool IsDefault { get; set; }
    public List<Stage> Stages { get; set; } = [];
}

/// <summary>A step of a pipeline. A deal may enter it only when every one of <see cref="RequiredFields"/> is filled.</summary>
public class Stage
{
    public int Id { get; set; }
    public int PipelineId { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public StageKind Kind { get; set; }
    /// <summary>Default win probability, 0..100.</summary>
    public int Probability { get; set; }
    /// <summary>Days a deal may sit in the stage before it is marked as rotting; null never rots.</summary>
    public int? RottingDays { get; set; }
    /// <summary>Field keys: built-in ones (see <c>DealFields</c>) or "custom.{key}".</summary>
    public List<string> RequiredFields { get; set; } = [];
}

/// <summary>A reason a deal was lost, from the list the director keeps.</summary>
public class LossReason
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public bool IsActive { get; set; } = true;
}
