using k8s.Models;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>The outcome of pod defaulting: the mutated pod, or a denial that stops its creation.</summary>
public sealed class PodMutationResult : OneOfBase<V1Pod, PlacementDenial>
{
    private PodMutationResult(OneOf<V1Pod, PlacementDenial> value)
        : base(value)
    {
    }

    /// <summary>Wraps the mutated pod.</summary>
    public static implicit operator PodMutationResult(V1Pod pod) => new(pod);

    /// <summary>Wraps a denial.</summary>
    public static implicit operator PodMutationResult(PlacementDenial denial) => new(denial);

    /// <summary>Whether defaulting succeeded.</summary>
    public bool Succeeded => IsT0;
}
