using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Voronka.Core.Data;
using Voronka.Core.Features.Telephony;
using Voronka.Core.Features.Telephony.Adapters;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Telephony;

/// <summary>Copies the recordings of calls from the PBXs into Voronka's store every <c>Telephony:RecordingSeconds</c> (10
/// by default) — asking Zadarma's and Mango Office's APIs for the file where their events name only its id — and deletes
/// those past the organisation's retention; switched off on an instance with <c>Telephony:FetchRecordings=false</c>.</summary>
public sealed class RecordingFetcher(
    Recordings recordings, IHttpClientFactory http, JobLocks locks, IConfiguration config,
        ILogger<RecordingFetcher> logger) : PeriodicJob(locks, config, logger)
{
    public const string Client = "pbx";

    protected override string Section => "Telephony";
    protected override string SwitchKey => "FetchRecordings";
    protected override string SecondsKey => "RecordingSeconds";
    protected override double DefaultSeconds => 10;

    protected override Task<int> RunOnceAsync(CancellationToken ct) => FetchDueAsync(ct);

    /// <summary>One round: the retention, then up to five recordings due; returns how many things it did.</summary>
    public async Task<int> FetchDueAsync(CancellationToken ct)
    {
        var done = await recordings.CleanAsync(ct);
        foreach (var job in await recordings.ClaimAsync(5, ct))
        {
            await FetchAsync(job, ct);
            done++;
        }
        return done;
    }

    private async Task FetchAsync(RecordingJob job, CancellationToken ct)
    {
        try
        {
            var client = http.CreateClient(Client);
            using var response = await SendAsync(client, job, ct);
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The PBX answered {(int)response.StatusCode}.");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await recordings.StoreAsync(job.Id, body, response.Content.Headers.ContentLength, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("The recording {Id} could not be copied: {Error}", job.Id, e.Message);
            await recordings.FailedAsync(job.Id, e.Message, ct);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, RecordingJob job, CancellationToken ct)
    {
        var url = new Uri(job.SourceUrl);
        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
        if (job.Kind == PbxKind.Zadarma && job.SourceUrl.StartsWith(ZadarmaAdapter.RecordApi, StringComparison.Ordinal))
        {
            var (api, authorization) = ZadarmaAdapter.ApiRequest(job.Key ?? "", job.Secret, url.AbsolutePath, query);
            using var ask = new HttpRequestMessage(HttpMethod.Get, api);
            ask.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var answer = await client.SendAsync(ask, ct);
            answer.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(ct));
            var link = json.RootElement.TryGetProperty("link", out var l) && l.GetString() is { Length: > 0 } one ? one
                : json.RootElement.TryGetProperty("links", out var ls) && ls.ValueKind == JsonValueKind.Array && ls.GetArrayLength() > 0
                    ? ls[0].GetString() : null;
            return await client.GetAsync(link ?? throw new InvalidDataException("Zadarma gave no link to the recording."),
                HttpCompletionOption.ResponseHeadersRead, ct);
        }
        if (job.Kind == PbxKind.Mango && job.SourceUrl.StartsWith(MangoAdapter.RecordingApi, StringComparison.Ordinal))
        {
            var json = JsonSerializer.Serialize(new { recording_id = query.GetValueOrDefault("recording_id"), action = "download" });
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["vpbx_api_key"] = job.Key ?? "", ["sign"] = MangoAdapter.Sign(job.Key ?? "", json, job.Secret), ["json"] = json,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, MangoAdapter.RecordingApi) { Content = form };
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        return await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
    }
}
