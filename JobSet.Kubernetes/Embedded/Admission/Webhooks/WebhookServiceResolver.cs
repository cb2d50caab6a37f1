using System.Net;
using JobSet.Kubernetes.Embedded.Http;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// Finds where a webhook Service is served, as an API server routing to endpoints does: the
/// Service's port named by <c>clientConfig.service.port</c> (443 by default), then the address and
/// port of that port in the Service's Endpoints. There is no cluster network, so only loopback
/// addresses are called; anything else is an error naming the address.
/// </summary>
internal static class WebhookServiceResolver
{
    /// <summary>The endpoint of the Service port, or an <see cref="WebhookCallException"/> saying why there is none.</summary>
    public static IPEndPoint Resolve(IClusterReader store, string ns, string name, int port)
    {
        ArgumentNullException.ThrowIfNull(store);
        var service = store.Get(ResourceType.Services, ns, name) ?? throw new WebhookCallException($"service \"{name}\" not found");
        var servicePort = (service["spec"]?["ports"] as System.Text.Json.Nodes.JsonArray ?? [])
            .OfType<System.Text.Json.Nodes.JsonObject>()
            .FirstOrDefault(p => PortNumber(p["port"]) == port)
            ?? throw new WebhookCallException($"service \"{name}\" has no port {port}");
        var portName = servicePort["name"]?.GetValue<string>() ?? "";
        var endpoints = store.Get(ResourceType.Endpoints, ns, name);
        foreach (var subset in (endpoints?["subsets"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            var ports = (subset["ports"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>().ToList();
            var match = ports.FirstOrDefault(p => (p["name"]?.GetValue<string>() ?? "") == portName) ?? (ports.Count == 1 && portName.Length == 0 ? ports[0] : null);
            if (match is null || PortNumber(match["port"]) is not { } targetPort)
            {
                continue;
            }

            foreach (var address in (subset["addresses"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
            {
                var ip = address["ip"]?.GetValue<string>() ?? "";
                if (!IPAddress.TryParse(ip, out var parsed) || !RequestGuard.IsLoopback(parsed))
                {
                    throw new WebhookCallException($"endpoint {ip} of service \"{name}\" is not a loopback address: the embedded cluster calls webhooks on this machine only");
                }

                return new IPEndPoint(parsed, targetPort);
            }
        }

        throw new WebhookCallException($"no endpoints available for service \"{name}\"");
    }

    private static int? PortNumber(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var n) && n is > 0 and <= 65535 ? (int)n : null;
}
