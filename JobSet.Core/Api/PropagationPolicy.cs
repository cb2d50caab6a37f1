namespace JobSet.Core.Api;

/// <summary>
/// Deletion propagation policies (<c>DeleteOptions.propagationPolicy</c>), as the planner's
/// <c>DeleteAction</c> and placement's <c>DeletePod</c> carry them.
/// </summary>
public static class PropagationPolicy
{
    /// <summary>Dependents are deleted before the owner disappears (the JobSet controller's child Jobs).</summary>
    public const string Foreground = "Foreground";

    /// <summary>The owner disappears at once and the garbage collector deletes dependents (upstream's pod controller).</summary>
    public const string Background = "Background";
}
