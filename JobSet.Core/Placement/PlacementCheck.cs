using OneOf;

namespace JobSet.Core.Placement;

/// <summary>The pod is not a scheduled, live leader of an exclusive-placement Job: the pod controller ignores it.</summary>
public sealed record PlacementNotApplicable
{
    /// <summary>The single outcome.</summary>
    public static PlacementNotApplicable Instance { get; } = new();
}

/// <summary>Every follower selects the leader's topology domain: nothing to do.</summary>
public sealed record PlacementSatisfied
{
    /// <summary>The single outcome.</summary>
    public static PlacementSatisfied Instance { get; } = new();
}

/// <summary>A follower selects another domain (or none): every follower is marked, then deleted, to be recreated in the right domain.</summary>
/// <param name="Actions">For each follower in name order: the status update when needed, then the deletion.</param>
public sealed record PlacementViolated(IReadOnlyList<PodAction> Actions);

/// <summary>
/// The check cannot be decided from what was observed (the leader's node is unknown or
/// unlabelled, the leader lacks its job-key or owner): the controller retries later rather
/// than delete followers on incomplete information.
/// </summary>
/// <param name="Message">Upstream's wording of the error.</param>
public sealed record PlacementUndecided(string Message);

/// <summary>The pod controller's verdict on one leader.</summary>
public sealed class PlacementCheck : OneOfBase<PlacementNotApplicable, PlacementSatisfied, PlacementViolated, PlacementUndecided>
{
    private PlacementCheck(OneOf<PlacementNotApplicable, PlacementSatisfied, PlacementViolated, PlacementUndecided> value)
        : base(value)
    {
    }

    /// <summary>Wraps the not-applicable outcome.</summary>
    public static implicit operator PlacementCheck(PlacementNotApplicable value) => new(value);

    /// <summary>Wraps the satisfied outcome.</summary>
    public static implicit operator PlacementCheck(PlacementSatisfied value) => new(value);

    /// <summary>Wraps the violated outcome.</summary>
    public static implicit operator PlacementCheck(PlacementViolated value) => new(value);

    /// <summary>Wraps the undecided outcome.</summary>
    public static implicit operator PlacementCheck(PlacementUndecided value) => new(value);

    /// <summary>The actions to take (empty unless violated).</summary>
    public IReadOnlyList<PodAction> Actions => TryPickT2(out var violated, out _) ? violated.Actions : [];
}
