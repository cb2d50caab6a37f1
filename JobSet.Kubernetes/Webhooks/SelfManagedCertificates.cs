using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JobSet.Kubernetes.Manifests;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// Upstream's internal certificate management: a CA and serving certificate kept in the Secret
/// <c>jobset-webhook-server-cert</c> of the controller's namespace (created when missing, shared by
/// all replicas), the CA injected as <c>caBundle</c> into every webhook of
/// <c>jobset-mutating-webhook-configuration</c> and <c>jobset-validating-webhook-configuration</c>,
/// and both renewed when less than 90 days remain (checked every <see cref="CheckInterval"/>).
/// </summary>
public sealed partial class SelfManagedCertificates : IServerCertificateSource, IDisposable
{
    private readonly IKubernetes client;
    private readonly string ns;
    private readonly string dnsName;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private X509Certificate2? current;
    private string? currentPem;

    /// <summary>Creates the manager for the controller's namespace.</summary>
    public SelfManagedCertificates(IKubernetes client, string @namespace, TimeProvider time, ILogger logger)
    {
        this.client = client;
        ns = @namespace;
        dnsName = InstallNames.WebhookDnsName(@namespace);
        this.time = time;
        this.logger = logger;
    }

    /// <summary>How often the certificates and the injected CA are checked.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public X509Certificate2? Current => Volatile.Read(ref current);

    /// <summary>The CA bundle now served (PEM), or null before the first check.</summary>
    public string? CaBundle { get; private set; }

    /// <summary>Makes sure a valid bundle is in the Secret, served and injected. Safe to run from every replica at once.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var bundle = await EnsureSecretAsync(cancellationToken).ConfigureAwait(false);
                Serve(bundle);
                await InjectAsync(bundle.CaCertificatePem, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
            {
                // Another replica wrote first: read its result.
            }
        }
    }

    /// <summary>Runs <see cref="EnsureAsync"/> now and every <see cref="CheckInterval"/> until cancelled; failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await EnsureAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
            {
                LogCheckFailed(logger, ex);
            }

            try
            {
                await Task.Delay(CheckInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref current, null)?.Dispose();

    private async Task<CertificateBundle> EnsureSecretAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        V1Secret? secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(InstallNames.WebhookCertSecret, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            secret = null;
        }

        var existing = CertificateBundle.FromSecretData(secret?.Data);
        if (existing is not null && !existing.NeedsRenewal(dnsName, now, out _))
        {
            return existing;
        }

        var caToo = true;
        _ = existing?.NeedsRenewal(dnsName, now, out caToo);
        var bundle = existing is null || caToo ? CertificateBundle.Create(dnsName, now) : existing.Renew(dnsName, now);
        if (secret is null)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(
                new V1Secret
                {
                    Metadata = new V1ObjectMeta { Name = InstallNames.WebhookCertSecret, NamespaceProperty = ns },
                    Type = "kubernetes.io/tls",
                    Data = bundle.ToSecretData(),
                },
                ns,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The resourceVersion makes this a compare-and-swap: a replica that lost the race re-reads.
            secret.Data = bundle.ToSecretData();
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, InstallNames.WebhookCertSecret, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LogIssued(logger, ns, InstallNames.WebhookCertSecret, caToo);
        return bundle;
    }

    private void Serve(CertificateBundle bundle)
    {
        CaBundle = bundle.CaCertificatePem;
        if (currentPem == bundle.CertificatePem)
        {
            return;
        }

        currentPem = bundle.CertificatePem;
        Interlocked.Exchange(ref current, bundle.ServerCertificate());

        // The previous certificate may still be in use by a handshake: leave it to the GC.
    }

    private async Task InjectAsync(string caPem, CancellationToken cancellationToken)
    {
        var ca = Encoding.UTF8.GetBytes(caPem);
        var webhooks = client.AdmissionregistrationV1;
        await InjectIntoAsync(
            InstallNames.MutatingWebhookConfiguration,
            ct => webhooks.ReadMutatingWebhookConfigurationAsync(InstallNames.MutatingWebhookConfiguration, cancellationToken: ct),
            c => c.Webhooks?.Select(w => w.ClientConfig),
            (c, ct) => webhooks.ReplaceMutatingWebhookConfigurationAsync(c, c.Metadata.Name, cancellationToken: ct),
            ca,
            cancellationToken).ConfigureAwait(false);
        await InjectIntoAsync(
            InstallNames.ValidatingWebhookConfiguration,
            ct => webhooks.ReadValidatingWebhookConfigurationAsync(InstallNames.ValidatingWebhookConfiguration, cancellationToken: ct),
            c => c.Webhooks?.Select(w => w.ClientConfig),
            (c, ct) => webhooks.ReplaceValidatingWebhookConfigurationAsync(c, c.Metadata.Name, cancellationToken: ct),
            ca,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the CA bundle of one webhook configuration's webhooks, writing it only when it changed; a missing configuration is logged.</summary>
    private async Task InjectIntoAsync<TConfiguration>(
        string name,
        Func<CancellationToken, Task<TConfiguration>> read,
        Func<TConfiguration, IEnumerable<Admissionregistrationv1WebhookClientConfig>?> clientConfigs,
        Func<TConfiguration, CancellationToken, Task<TConfiguration>> replace,
        byte[] ca,
        CancellationToken cancellationToken)
    {
        try
        {
            var configuration = await read(cancellationToken).ConfigureAwait(false);
            if (SetCa(clientConfigs(configuration), ca))
            {
                await replace(configuration, cancellationToken).ConfigureAwait(false);
                LogInjected(logger, name);
            }
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            LogMissing(logger, name);
        }
    }

    private static bool SetCa(IEnumerable<Admissionregistrationv1WebhookClientConfig>? configs, byte[] ca)
    {
        var changed = false;
        foreach (var config in configs ?? [])
        {
            if (config.CaBundle is null || !config.CaBundle.AsSpan().SequenceEqual(ca))
            {
                config.CaBundle = ca;
                changed = true;
            }
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "issued webhook certificates in secret {Namespace}/{Name} (new CA: {NewCa})")]
    private static partial void LogIssued(ILogger logger, string @namespace, string name, bool newCa);

    [LoggerMessage(Level = LogLevel.Information, Message = "injected the webhook CA bundle into {Name}")]
    private static partial void LogInjected(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook configuration {Name} not found: its CA bundle cannot be injected")]
    private static partial void LogMissing(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook certificate check failed; retrying later")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);
}
