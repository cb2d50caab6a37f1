using JobSet.Kubernetes.Embedded;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>One embedded cluster per fixture, on an ephemeral loopback port, with a KubernetesClient.</summary>
public abstract class ApiTestBase
{
    protected EmbeddedCluster Cluster { get; private set; } = null!;

    protected k8s.Kubernetes Client { get; private set; } = null!;

    /// <summary>A namespace of this fixture's own, so fixtures do not see each other's objects.</summary>
    protected string Ns { get; private set; } = "";

    protected virtual void Configure(EmbeddedClusterOptions options)
    {
    }

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        var options = new EmbeddedClusterOptions
        {
            Listen = "127.0.0.1:0",
            SimulateWorkloads = false,
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        };
        Configure(options);
        Cluster = await EmbeddedCluster.StartAsync(options);
        Client = new k8s.Kubernetes(Cluster.ClientConfiguration());
        Ns = "t-" + GetType().Name.ToLowerInvariant();
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        Client?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>A unique object name for one test.</summary>
    protected static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    protected static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };

    protected static V1Pod Pod(string name, string? node = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [new V1Container { Name = "main", Image = "busybox", Env = [new V1EnvVar { Name = "A", Value = "1" }] }],
        },
    };

    /// <summary>The HTTP code and Status reason of a failed call.</summary>
    protected static async Task<(int Code, string Reason, string Message)> Failure(Func<Task> call)
    {
        var ex = Assert.ThrowsAsync<HttpOperationException>(async () => await call());
        var status = KubernetesJson.Deserialize<V1Status>(ex!.Response.Content);
        await Task.CompletedTask;
        return ((int)ex.Response.StatusCode, status.Reason, status.Message);
    }
}
