using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JobSet.Kubernetes.Embedded.Admission.Webhooks;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>The Kestrel host serving the Kubernetes API of a store on a loopback address.</summary>
internal sealed class EmbeddedApiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly IDisposable[] owned;

    private EmbeddedApiServer(WebApplication app, Uri baseAddress, X509Certificate2? certificate, IDisposable[] owned)
    {
        this.app = app;
        this.owned = owned;
        BaseAddress = baseAddress;
        Certificate = certificate;
    }

    /// <summary>Where the API is served (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The self-signed serving certificate when TLS is on.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Starts serving. The listen address must be loopback unless <see cref="EmbeddedClusterOptions.AllowNonLoopback"/> is set.</summary>
    public static async Task<EmbeddedApiServer> StartAsync(InMemoryClusterStore store, EmbeddedClusterOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var (address, port) = ParseListen(options.Listen);
        if (!RequestGuard.IsLoopback(address) && !options.AllowNonLoopback)
        {
            throw new ArgumentException($"refusing to listen on {options.Listen}: only loopback addresses are allowed (the embedded cluster has no real authentication)", nameof(options));
        }

        var certificate = options.TlsCertificateFile is { } certFile ? FromPem(certFile, options.TlsKeyFile)
            : options.UseTls ? SelfSigned() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = KubeApiHandler.MaxDrainedBodyBytes;
            k.Listen(address, port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        var logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<EmbeddedApiServer>();

        // Admission webhooks are called in plain API server mode only: otherwise built-in JobSet
        // admission already does what JobSet's webhooks would, and they would admit twice.
        WebhookConfigurations? configurations = options.PlainApiServer ? new WebhookConfigurations(store) : null;
        WebhookClient? client = options.PlainApiServer ? new WebhookClient(store) : null;
        var dispatcher = configurations is null ? null : new WebhookDispatcher(configurations, client!, store, logger);
        var handler = new KubeApiHandler(store, new WebhookWrites(store, dispatcher), options, logger);
        app.UseFaultInjection(options.Faults);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new EmbeddedApiServer(app, uri, certificate, [.. new IDisposable?[] { configurations, client }.OfType<IDisposable>()]);
    }

    /// <summary>Parses <c>HOST:PORT</c> (<c>127.0.0.1:6443</c>, <c>[::1]:0</c>, <c>localhost:6443</c>).</summary>
    public static (IPAddress Address, int Port) ParseListen(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"invalid listen address '{listen}': expected HOST:PORT, e.g. 127.0.0.1:6443", nameof(listen));
        }

        var host = listen[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : throw new ArgumentException($"invalid listen address '{listen}': the host must be an IP address or localhost", nameof(listen));

        // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is served as the IPv4 address it maps.
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        foreach (var item in owned)
        {
            item.Dispose();
        }

        Certificate?.Dispose();
    }

    private static X509Certificate2 FromPem(string certificateFile, string? keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);

            // Kestrel on Linux needs the key in an exportable form it can hand to the TLS stack.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"cannot load the TLS certificate {certificateFile}{(keyFile is null ? "" : $" with key {keyFile}")}: {ex.Message.ReplaceLineEndings(" ")}", nameof(certificateFile));
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=jobset-embedded", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
