using System.Collections.Concurrent;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// Counts a client's requests other than watches, by verb and resource (<c>POST jobs</c>,
/// <c>PUT jobsets/status</c>, ...), for the request-count figure of suite 6.
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private long last = Environment.TickCount64;

    /// <summary>Requests so far, by verb and resource.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => counts.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>All requests so far.</summary>
    public int Total => counts.Values.Sum();

    /// <summary>Milliseconds since the last request started.</summary>
    public long IdleMilliseconds => Environment.TickCount64 - Interlocked.Read(ref last);

    /// <summary>Forgets the counts.</summary>
    public void Reset() => counts.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri!;
        if (!uri.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            Interlocked.Exchange(ref last, Environment.TickCount64);
            counts.AddOrUpdate($"{request.Method} {Resource(uri.AbsolutePath)}", 1, (_, n) => n + 1);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The resource of a REST path, with its subresource: <c>/apis/batch/v1/namespaces/ns/jobs/x</c> is <c>jobs</c>, <c>.../jobsets/x/status</c> <c>jobsets/status</c>.</summary>
    private static string Resource(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(segments, "namespaces");
        var rest = at >= 0 && segments.Length > at + 2 ? segments[(at + 2)..] : segments[^Math.Min(segments.Length, 2)..];
        return rest.Length switch
        {
            0 => path,
            3 => rest[0] + "/" + rest[2],
            _ => rest[0],
        };
    }
}
