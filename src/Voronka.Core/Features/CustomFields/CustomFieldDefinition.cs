namespace Voronka.Core.Features.CustomFields;

public enum CustomFieldEntity
{
    Deal,
    Company,
    Contact,
}

public enum CustomFieldType
{
    Text,
    Number,
    Money,
    Date,
    Select,
    User,
    YesNo,
}

public class CustomFieldDefinition
{
    public int Id { get; set; }
    public CustomFieldEntity Entity { get; set; }
    /// <summary>Stable machine key (lower-case latin, digits, '_'), used in the API and in stage requirements.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public CustomFieldType Type { get; set; }
    /// <summary>The choices of a select list.</summary>
    public List<string> Options { get; set; } = [];
    public int Position { get; set; }
    public bool IsActive { get; set; } = true;
}
