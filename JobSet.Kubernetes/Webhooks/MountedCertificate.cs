using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// A serving certificate mounted from a directory (<c>--webhook-cert-dir</c>, e.g. a cert-manager
/// Secret): <c>tls.crt</c> and <c>tls.key</c>, reloaded when either file changes (looked at no more
/// than once per <see cref="RecheckInterval"/>). A pair that does not load keeps the previous one.
/// </summary>
public sealed class MountedCertificate : IServerCertificateSource, IDisposable
{
    private readonly string certPath;
    private readonly string keyPath;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private X509Certificate2? current;
    private (DateTime Cert, DateTime Key) loadedStamps;
    private DateTimeOffset nextCheck = DateTimeOffset.MinValue;

    /// <summary>Watches <c>DIR/tls.crt</c> and <c>DIR/tls.key</c>; throws (naming the file) when they cannot be read now.</summary>
    public MountedCertificate(string directory, TimeProvider time)
    {
        certPath = Path.Combine(directory, CertificateBundle.CertKey);
        keyPath = Path.Combine(directory, CertificateBundle.KeyKey);
        this.time = time;
        if (!TryLoad(out var error))
        {
            throw new IOException(error);
        }
    }

    /// <summary>How often the files are looked at.</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public X509Certificate2? Current
    {
        get
        {
            lock (gate)
            {
                if (time.GetUtcNow() >= nextCheck)
                {
                    nextCheck = time.GetUtcNow() + RecheckInterval;
                    if (Stamps() != loadedStamps)
                    {
                        TryLoad(out _);
                    }
                }

                return current;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => current?.Dispose();

    private (DateTime, DateTime) Stamps() => (File.GetLastWriteTimeUtc(certPath), File.GetLastWriteTimeUtc(keyPath));

    private bool TryLoad(out string error)
    {
        try
        {
            var stamps = Stamps();
            var certificate = CertificateBundle.LoadServerCertificate(File.ReadAllText(certPath), File.ReadAllText(keyPath));
            current = certificate;
            loadedStamps = stamps;
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"cannot load the webhook certificate from {certPath} and {keyPath}: {ex.Message}";
            return false;
        }
    }
}
