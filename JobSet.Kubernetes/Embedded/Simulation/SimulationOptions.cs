using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// How the simulated workloads behave: the nodes created at start, the default pod timings
/// and the seed of the simulation's random numbers (pod name suffixes).
/// </summary>
public sealed class SimulationOptions
{
    /// <summary>The node label holding the node pool, a topology key JobSet exclusive placement often uses.</summary>
    public const string NodePoolLabel = "cloud.google.com/gke-nodepool";

    /// <summary>The well-known zone label.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>The well-known hostname label.</summary>
    public const string HostnameLabel = "kubernetes.io/hostname";

    /// <summary>How many nodes to create when <see cref="Nodes"/> is empty (default 4).</summary>
    public int NodeCount { get; set; } = 4;

    /// <summary>Into how many node pools (<c>pool-0</c>, <c>pool-1</c>, ...) the generated nodes are split, in order (default 2).</summary>
    public int NodePools { get; set; } = 2;

    /// <summary>Over how many zones (<c>zone-a</c>, <c>zone-b</c>, ...) the node pools are spread (default 1).</summary>
    public int Zones { get; set; } = 1;

    /// <summary>The generated nodes' name prefix; names are prefix + index (default <c>sim-node-</c>).</summary>
    public string NodeNamePrefix { get; set; } = "sim-node-";

    /// <summary>Extra labels on every generated node.</summary>
    public IDictionary<string, string> NodeLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Taints on every generated node.</summary>
    public IList<V1Taint> NodeTaints { get; } = [];

    /// <summary>Pod capacity of each generated node (default 110, as a kubelet's default).</summary>
    public int PodsPerNode { get; set; } = 110;

    /// <summary>Explicit nodes; when non-empty they replace the generated ones.</summary>
    public IList<SimulatedNode> Nodes { get; } = [];

    /// <summary>Seed of the simulation's random numbers: the same seed and inputs give the same pod names.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How long containers run when a pod has no run-seconds annotation (default 5 s).</summary>
    public TimeSpan DefaultRunTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a bound pod stays Pending (pulling, creating containers) before it runs (default 1 s).</summary>
    public TimeSpan StartupTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the simulated controllers write core/v1 Events (Job pod creations and deletions, completion, failure, suspension; scheduling failures). Default on.</summary>
    public bool RecordEvents { get; set; } = true;

    /// <summary>
    /// How many threads the background simulation uses to reconcile the Jobs, and then the pods
    /// (kubelet), of one pass (default: the processor count, at most 4). The scheduler binds a
    /// pass's pending pods in order on one thread; <see cref="WorkloadSimulator.RunUntilIdle"/>
    /// always works on one thread, in order. Values below 1 mean 1.
    /// </summary>
    public int Workers { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// How many queued keys (Jobs, pods) one pass of the simulation takes at most (default 2,048;
    /// values below 1 mean 1). A pass takes a pod from created to Running, so a bounded pass lets
    /// the first pods of a large wave run while the rest are still being created, as in a real
    /// cluster, instead of after all of them; the keys left wait in the queue, in order. 2,048
    /// recovered 15,000 and 3,750 x 4 Jobs faster than 256 (whose many small passes cost more)
    /// and than no limit (docs/performance.md).
    /// </summary>
    public int MaxKeysPerPass { get; set; } = 2048;

    /// <summary>
    /// With a <see cref="VirtualTimeProvider"/> clock: how long (real time) the simulation must
    /// have been idle before the clock jumps to the next due timer (default 20 ms).
    /// </summary>
    public TimeSpan VirtualClockQuietPeriod { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The nodes to create: <see cref="Nodes"/>, or <see cref="NodeCount"/> generated ones.</summary>
    public IReadOnlyList<SimulatedNode> ResolveNodes()
    {
        if (Nodes.Count > 0)
        {
            return [.. Nodes];
        }

        var pools = Math.Max(1, NodePools);
        var zones = Math.Max(1, Zones);
        var perPool = Math.Max(1, (NodeCount + pools - 1) / pools);
        var result = new List<SimulatedNode>(NodeCount);
        for (var i = 0; i < NodeCount; i++)
        {
            var name = NodeNamePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var pool = Math.Min(i / perPool, pools - 1);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [HostnameLabel] = name,
                ["kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                [NodePoolLabel] = "pool-" + pool.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [ZoneLabel] = "zone-" + (char)('a' + (pool % zones)),
            };
            foreach (var (key, value) in NodeLabels)
            {
                labels[key] = value;
            }

            result.Add(new SimulatedNode(name, labels, [.. NodeTaints], PodsPerNode));
        }

        return result;
    }
}
