using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// One pod creation through both of upstream's pod webhooks, in the API server's order:
/// defaulting (<see cref="PodMutation"/>) then validation (<see cref="PodValidation"/>) of
/// the defaulted pod.
/// </summary>
public static class PodAdmission
{
    /// <summary>Admits or denies the pod against the observed pods and nodes.</summary>
    public static PodAdmissionResult Admit(V1Pod pod, PlacementIndex index)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(index);
        return PodMutation.Apply(pod, index).Match(
            mutated => PodValidation.ValidateCreate(mutated, index).Match(
                _ => (PodAdmissionResult)new PodAllowed(mutated),
                denial => new PodDenied(denial, mutated)),
            denial => new PodDenied(denial, pod));
    }
}
