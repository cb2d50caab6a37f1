using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The fields of a child Job an <see cref="UpdateAction"/> changes, so that a controller sends
/// these fields alone (a patch) instead of the whole Job, and so can keep Jobs in its cache
/// without the parts the planner never reads (the pod template). Every value comes from the
/// JobSet's spec, never from the observed Job.
/// </summary>
public sealed record JobChanges
{
    /// <summary>The new <c>spec.suspend</c> (suspend, resume); null when the update leaves it alone.</summary>
    public bool? Suspend { get; init; }

    /// <summary>An elastic resize: <c>spec.parallelism</c> and <c>spec.completions</c> become <see cref="Parallelism"/> and <see cref="Completions"/>.</summary>
    public bool Scales { get; init; }

    /// <summary>The new <c>spec.parallelism</c> when <see cref="Scales"/>.</summary>
    public int? Parallelism { get; init; }

    /// <summary>The new <c>spec.completions</c> when <see cref="Scales"/>.</summary>
    public int? Completions { get; init; }

    /// <summary>A resume's pod template changes; null when the update leaves the template alone.</summary>
    public PodTemplateChanges? Template { get; init; }

    /// <summary>
    /// Whether the write needs the Job unchanged since it was observed (its resourceVersion as a
    /// precondition), as upstream's full Update of a suspend or resume has; an elastic resize is a
    /// plain patch, as upstream's.
    /// </summary>
    public bool OnObservedVersion => Suspend is not null;
}

/// <summary>
/// A resume's changes to a Job's pod template: the ReplicatedJob template's labels and annotations
/// merged into the Job's (other controllers add their own, which stay), and the scheduling
/// directives replaced by exactly those the Job would be built with now.
/// </summary>
/// <param name="Labels">Merged into <c>spec.template.metadata.labels</c>.</param>
/// <param name="Annotations">Merged into <c>spec.template.metadata.annotations</c>.</param>
/// <param name="NodeSelector">Replaces <c>spec.template.spec.nodeSelector</c> (null removes it).</param>
/// <param name="Tolerations">Replaces <c>spec.template.spec.tolerations</c> (null removes them).</param>
/// <param name="SchedulingGates">Replaces <c>spec.template.spec.schedulingGates</c> (null removes them).</param>
public sealed record PodTemplateChanges(
    IDictionary<string, string>? Labels,
    IDictionary<string, string>? Annotations,
    IDictionary<string, string>? NodeSelector,
    IList<V1Toleration>? Tolerations,
    IList<V1PodSchedulingGate>? SchedulingGates);
