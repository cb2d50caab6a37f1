namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>Where a pod goes: a node name, or null with the scheduler's "0/N nodes are available" message.</summary>
/// <param name="NodeName">The chosen node, or null when no node fits.</param>
/// <param name="Message">Why no node fits (empty when one does).</param>
internal sealed record SchedulingDecision(string? NodeName, string Message);
