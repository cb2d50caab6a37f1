using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// The request path as the client sent it. Kestrel resolves dot segments (<c>.</c>, <c>..</c>,
/// also percent-encoded) before <see cref="HttpRequest.Path"/>, so <c>DELETE
/// .../configmaps/%2e%2e</c> would reach the namespace above; the API routes on the raw target
/// instead, where <c>.</c> and <c>..</c> are never names and a segment never holds a slash.
/// </summary>
internal static class RawPath
{
    /// <summary>The decoded path (<c>/api/v1/...</c>), or a 400 <see cref="StoreException"/> for a path no name can be in.</summary>
    public static string Of(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            // An absolute-form or asterisk target: Kestrel's parsed path is all there is.
            raw = context.Request.Path.Value ?? "/";
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        var segments = raw.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = Uri.UnescapeDataString(segments[i]);
            if (segment is "." or "..")
            {
                throw StoreException.BadRequest($"invalid path segment \"{segment}\": a name may not be '.' or '..'");
            }

            if (segment.Contains('/', StringComparison.Ordinal) || segment.Contains('%', StringComparison.Ordinal))
            {
                throw StoreException.BadRequest($"invalid path segment \"{segment}\": a name may not contain '/' or '%'");
            }

            segments[i] = segment;
        }

        return "/" + string.Join('/', segments);
    }
}
