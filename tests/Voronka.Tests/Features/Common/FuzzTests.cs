using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>
/// Every operation of the OpenAPI document, called by the director with input generated from its description: first
/// malformed (broken JSON, values of the wrong type, unknown fields, impossible path and query values, another content
/// type) — answered 4xx, nothing written anywhere in the database —, then well-formed but hostile (injections, control
/// characters, long texts, extreme numbers and dates) — answered without a 500. The cases come from FsCheck's generators
/// with a seed per operation, so a failure names a case that comes again.
/// </summary>
public partial class FuzzTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private const int MalformedCases = 5;
    private const int HostileCases = 3;

    private static readonly string[] HostileText =
    [
        "", " ", "'; DROP TABLE \"Deals\"; --", "<script>alert(1)</script>", "\u0000", "\u202e\u0007", "😀👍🏽", "%s%n%x",
        "../../../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}", new string('я', 5000), "null", "NaN", "-0", "1e309",
    ];

    private static readonly string[] HostileNumbers = ["0", "-1", "2147483647", "-2147483648", "9223372036854775807", "1e308"];

    private static readonly string[] HostileDates = ["0001-01-01", "9999-12-31", "2026-02-29", "1970-01-01T00:00:00Z"];

    private static readonly string[] ImpossibleValues = ["abc", "99999999999999999999", "--1", "2026-13-45", "%00", "1.5.5", "[]"];

    private static readonly string[] ImpossibleIds = ["0", "-1", "2147483647", "abc", "%2e%2e%2f", "1;2", "99999999999999999999"];

    /// <summary>Operations left out: signing the director's own session out would end the run.</summary>
    private static readonly HashSet<string> Skipped = ["DELETE /api/v1/auth/token"];

    [Fact]
    public async Task Malformed_input_to_any_operation_is_refused_with_4xx_and_writes_nothing_and_hostile_input_gets_no_500()
    {
        var director = await app.As("director");
        var document = JsonNode.Parse(await director.GetStringAsync("/openapi/v1.json"))!;
        var operations = Operations(document).ToList();
        Assert.True(operations.Count > 200, $"{operations.Count} operations");
        var failures = new List<string>();

        var before = await FingerprintAsync();
        foreach (var op in operations)
            foreach (var request in Gen.Sample(Malformed(op, document), MalformedCases, new Rnd(Seed(op)), 10))
                await SendAsync(director, op, request, malformed: true, failures);
        var after = await FingerprintAsync();
        Assert.True(failures.Count == 0, $"{failures.Count} answers were not a refusal:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(before, after);

        foreach (var op in operations)
            foreach (var request in Gen.Sample(Hostile(op, document), HostileCases, new Rnd(Seed(op) + 1), 10))
                await SendAsync(director, op, request, malformed: false, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} answers were 500s:\n" + string.Join("\n", failures.Take(40)));
    }

    private sealed record Operation(string Method, string Path, JsonNode Node);

    private sealed record Case(string Path, string Query, string? ContentType, byte[]? Body, string Label);

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, node) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "patch" or "delete")) continue;
                var op = new Operation(method.ToUpperInvariant(), path, node!);
                if (!Skipped.Contains($"{op.Method} {op.Path}")) yield return op;
            }
    }

    private async Task SendAsync(HttpClient client, Operation op, Case c, bool malformed, List<string> failures)
    {
        using var message = new HttpRequestMessage(new HttpMethod(op.Method), c.Path + c.Query);
        if (c.Body is not null)
        {
            message.Content = new ByteArrayContent(c.Body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType!);
        }
        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var wrong = malformed ? status is < 400 or >= 500 : status >= 500;
        // A request the rate limiter or the size limit turns away is refused as well.
        if (!wrong) return;
        var body = await response.Content.ReadAsStringAsync();
        failures.Add($"{op.Method} {c.Path}{c.Query} [{c.Label}] → {status}: {body[..Math.Min(300, body.Length)]}");
    }

    private static Gen<Case> Malformed(Operation op, JsonNode document)
    {
        var path = PathWith(op, Gen.Elements(ImpossibleIds));
        // A free text parameter takes any text: the typed ones (numbers, yes/no, dates, lists of values) are spoiled.
        var parameters = Parameters(op, "query").Where(p => Kind(p.Schema) is not ("string" or "any")
            || p.Schema?["format"] is not null || Resolve(p.Schema, document)?["enum"] is not null).ToList();
        var query = parameters.Count == 0
            ? Gen.Constant(Parameters(op, "query").Any() ? "?notAParameter=1" : "")
            : Gen.Elements(ImpossibleValues).ListOf(parameters.Count)
                .Select(values => "?" + string.Join("&", parameters.Zip(values, (p, v) => $"{p.Name}={Uri.EscapeDataString(v)}")));
        var body = BodyContentType(op) switch
        {
            null => Gen.Constant<(string?, byte[]?, string)>((null, null, "no body")),
            "application/json" => Gen.OneOf(
                Gen.Constant<(string?, byte[]?, string)>(("application/json", "{\"a\":"u8.ToArray(), "broken JSON")),
                Gen.Constant<(string?, byte[]?, string)>(("application/json", "[]"u8.ToArray(), "an array")),
                Gen.Constant<(string?, byte[]?, string)>(("application/json", Encoding.UTF8.GetBytes(new string('[', 300)), "too deep")),
                Gen.Constant<(string?, byte[]?, string)>(("application/json", "{\"notAField\":1}"u8.ToArray(), "unknown field")),
                Gen.Constant<(string?, byte[]?, string)>(("text/plain", "hello"u8.ToArray(), "text")),
                WrongTypes(BodySchema(op, document), document)),
            var other => Gen.OneOf(
                Gen.Constant<(string?, byte[]?, string)>((other, "\u0000\u0001garbage"u8.ToArray(), "garbage")),
                Gen.Constant<(string?, byte[]?, string)>(("application/json", "{}"u8.ToArray(), "JSON instead"))),
        };
        // Without a body or a query to spoil, the path carries the fault, or else a parameter the operation does not know.
        var nothing = BodyContentType(op) is null && !Parameters(op, "query").Any();
        var pathless = !RouteParameter().IsMatch(op.Path);
        return path.Zip(query).Zip(body, (pq, b) => new Case(nothing ? pq.Item1.Spoiled : pq.Item1.Plain,
            nothing && pathless ? "?notAParameter=1" : pq.Item2, b.Item1, b.Item2, b.Item3));
    }

    private static Gen<Case> Hostile(Operation op, JsonNode document)
    {
        var path = PathWith(op, Gen.Elements("2147483647", "0"));
        var parameters = Parameters(op, "query").ToList();
        var query = parameters.Count == 0
            ? Gen.Constant("")
            : Gen.CollectToList(parameters.Select(p =>
                    Value(p.Schema, document, 0).Select(v => $"{p.Name}={Uri.EscapeDataString(AsText(v))}")))
                .Select(items => "?" + string.Join("&", items));
        var body = BodyContentType(op) switch
        {
            null => Gen.Constant<(string?, byte[]?, string)>((null, null, "no body")),
            "application/json" => Value(BodySchema(op, document), document, 0)
                .Select(v => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(v?.ToJsonString() ?? "null"), "hostile JSON")),
            "multipart/form-data" => Gen.Elements(HostileText).Select(text => Multipart(text)),
            var other => Gen.Elements(HostileText).Select(text => ((string?)other, (byte[]?)Encoding.UTF8.GetBytes(text), "hostile text")),
        };
        return path.Zip(query).Zip(body, (pq, b) => new Case(pq.Item1.Plain, pq.Item2, b.Item1, b.Item2, b.Item3));
    }

    private static (string?, byte[]?, string) Multipart(string text)
    {
        var boundary = "fuzz-boundary";
        var form = new StringBuilder();
        foreach (var field in new[] { "ownerType", "ownerId", "name", "kind", "mapping" })
            form.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{text}\r\n");
        form.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{text}.exe\"\r\n"
            + $"Content-Type: application/octet-stream\r\n\r\nMZ\u0090\u0000{text}\r\n--{boundary}--\r\n");
        return ($"multipart/form-data; boundary={boundary}", Encoding.UTF8.GetBytes(form.ToString()), "hostile form");
    }

    /// <summary>The path with its parameters filled: plainly (an id that is not there) and spoiled (one that cannot be).</summary>
    private static Gen<(string Plain, string Spoiled)> PathWith(Operation op, Gen<string> spoiled)
    {
        var numeric = Parameters(op, "path").Where(p => Kind(p.Schema) is "integer" or "number").Select(p => p.Name).ToHashSet();
        return spoiled.Select(bad => (
            RouteParameter().Replace(op.Path, m => numeric.Contains(m.Groups["name"].Value) ? "2147483647" : "no-such-key"),
            RouteParameter().Replace(op.Path, _ => bad)));
    }

    private static IEnumerable<(string Name, JsonNode? Schema)> Parameters(Operation op, string where) =>
        (op.Node["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == where)
            .Select(p => (p!["name"]!.GetValue<string>(), p["schema"]));

    private static string? BodyContentType(Operation op) =>
        op.Node["requestBody"]?["content"]?.AsObject().Select(c => c.Key).OrderBy(k => k == "application/json" ? 0 : 1).FirstOrDefault();

    private static JsonNode? BodySchema(Operation op, JsonNode document) =>
        Resolve(op.Node["requestBody"]?["content"]?["application/json"]?["schema"], document);

    private static JsonNode? Resolve(JsonNode? schema, JsonNode document)
    {
        for (var i = 0; i < 10 && schema?["$ref"] is { } reference; i++)
            schema = document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]];
        return schema;
    }

    private static string Kind(JsonNode? schema)
    {
        var types = schema?["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToArray(),
            JsonValue v => [v.GetValue<string>()],
            _ => schema?["properties"] is not null ? ["object"] : [],
        };
        string[] order = ["integer", "number", "boolean", "array", "object", "string"];
        return order.FirstOrDefault(types.Contains) ?? (schema?["enum"] is not null ? "string" : "any");
    }

    /// <summary>An object whose every field has a value of another type than its schema's.</summary>
    private static Gen<(string?, byte[]?, string)> WrongTypes(JsonNode? schema, JsonNode document)
    {
        var body = new JsonObject();
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            body[name] = Kind(Resolve(property, document)) switch
            {
                "string" => new JsonObject { ["nested"] = true },
                "integer" or "number" => "not-a-number",
                "boolean" => "maybe",
                "array" => 42,
                "object" => new JsonArray(1, 2),
                _ => new JsonArray(),
            };
        }
        if (body.Count == 0) body["notAField"] = 1;
        return Gen.Constant<(string?, byte[]?, string)>(("application/json", Encoding.UTF8.GetBytes(body.ToJsonString()), "wrong types"));
    }

    /// <summary>A value of the schema's type, as hostile as that type allows.</summary>
    private static Gen<JsonNode?> Value(JsonNode? schema, JsonNode document, int depth)
    {
        schema = Resolve(schema, document);
        if (schema?["enum"] is JsonArray values && values.Count > 0)
            return Gen.Elements(values.ToArray()).Select(v => v?.DeepClone());
        var format = schema?["format"]?.GetValue<string>();
        return Kind(schema) switch
        {
            "integer" or "number" => Gen.Elements(HostileNumbers).Select(n => (JsonNode?)JsonNode.Parse(n)),
            "boolean" => Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            "array" when depth < 3 => Value(schema?["items"], document, depth + 1).ListOf(2)
                .Select(items => (JsonNode?)new JsonArray(items.ToArray())),
            "object" when depth < 3 && schema?["properties"] is JsonObject properties => Gen.CollectToList(properties
                    .Select(p => Value(p.Value, document, depth + 1).Select(v => (p.Key, v))))
                .Select(fields => (JsonNode?)new JsonObject(fields.Select(f => KeyValuePair.Create(f.Key, f.v)))),
            "string" when format is "date" or "date-time" => Gen.Elements(HostileDates).Select(d => (JsonNode?)JsonValue.Create(d)),
            "string" => Gen.Elements(HostileText).Select(t => (JsonNode?)JsonValue.Create(t)),
            _ => Gen.Constant<JsonNode?>(null),
        };
    }

    private static string AsText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static ulong Seed(Operation op) => (ulong)Encoding.UTF8.GetBytes(op.Method + op.Path).Aggregate(17L, (h, b) => h * 31 + b);

    /// <summary>The rows of every table: a write anywhere changes it.</summary>
    private async Task<string> FingerprintAsync() => await app.Db(async db =>
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>()
            .Where(t => t is not ("SignInEvents" or "DataProtectionKeys")).Distinct().Order(StringComparer.Ordinal);
        var counts = new List<string>();
        foreach (var table in tables)
        {
            // The names are the model's own tables, not input.
            var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
            counts.Add($"{table}={(await db.Database.SqlQueryRaw<int>(sql).ToListAsync())[0]}");
        }
        return string.Join(", ", counts);
    });

    [GeneratedRegex(@"\{(?<name>[^}:]+)(:(?<constraint>[^}]+))?\}")]
    private static partial Regex RouteParameter();
}
