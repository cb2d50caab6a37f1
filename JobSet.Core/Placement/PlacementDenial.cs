namespace JobSet.Core.Placement;

/// <summary>
/// Why exclusive placement cannot go ahead right now, worded as upstream. Every case is
/// transient from the cluster's point of view: the Job controller retries pod creation, and
/// the pod controller requeues, until the leader and its node are observable.
/// </summary>
/// <param name="Message">One line, upstream's wording.</param>
public sealed record PlacementDenial(string Message);
