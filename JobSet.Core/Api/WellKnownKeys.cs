namespace JobSet.Core.Api;

/// <summary>
/// Label and annotation keys JobSet reads or writes, spelled exactly as upstream so that
/// other tools (Kueue, schedulers, dashboards) see the same keys.
/// </summary>
public static class WellKnownKeys
{
    /// <summary>The owning JobSet's name, on Jobs, pods and the Service selector.</summary>
    public const string JobSetName = "jobset.sigs.k8s.io/jobset-name";

    /// <summary>The owning JobSet's UID.</summary>
    public const string JobSetUid = "jobset.sigs.k8s.io/jobset-uid";

    /// <summary>The number of replicas of the Job's ReplicatedJob.</summary>
    public const string ReplicatedJobReplicas = "jobset.sigs.k8s.io/replicatedjob-replicas";

    /// <summary>The total number of Jobs across all ReplicatedJobs.</summary>
    public const string GlobalReplicas = "jobset.sigs.k8s.io/global-replicas";

    /// <summary>The name of the Job's ReplicatedJob.</summary>
    public const string ReplicatedJobName = "jobset.sigs.k8s.io/replicatedjob-name";

    /// <summary>The Job's index within its ReplicatedJob.</summary>
    public const string JobIndex = "jobset.sigs.k8s.io/job-index";

    /// <summary>The Job's index across all ReplicatedJobs.</summary>
    public const string JobGlobalIndex = "jobset.sigs.k8s.io/job-global-index";

    /// <summary>SHA-1 of <c>&lt;namespace&gt;/&lt;job name&gt;</c>: a short, unique label value per Job.</summary>
    public const string JobKey = "jobset.sigs.k8s.io/job-key";

    /// <summary>Annotation: the node label key whose domains each Job gets to itself.</summary>
    public const string ExclusiveTopology = "alpha.jobset.sigs.k8s.io/exclusive-topology";

    /// <summary>Annotation: exclusive placement through node selectors set up by the user.</summary>
    public const string NodeSelectorStrategy = "alpha.jobset.sigs.k8s.io/node-selector";

    /// <summary>Node label used by the node-selector strategy: <c>&lt;namespace&gt;_&lt;job name&gt;</c>.</summary>
    public const string NamespacedJob = "alpha.jobset.sigs.k8s.io/namespaced-job";

    /// <summary>Taint key tolerated by pods of the node-selector strategy.</summary>
    public const string NoScheduleTaint = "alpha.jobset.sigs.k8s.io/no-schedule";

    /// <summary>The coordinator's stable endpoint, on Jobs and pods.</summary>
    public const string Coordinator = "jobset.sigs.k8s.io/coordinator";

    /// <summary>The ReplicatedJob's group name.</summary>
    public const string GroupName = "jobset.sigs.k8s.io/group-name";

    /// <summary>The number of Jobs in the Job's group.</summary>
    public const string GroupReplicas = "jobset.sigs.k8s.io/group-replicas";

    /// <summary>The Job's index within its group.</summary>
    public const string JobGroupIndex = "jobset.sigs.k8s.io/job-group-index";

    /// <summary>The in-place restart attempt a pod has reached (InPlaceRestart).</summary>
    public const string InPlaceRestartAttempt = "jobset.sigs.k8s.io/in-place-restart-attempt";

    /// <summary>Annotation that turns in-place restart off for a JobSet.</summary>
    public const string DisableInPlaceRestart = "jobset.sigs.k8s.io/disable-in-place-restart";

    /// <summary>The JobSet restart attempt (status.restarts) a Job was created for.</summary>
    public const string RestartAttempt = "jobset.sigs.k8s.io/restart-attempt";

    /// <summary>The per-Job restart attempt a Job was created for (RestartJob).</summary>
    public const string JobRestartAttempt = "jobset.sigs.k8s.io/job-restart-attempt";

    /// <summary>Pod label holding the pod's priority, used by exclusive placement.</summary>
    public const string Priority = "jobset.sigs.k8s.io/priority";

    /// <summary>Kubernetes' completion-index annotation and label on pods of Indexed Jobs.</summary>
    public const string JobCompletionIndex = "batch.kubernetes.io/job-completion-index";

    /// <summary>Kubernetes' job-name label on pods.</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <summary>Kubernetes' controller-uid label on pods.</summary>
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
}
