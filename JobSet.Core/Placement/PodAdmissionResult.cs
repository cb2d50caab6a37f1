using k8s.Models;

namespace JobSet.Core.Placement;

/// <summary>
/// What the pod webhooks answer for one pod creation, the document <c>jobset admit-pod</c> prints.
/// </summary>
/// <param name="Allowed">Whether the pod may be created.</param>
/// <param name="Message">Upstream's denial message; empty when allowed.</param>
/// <param name="Pod">The pod after defaulting; the pod as given when defaulting itself was denied.</param>
public sealed record PodAdmissionResult(bool Allowed, string Message, V1Pod Pod);
