using Voronka.Core.Common;
using Voronka.Core.Features.Telephony;

namespace Voronka.Web.Features.Telephony;

/// <summary>Sends a click-to-call to the PBX (<see cref="ClickToCall"/> decides what and whether): the API's and the pages'
/// one way to place a call. A PBX that refuses or does not answer in ten seconds is a 502.</summary>
public sealed class Dialer(ClickToCall clickToCall, IHttpClientFactory http)
{
    public async Task<DialResponse> DialAsync(Actor actor, DialRequest r, CancellationToken ct)
    {
        var plan = await clickToCall.PrepareAsync(actor, r, ct);
        using var request = plan.Request;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await http.CreateClient(RecordingFetcher.Client).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new UpstreamFailedException($"The phone system did not take the call: it answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new UpstreamFailedException("The phone system did not answer; the call was not placed.");
        }
        return plan.Response;
    }
}
