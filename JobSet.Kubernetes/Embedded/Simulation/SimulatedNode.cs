using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>A node the simulation creates at start.</summary>
/// <param name="Name">The node name.</param>
/// <param name="Labels">The node labels (topology keys, pools, ...).</param>
/// <param name="Taints">The node taints.</param>
/// <param name="PodCapacity">How many pods the node holds.</param>
public sealed record SimulatedNode(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<V1Taint> Taints,
    int PodCapacity);
