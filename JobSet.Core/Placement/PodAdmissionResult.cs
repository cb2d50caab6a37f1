using k8s.Models;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>The pod may be created.</summary>
/// <param name="Pod">The pod after defaulting.</param>
public sealed record PodAllowed(V1Pod Pod);

/// <summary>The pod may not be created.</summary>
/// <param name="Denial">Why, in upstream's words.</param>
/// <param name="Pod">The pod after defaulting; the pod as given when defaulting itself was denied.</param>
public sealed record PodDenied(PlacementDenial Denial, V1Pod Pod);

/// <summary>
/// What the pod webhooks answer for one pod creation: <see cref="PodAllowed"/> or
/// <see cref="PodDenied"/>; the document <c>jobset admit-pod</c> prints.
/// </summary>
public sealed class PodAdmissionResult : OneOfBase<PodAllowed, PodDenied>
{
    private PodAdmissionResult(OneOf<PodAllowed, PodDenied> value)
        : base(value)
    {
    }

    /// <summary>Wraps the allowed outcome.</summary>
    public static implicit operator PodAdmissionResult(PodAllowed value) => new(value);

    /// <summary>Wraps a denial.</summary>
    public static implicit operator PodAdmissionResult(PodDenied value) => new(value);

    /// <summary>Whether the pod may be created.</summary>
    public bool Allowed => IsT0;

    /// <summary>Upstream's denial message; empty when allowed.</summary>
    public string Message => Match(_ => "", denied => denied.Denial.Message);

    /// <summary>The pod after defaulting (as given when defaulting was denied).</summary>
    public V1Pod Pod => Match(allowed => allowed.Pod, denied => denied.Pod);
}
