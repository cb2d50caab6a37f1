using System.Security.Cryptography.X509Certificates;
using System.Text;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Manifests;
using JobSet.Kubernetes.Webhooks;
using JobSet.Tests.Embedded.Api;
using JobSet.Tests.TestSupport;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Webhooks;

/// <summary>Self-managed webhook certificates against the embedded cluster: Secret, CA injection, rotation before expiry.</summary>
public sealed class CertificateTests : ApiTestBase
{
    private const string ControllerNs = "jobset-system";
    private const string OtherNs = "jobset-other";

    [OneTimeSetUp]
    public async Task InstallWebhookConfigurations()
    {
        foreach (var ns in new[] { ControllerNs, OtherNs })
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
        foreach (var obj in InstallManifests.Create(new InstallOptions()).Where(o => o["kind"]!.GetValue<string>().EndsWith("WebhookConfiguration", StringComparison.Ordinal)))
        {
            if (obj["kind"]!.GetValue<string>() == "MutatingWebhookConfiguration")
            {
                await Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(KubeSerializer.FromNode<V1MutatingWebhookConfiguration>(obj, "m"));
            }
            else
            {
                await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(KubeSerializer.FromNode<V1ValidatingWebhookConfiguration>(obj, "v"));
            }
        }
    }

    private async Task<IEnumerable<string?>> InjectedBundlesAsync()
    {
        var m = await Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(InstallNames.MutatingWebhookConfiguration);
        var v = await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(InstallNames.ValidatingWebhookConfiguration);
        return m.Webhooks.Select(w => w.ClientConfig.CaBundle).Concat(v.Webhooks.Select(w => w.ClientConfig.CaBundle))
            .Select(b => b is null ? null : Encoding.UTF8.GetString(b));
    }

    private static void AssertChains(X509Certificate2 server, string caPem)
    {
        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = server.NotBefore.AddHours(1);
        Assert.That(chain.Build(server), Is.True, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.That(server.MatchesHostname("jobset-webhook-service.jobset-system.svc"), Is.True);
    }

    [Test]
    public async Task First_check_creates_the_secret_serves_its_certificate_and_injects_the_CA_then_renews_before_expiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var manager = new SelfManagedCertificates(Client, ControllerNs, time, NullLogger.Instance);

        await manager.EnsureAsync(CancellationToken.None);
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(InstallNames.WebhookCertSecret, ControllerNs);
        var first = CertificateBundle.FromSecretData(secret.Data)!;
        var firstServing = manager.Current!.Thumbprint;

        Assert.That(first, Is.Not.Null);
        var injected = (await InjectedBundlesAsync()).ToList();
        Assert.That(injected, Has.Count.EqualTo(4));
        Assert.That(injected, Has.All.EqualTo(first.CaCertificatePem));
        AssertChains(manager.Current!, first.CaCertificatePem);
        Assert.That(manager.Current!.NotAfter.ToUniversalTime(), Is.EqualTo(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Within(TimeSpan.FromMinutes(1)));

        // 200 days later: more than 90 days left, nothing changes.
        time.Advance(TimeSpan.FromDays(200));
        await manager.EnsureAsync(CancellationToken.None);
        Assert.That(manager.Current!.Thumbprint, Is.EqualTo(firstServing));

        // 300 days after issue: under 90 days left, a new serving certificate from the same CA.
        time.Advance(TimeSpan.FromDays(100));
        await manager.EnsureAsync(CancellationToken.None);
        var renewed = CertificateBundle.FromSecretData((await Client.CoreV1.ReadNamespacedSecretAsync(InstallNames.WebhookCertSecret, ControllerNs)).Data)!;
        Assert.That(manager.Current!.Thumbprint, Is.Not.EqualTo(firstServing));
        Assert.That(renewed.CaCertificatePem, Is.EqualTo(first.CaCertificatePem));
        AssertChains(manager.Current!, first.CaCertificatePem);

        // Near the CA's own end: a new CA, injected again.
        time.Advance(TimeSpan.FromDays(3650 - 300 - 60));
        await manager.EnsureAsync(CancellationToken.None);
        var rotated = CertificateBundle.FromSecretData((await Client.CoreV1.ReadNamespacedSecretAsync(InstallNames.WebhookCertSecret, ControllerNs)).Data)!;
        Assert.That(rotated.CaCertificatePem, Is.Not.EqualTo(first.CaCertificatePem));
        Assert.That(await InjectedBundlesAsync(), Has.All.EqualTo(rotated.CaCertificatePem));
        AssertChains(manager.Current!, rotated.CaCertificatePem);
    }

    [Test]
    public async Task A_second_replica_uses_the_certificate_the_first_stored()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var a = new SelfManagedCertificates(Client, OtherNs, time, NullLogger.Instance);
        using var b = new SelfManagedCertificates(Client, OtherNs, time, NullLogger.Instance);

        await a.EnsureAsync(CancellationToken.None);
        await b.EnsureAsync(CancellationToken.None);

        Assert.That(b.Current!.Thumbprint, Is.EqualTo(a.Current!.Thumbprint));
    }

    [Test]
    public void A_mounted_certificate_is_reloaded_when_its_files_change()
    {
        var dir = Directory.CreateTempSubdirectory("jobset-certs-").FullName;
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var one = CertificateBundle.Create("a.example", time.GetUtcNow());
            File.WriteAllText(Path.Combine(dir, "tls.crt"), one.CertificatePem);
            File.WriteAllText(Path.Combine(dir, "tls.key"), one.KeyPem);
            using var mounted = new MountedCertificate(dir, time);
            var first = mounted.Current!.Thumbprint;

            var two = one.Renew("a.example", time.GetUtcNow());
            File.WriteAllText(Path.Combine(dir, "tls.crt"), two.CertificatePem);
            File.WriteAllText(Path.Combine(dir, "tls.key"), two.KeyPem);
            File.SetLastWriteTimeUtc(Path.Combine(dir, "tls.crt"), DateTime.UtcNow.AddMinutes(1));
            var beforeRecheck = mounted.Current!.Thumbprint;
            time.Advance(TimeSpan.FromSeconds(11));

            Assert.That(beforeRecheck, Is.EqualTo(first));
            Assert.That(mounted.Current!.Thumbprint, Is.Not.EqualTo(first));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_missing_mounted_certificate_is_one_error_naming_the_file()
    {
        var ex = Assert.Throws<IOException>(() => _ = new MountedCertificate("/nonexistent-dir", TimeProvider.System));

        Assert.That(ex!.Message, Does.StartWith("cannot load the webhook certificate from /nonexistent-dir/tls.crt"));
    }
}
