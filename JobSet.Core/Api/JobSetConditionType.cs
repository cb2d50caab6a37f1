namespace JobSet.Core.Api;

/// <summary>Condition types of <see cref="V1alpha2JobSetStatus.Conditions"/>, as upstream spells them.</summary>
public static class JobSetConditionType
{
    /// <summary>All target Jobs completed.</summary>
    public const string Completed = "Completed";

    /// <summary>The JobSet failed.</summary>
    public const string Failed = "Failed";

    /// <summary>The JobSet is suspended.</summary>
    public const string Suspended = "Suspended";

    /// <summary>A restart is under way.</summary>
    public const string Restarting = "RestartingJobSet";

    /// <summary>InOrder startup has not finished.</summary>
    public const string StartupPolicyInProgress = "StartupPolicyInProgress";

    /// <summary>InOrder startup has finished.</summary>
    public const string StartupPolicyCompleted = "StartupPolicyCompleted";
}

/// <summary>Values of <see cref="V1alpha2JobSetStatus.TerminalState"/>.</summary>
public static class TerminalState
{
    /// <summary>The JobSet completed.</summary>
    public const string Completed = JobSetConditionType.Completed;

    /// <summary>The JobSet failed.</summary>
    public const string Failed = JobSetConditionType.Failed;
}
