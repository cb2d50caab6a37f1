using System.Text;

namespace JobSet.Kubernetes.Embedded;

/// <summary>Writes the kubeconfig that points kubectl and KubernetesClient at an embedded cluster.</summary>
internal static class Kubeconfig
{
    /// <summary>The context (and cluster and user) name in the kubeconfig.</summary>
    public const string ContextName = "jobset-embedded";

    /// <summary>The kubeconfig text for a server address, with an optional bearer token and CA certificate (PEM).</summary>
    public static string Render(Uri server, string? bearerToken = null, string? caPem = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var text = new StringBuilder();
        text.Append("apiVersion: v1\nkind: Config\nclusters:\n- name: ").Append(ContextName).Append("\n  cluster:\n    server: ")
            .Append(server.GetLeftPart(UriPartial.Authority)).Append('\n');
        if (caPem is not null)
        {
            text.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))).Append('\n');
        }

        text.Append("contexts:\n- name: ").Append(ContextName).Append("\n  context:\n    cluster: ").Append(ContextName)
            .Append("\n    user: ").Append(ContextName).Append("\n    namespace: default\ncurrent-context: ").Append(ContextName)
            .Append("\nusers:\n- name: ").Append(ContextName).Append("\n  user:\n");
        // Without authentication a token is still written (and ignored by the server): KubernetesClient insists on some credential.
        text.Append("    token: ").Append(bearerToken ?? "unauthenticated").Append('\n');
        return text.ToString();
    }
}
