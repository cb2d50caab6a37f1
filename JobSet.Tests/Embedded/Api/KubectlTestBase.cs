using JobSet.Kubernetes.Embedded;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// An embedded cluster whose kubeconfig is written to a directory of the fixture's own, with the
/// real kubectl pointed at it; every test skips with "kubectl not found" where kubectl is missing.
/// </summary>
public abstract class KubectlTestBase : ApiTestBase
{
    private string directory = "";

    /// <summary>kubectl with this fixture's kubeconfig.</summary>
    private protected KubectlRunner Kubectl { get; private set; } = null!;

    /// <summary>Settings of the cluster beyond its kubeconfig path.</summary>
    protected virtual void ConfigureCluster(EmbeddedClusterOptions options)
    {
    }

    protected sealed override void Configure(EmbeddedClusterOptions options)
    {
        directory = Path.Combine(Path.GetTempPath(), "jobset-kubectl-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        options.KubeconfigPath = Path.Combine(directory, "kubeconfig.yaml");
        ConfigureCluster(options);
    }

    [OneTimeSetUp]
    public void CreateKubectlRunner() => Kubectl = new KubectlRunner(Path.Combine(directory, "kubeconfig.yaml"), directory);

    [OneTimeTearDown]
    public void RemoveKubeconfigDirectory()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SetUp]
    public void RequireKubectl()
    {
        if (KubectlRunner.Find() is null)
        {
            Assert.Ignore("skipped: kubectl not found");
        }
    }
}
