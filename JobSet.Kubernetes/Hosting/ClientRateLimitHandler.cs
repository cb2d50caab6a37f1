using System.Net;
using System.Threading.RateLimiting;

namespace JobSet.Kubernetes.Hosting;

/// <summary>
/// client-go's client-side rate limit (QPS and burst) for KubernetesClient, which has none:
/// requests wait for a token; watch requests are exempt (they are long-lived, as in client-go).
/// </summary>
internal sealed class ClientRateLimitHandler : DelegatingHandler
{
    private readonly TokenBucketRateLimiter limiter;

    public ClientRateLimitHandler(double qps, int burst)
    {
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, (int)Math.Round(qps / 10)),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsWatch(request.RequestUri))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            return new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsWatch(Uri? uri) =>
        uri?.Query is { Length: > 0 } query && (query.Contains("watch=true", StringComparison.Ordinal) || query.Contains("watch=1", StringComparison.Ordinal));
}
