using System.Text.Json;
using System.Text.Json.Serialization;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// Reads a JSON string and refuses one with a NUL character (U+0000): no text a person writes has it, and PostgreSQL
/// cannot keep it. The refusal names the field like any value of the wrong format.
/// </summary>
internal sealed class TextWithoutNul : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("could not be converted: a text is expected.");
        var text = reader.GetString()!;
        return text.Contains('\0', StringComparison.Ordinal) ? throw new JsonException("could not be converted: a NUL character.") : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
