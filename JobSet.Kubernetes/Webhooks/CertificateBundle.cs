using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// A self-managed webhook CA and the serving certificate it signs, as PEM, stored in a Secret under
/// cert-controller's keys (<c>ca.crt</c>, <c>ca.key</c>, <c>tls.crt</c>, <c>tls.key</c>).
/// </summary>
/// <param name="CaCertificatePem">The CA certificate (the caBundle of the webhook configurations).</param>
/// <param name="CaKeyPem">The CA's private key.</param>
/// <param name="CertificatePem">The serving certificate.</param>
/// <param name="KeyPem">The serving certificate's private key.</param>
public sealed record CertificateBundle(string CaCertificatePem, string CaKeyPem, string CertificatePem, string KeyPem)
{
    /// <summary>How long a new CA is valid (as upstream's cert-controller: 10 years).</summary>
    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);

    /// <summary>How long a serving certificate is valid (1 year).</summary>
    public static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(365);

    /// <summary>Renew when less than this remains (90 days).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(90);

    /// <summary>Secret key of the CA certificate.</summary>
    public const string CaCertKey = "ca.crt";

    /// <summary>Secret key of the CA key.</summary>
    public const string CaKeyKey = "ca.key";

    /// <summary>Secret key of the serving certificate.</summary>
    public const string CertKey = "tls.crt";

    /// <summary>Secret key of the serving key.</summary>
    public const string KeyKey = "tls.key";

    /// <summary>A new CA and serving certificate for <paramref name="dnsName"/>, valid from <paramref name="now"/>.</summary>
    public static CertificateBundle Create(string dnsName, DateTimeOffset now)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest(new X500DistinguishedName("CN=jobset-ca, O=jobset"), caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now + CaValidity);
        return Sign(ca.ExportCertificatePem(), caKey.ExportPkcs8PrivateKeyPem(), dnsName, now);
    }

    /// <summary>A new serving certificate signed by this bundle's CA.</summary>
    public CertificateBundle Renew(string dnsName, DateTimeOffset now) => Sign(CaCertificatePem, CaKeyPem, dnsName, now);

    /// <summary>Reads a bundle from Secret data; null when a key is missing or does not parse.</summary>
    public static CertificateBundle? FromSecretData(IDictionary<string, byte[]>? data)
    {
        if (data is null || !data.TryGetValue(CaCertKey, out var caCert) || !data.TryGetValue(CaKeyKey, out var caKey) ||
            !data.TryGetValue(CertKey, out var cert) || !data.TryGetValue(KeyKey, out var key))
        {
            return null;
        }

        var bundle = new CertificateBundle(Encoding.UTF8.GetString(caCert), Encoding.UTF8.GetString(caKey), Encoding.UTF8.GetString(cert), Encoding.UTF8.GetString(key));
        try
        {
            using var server = bundle.ServerCertificate();
            using var caCertificate = X509Certificate2.CreateFromPem(bundle.CaCertificatePem);
            return bundle;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The Secret data.</summary>
    public Dictionary<string, byte[]> ToSecretData() => new(StringComparer.Ordinal)
    {
        [CaCertKey] = Encoding.UTF8.GetBytes(CaCertificatePem),
        [CaKeyKey] = Encoding.UTF8.GetBytes(CaKeyPem),
        [CertKey] = Encoding.UTF8.GetBytes(CertificatePem),
        [KeyKey] = Encoding.UTF8.GetBytes(KeyPem),
    };

    /// <summary>The serving certificate with its key, for Kestrel.</summary>
    public X509Certificate2 ServerCertificate() => LoadServerCertificate(CertificatePem, KeyPem);

    /// <summary>Whether the bundle must be renewed at <paramref name="now"/>: either certificate has less than <see cref="RenewBefore"/> left, or the serving certificate does not name <paramref name="dnsName"/>.</summary>
    public bool NeedsRenewal(string dnsName, DateTimeOffset now, out bool caToo)
    {
        using var ca = X509Certificate2.CreateFromPem(CaCertificatePem);
        using var cert = X509Certificate2.CreateFromPem(CertificatePem);
        caToo = ca.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore;
        return caToo || cert.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore || !cert.MatchesHostname(dnsName);
    }

    /// <summary>Loads a PEM certificate and key as a server certificate usable on every platform.</summary>
    public static X509Certificate2 LoadServerCertificate(string certificatePem, string keyPem)
    {
        using var pem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static CertificateBundle Sign(string caCertPem, string caKeyPem, string dnsName, DateTimeOffset now)
    {
        using var caKey = RSA.Create();
        caKey.ImportFromPem(caKeyPem);
        using var caPublic = X509Certificate2.CreateFromPem(caCertPem);
        using var ca = caPublic.CopyWithPrivateKey(caKey);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={dnsName}"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var notAfter = now + CertificateValidity;
        if (notAfter > ca.NotAfter)
        {
            notAfter = ca.NotAfter;
        }

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var cert = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        return new CertificateBundle(caCertPem, caKeyPem, cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
