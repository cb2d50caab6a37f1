namespace JobSet.Core.Planning;

/// <summary>
/// A Kubernetes event on the JobSet, as data. Upstream emits these only after its status
/// write succeeds, so an applier should do the same.
/// </summary>
/// <param name="Type"><c>Normal</c> or <c>Warning</c>.</param>
/// <param name="Reason">A CamelCase reason, as upstream spells it.</param>
/// <param name="Message">A human readable sentence, as upstream words it.</param>
public sealed record PlanEvent(string Type, string Reason, string Message);

/// <summary>Kubernetes event types.</summary>
public static class EventType
{
    /// <summary>An expected transition.</summary>
    public const string Normal = "Normal";

    /// <summary>Something went wrong (a failure, a restart).</summary>
    public const string Warning = "Warning";
}
