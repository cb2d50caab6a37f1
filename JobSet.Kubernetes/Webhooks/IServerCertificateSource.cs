using System.Security.Cryptography.X509Certificates;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// The webhook server's current certificate, for Kestrel's
/// <c>HttpsConnectionAdapterOptions.ServerCertificateSelector</c>: asked on every TLS handshake, so a
/// rotated certificate is served without a restart.
/// </summary>
public interface IServerCertificateSource
{
    /// <summary>The certificate with its private key, or null before the first one is ready.</summary>
    X509Certificate2? Current { get; }
}
