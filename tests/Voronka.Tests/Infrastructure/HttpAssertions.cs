using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Voronka.Tests.Infrastructure;

public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Asserts the status and reads the body as <typeparamref name="T"/>.</summary>
    public static async Task<T> Expect<T>(this Task<HttpResponseMessage> call, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>Asserts an error status with a ProblemDetails body and returns it.</summary>
    public static async Task<JsonElement> Problem(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>The field names of a validation problem's "errors".</summary>
    public static string[] ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var e) ? e.EnumerateObject().Select(p => p.Name).Order().ToArray() : [];

    /// <summary>Every item of a paged list, page by page (the url already has its query and no page size).</summary>
    public static async Task<List<T>> All<T>(HttpClient c, string url)
    {
        var all = new List<T>();
        for (var page = 1; ; page++)
        {
            var p = await c.GetAsync($"{url}&pageSize=200&page={page}").Expect<Core.Common.Page<T>>();
            all.AddRange(p.Items);
            if (all.Count >= p.Total || p.Items.Count == 0) return all;
        }
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient c, string url, object body) => c.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJson(this HttpClient c, string url, object body) => c.PutAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient c, string url, string json) =>
        c.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
