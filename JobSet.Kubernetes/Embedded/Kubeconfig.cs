using System.Text;
using k8s;
using k8s.KubeConfigModels;

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
        var config = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = ContextName,
            Clusters =
            [
                new Cluster
                {
                    Name = ContextName,
                    ClusterEndpoint = new ClusterEndpoint
                    {
                        Server = server.GetLeftPart(UriPartial.Authority),
                        CertificateAuthorityData = caPem is null ? null : Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem)),
                    },
                },
            ],
            Contexts =
            [
                new Context
                {
                    Name = ContextName,
                    ContextDetails = new ContextDetails { Cluster = ContextName, User = ContextName, Namespace = "default" },
                },
            ],
            Users =
            [
                new User
                {
                    Name = ContextName,

                    // Without authentication a token is still written (and ignored by the server): KubernetesClient insists on some credential.
                    UserCredentials = new UserCredentials { Token = bearerToken ?? "unauthenticated" },
                },
            ],
        };
        return KubernetesYaml.Serialize(config);
    }
}
