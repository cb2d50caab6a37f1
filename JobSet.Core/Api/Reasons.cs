namespace JobSet.Core.Api;

/// <summary>Condition and event reasons, spelled exactly as upstream.</summary>
public static class Reasons
{
    /// <summary>Failed: the JobSet reached failurePolicy.maxRestarts.</summary>
    public const string ReachedMaxRestarts = "ReachedMaxRestarts";

    /// <summary>Failed: a Job failed and no restart applies.</summary>
    public const string FailedJobs = "FailedJobs";

    /// <summary>Completed: the success policy is met.</summary>
    public const string AllJobsCompleted = "AllJobsCompleted";

    /// <summary>Event: creating a Job failed.</summary>
    public const string JobCreationFailed = "JobCreationFailed";

    /// <summary>Event: creating the headless Service failed.</summary>
    public const string HeadlessServiceCreationFailed = "HeadlessServiceCreationFailed";

    /// <summary>Event: creating a PersistentVolumeClaim failed.</summary>
    public const string PvcCreationFailed = "PVCCreationFailed";

    /// <summary>Pod condition: a follower landed outside its leader's topology domain.</summary>
    public const string ExclusivePlacementViolation = "ExclusivePlacementViolation";

    /// <summary>StartupPolicyInProgress.</summary>
    public const string InOrderStartupPolicyInProgress = "InOrderStartupPolicyInProgress";

    /// <summary>StartupPolicyCompleted.</summary>
    public const string InOrderStartupPolicyCompleted = "InOrderStartupPolicyCompleted";

    /// <summary>The reason of a restart.</summary>
    public const string Restarting = "Restarting";

    /// <summary>RestartingJobSet: a restart without a failure policy.</summary>
    public const string RestartingDefaultFailurePolicy = "DefaultFailurePolicy";

    /// <summary>RestartingJobSet: a restart by a rule; format with the rule name.</summary>
    public const string RestartingFailurePolicyFormat = "FailurePolicy_{0}";

    /// <summary>RestartingJobSet turns False: all Jobs are ready again.</summary>
    public const string RestartingJobsReady = "JobsReady";

    /// <summary>RestartingJobSet turns False: the JobSet failed.</summary>
    public const string RestartingJobSetFailed = "JobSetFailed";

    /// <summary>RestartingJobSet turns False: the JobSet completed.</summary>
    public const string RestartingJobSetCompleted = "JobSetCompleted";

    /// <summary>RestartingJobSet turns False: the JobSet was suspended.</summary>
    public const string RestartingJobSetSuspended = "JobSetSuspended";

    /// <summary>Suspended True.</summary>
    public const string JobSetSuspended = "SuspendedJobs";

    /// <summary>Suspended False after a resume.</summary>
    public const string JobSetResumed = "ResumeJobs";

    /// <summary>Failure-policy action FailJobSet applied.</summary>
    public const string FailJobSetAction = "FailJobSetFailurePolicyAction";

    /// <summary>Failure-policy action RestartJobSet applied.</summary>
    public const string RestartJobSetAction = "RestartJobSetFailurePolicyAction";

    /// <summary>Failure-policy action RestartJobSetAndIgnoreMaxRestarts applied.</summary>
    public const string RestartJobSetAndIgnoreMaxRestartsAction = "RestartJobSetAndIgnoreMaxRestartsFailurePolicyAction";

    /// <summary>Failure-policy action RestartJob applied.</summary>
    public const string RestartJobAction = "RestartJobFailurePolicyAction";

    /// <summary>Failure-policy action RestartJobAndIgnoreMaxRestarts applied.</summary>
    public const string RestartJobAndIgnoreMaxRestartsAction = "RestartJobAndIgnoreMaxRestartsFailurePolicyAction";
}

/// <summary>Condition and event messages, worded exactly as upstream.</summary>
public static class Messages
{
    /// <summary>With <see cref="Reasons.ReachedMaxRestarts"/>.</summary>
    public const string ReachedMaxRestarts = "jobset failed due to reaching max number of restarts";

    /// <summary>With <see cref="Reasons.FailedJobs"/>.</summary>
    public const string FailedJobs = "jobset failed due to one or more job failures";

    /// <summary>With <see cref="Reasons.AllJobsCompleted"/>.</summary>
    public const string AllJobsCompleted = "jobset completed successfully";

    /// <summary>With <see cref="Reasons.ExclusivePlacementViolation"/>.</summary>
    public const string ExclusivePlacementViolation = "Pod violated JobSet exclusive placement policy";

    /// <summary>With <see cref="Reasons.InOrderStartupPolicyInProgress"/>.</summary>
    public const string InOrderStartupPolicyInProgress = "in order startup policy is in progress";

    /// <summary>With <see cref="Reasons.InOrderStartupPolicyCompleted"/>.</summary>
    public const string InOrderStartupPolicyCompleted = "in order startup policy has completed";

    /// <summary>With <see cref="Reasons.RestartingJobsReady"/>.</summary>
    public const string RestartingJobsReady = "all jobs are ready";

    /// <summary>With <see cref="Reasons.RestartingJobSetFailed"/>.</summary>
    public const string RestartingJobSetFailed = "jobset failed";

    /// <summary>With <see cref="Reasons.JobSetSuspended"/>.</summary>
    public const string JobSetSuspended = "jobset is suspended";

    /// <summary>With <see cref="Reasons.JobSetResumed"/>.</summary>
    public const string JobSetResumed = "jobset is resumed";

    /// <summary>With <see cref="Reasons.FailJobSetAction"/>.</summary>
    public const string FailJobSetAction = "applying FailJobSet failure policy action";

    /// <summary>With <see cref="Reasons.RestartJobSetAction"/>.</summary>
    public const string RestartJobSetAction = "applying RestartJobSet failure policy action";

    /// <summary>With <see cref="Reasons.RestartJobSetAndIgnoreMaxRestartsAction"/>.</summary>
    public const string RestartJobSetAndIgnoreMaxRestartsAction = "applying RestartJobSetAndIgnoreMaxRestarts failure policy action";

    /// <summary>With <see cref="Reasons.RestartJobAction"/>.</summary>
    public const string RestartJobAction = "applying RestartJob failure policy action";

    /// <summary>With <see cref="Reasons.RestartJobAndIgnoreMaxRestartsAction"/>.</summary>
    public const string RestartJobAndIgnoreMaxRestartsAction = "applying RestartJobAndIgnoreMaxRestarts failure policy action";
}
