namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// Annotations that steer the simulated kubelet. Put them on a pod template (a Job's or a
/// JobSet's ReplicatedJob's) or directly on a pod; the simulated Job controller copies them
/// from the template onto every pod it creates.
/// </summary>
public static class SimulationAnnotations
{
    /// <summary>The prefix of every simulation annotation.</summary>
    public const string Prefix = "sim.jobset.x-k8s.io/";

    /// <summary>
    /// How long the containers run before they exit, in seconds (a decimal number), or
    /// <c>forever</c>. Default: <see cref="SimulationOptions.DefaultRunTime"/>.
    /// </summary>
    public const string RunSeconds = Prefix + "run-seconds";

    /// <summary>The exit code the containers end with (default 0; with a fail-* annotation, a failing attempt that has none uses 1).</summary>
    public const string ExitCode = Prefix + "exit-code";

    /// <summary>Comma-separated completion indexes whose pods fail; pods of the other indexes succeed.</summary>
    public const string FailIndex = Prefix + "fail-index";

    /// <summary>
    /// Fail the first N attempts, then succeed. An attempt counts the earlier failed pods of the
    /// same completion index (or of the Job when NonIndexed), the container restarts in the
    /// pod and the JobSet restart attempt (label <c>jobset.sigs.k8s.io/restart-attempt</c>).
    /// </summary>
    public const string FailAttempts = Prefix + "fail-attempts";

    /// <summary>
    /// Fault injection: on a pod, the pod fails now (phase Failed, whatever its restartPolicy);
    /// on a Job, all its active pods fail now and the annotation is removed. The value is the
    /// exit code (a non-number means 1).
    /// </summary>
    public const string FailNow = Prefix + "fail-now";

    /// <summary>Written by the simulated Job controller on each pod: the attempt number the pod starts with.</summary>
    public const string Attempt = Prefix + "attempt";
}
