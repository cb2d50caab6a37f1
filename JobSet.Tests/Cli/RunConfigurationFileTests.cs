using JobSet.Host.Cli;
using JobSet.Host.Running;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary><c>jobset run --config FILE</c> reads upstream's Configuration file; what it cannot read is one line and exit 2.</summary>
public sealed class RunConfigurationFileTests
{
    [Test]
    public void Upstream_fields_become_run_settings()
    {
        var settings = ConfigurationFile.Read("c.yaml", """
            apiVersion: config.jobset.x-k8s.io/v1alpha1
            kind: Configuration
            leaderElection:
              leaderElect: true
              resourceNamespace: team-ops
            metrics:
              bindAddress: 127.0.0.1:9090
            health:
              healthProbeBindAddress: 127.0.0.1:9091
            webhook:
              port: 9443
              certDir: /certs
            clientConnection:
              qps: 50
              burst: 100
            featureGates:
              RestartJob: true
            internalCertManagement:
              enable: false
            """);

        Assert.That(
            (settings.LeaderElect, settings.Namespace, settings.MetricsBindAddress, settings.HealthProbeBindAddress, settings.WebhookBindAddress, settings.WebhookCertDir, settings.ClientQps, settings.ClientBurst, settings.FeatureGates.RestartJob),
            Is.EqualTo((true, "team-ops", "127.0.0.1:9090", "127.0.0.1:9091", ":9443", "/certs", 50.0, 100, true)));
    }

    [TestCase("apiVersion: v1\nkind: Configuration\n", "expected apiVersion config.jobset.x-k8s.io/v1alpha1 and kind Configuration")]
    [TestCase("apiVersion: config.jobset.x-k8s.io/v1alpha1\nkind: Configuration\nmetricz: {}\n", "metricz: unknown field")]
    [TestCase("apiVersion: config.jobset.x-k8s.io/v1alpha1\nkind: Configuration\nleaderElection:\n  leaderElect: yes please\n", "leaderElection.leaderElect: expected true or false")]
    [TestCase("apiVersion: config.jobset.x-k8s.io/v1alpha1\nkind: Configuration\nfeatureGates:\n  Teleport: true\n", "featureGates.Teleport: unknown feature gate (known: RestartJob, ElasticJobSet, InPlaceRestart)")]
    [TestCase("apiVersion: config.jobset.x-k8s.io/v1alpha1\nkind: Configuration\nclientConnection:\n  qps: -1\n", "clientConnection.qps: expected a non-negative number")]
    public void A_file_it_cannot_read_is_one_line_and_exit_2(string yaml, string message)
    {
        var path = Path.Combine(Path.GetTempPath(), "jobset-config-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        File.WriteAllText(path, yaml);
        try
        {
            var result = CliRunner.Run("run", "--config", path, "--listen", "127.0.0.1:0");

            Assert.That((result.ExitCode, result.ErrorLines), Is.EqualTo((ExitCodes.Usage, new[] { $"jobset run: --config {path}: {message}" })));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
