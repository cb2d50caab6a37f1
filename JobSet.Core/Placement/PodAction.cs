using JobSet.Core.Api;
using k8s.Models;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>
/// Write the pod's status with a DisruptionTarget condition, so that a Job's podFailurePolicy
/// can tell this deletion apart from a real failure.
/// </summary>
/// <param name="Pod">The pod as observed, with the condition already set: the body of a status update.</param>
/// <param name="Condition">The condition that was set.</param>
public sealed record MarkDisruptionTarget(V1Pod Pod, V1PodCondition Condition);

/// <summary>Delete the pod; a pod already gone counts as deleted. Shaped as the planner's <c>DeleteAction</c>.</summary>
/// <param name="Pod">The pod as observed; its namespace, name and UID (usable as a delete precondition) identify it.</param>
/// <param name="PropagationPolicy">The propagation policy upstream deletes with (<see cref="Api.PropagationPolicy.Background"/>).</param>
public sealed record DeletePod(V1Pod Pod, string PropagationPolicy)
{
    /// <summary>The pod's namespace (<c>default</c> when it names none).</summary>
    public string Namespace => Pod.NamespaceOrDefault();

    /// <summary>The pod's name.</summary>
    public string Name => Pod.Metadata?.Name ?? "";

    /// <summary>The pod's UID as observed, usable as a delete precondition.</summary>
    public string? Uid => Pod.Metadata?.Uid;
}

/// <summary>One step the pod controller asks the cluster adapter to take.</summary>
public sealed class PodAction : OneOfBase<MarkDisruptionTarget, DeletePod>
{
    private PodAction(OneOf<MarkDisruptionTarget, DeletePod> value)
        : base(value)
    {
    }

    /// <summary>Wraps a status update.</summary>
    public static implicit operator PodAction(MarkDisruptionTarget value) => new(value);

    /// <summary>Wraps a deletion.</summary>
    public static implicit operator PodAction(DeletePod value) => new(value);

    /// <summary>The name of the pod the action is for.</summary>
    public string PodName => Match(mark => mark.Pod.Metadata?.Name ?? "", delete => delete.Name);
}
