using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// OpenAPI endpoints. No schemas are published: kubectl then validates nothing client-side and
/// leaves field validation to the server, and computes apply patches with its compiled-in types.
/// </summary>
internal static class OpenApi
{
    public static async Task WriteAsync(HttpContext context, string[] segments, IReadOnlyList<ResourceType> types)
    {
        _ = segments;
        _ = types;
        await KubeApiHandler.WriteAsync(context, 404, StatusBody.Failure(404, "NotFound", "the server could not find the requested resource")).ConfigureAwait(false);
    }
}
