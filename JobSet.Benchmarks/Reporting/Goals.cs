namespace JobSet.Benchmarks.Reporting;

/// <summary>One measured reconcile against its baseline in the same class, with its goal.</summary>
/// <param name="Suite">The suite's number and name as docs/performance.md lists them.</param>
/// <param name="Type">The benchmark class.</param>
/// <param name="Method">The measured method.</param>
/// <param name="Baseline">The baseline method of the same class (Baseline = true).</param>
/// <param name="TimeGoal">The highest acceptable ratio of median times.</param>
/// <param name="BytesGoal">The highest acceptable ratio of allocated bytes, if the suite has one.</param>
internal sealed record Goal(string Suite, string Type, string Method, string Baseline, double TimeGoal, double? BytesGoal)
{
    /// <summary>Suite 4's goal: time at N = 15,000 over time at N = 1,500 (10 when linear, 100 when quadratic).</summary>
    public const double ScalingGoal = 11;

    /// <summary>Suite 2's allocation goal: bytes at the largest N over bytes at the smallest.</summary>
    public const double SteadyGrowthGoal = 1.1;

    /// <summary>Suite 9's goal: pods of the new attempt Running per second of recovery, upstream's figure at 15,000 nodes.</summary>
    public const double RecoveryPodsPerSecondGoal = 290;

    /// <summary>Suite 10's goal: a request whose result does not grow (get, selected list, create, watch) costs at most this much more at 10x the objects of its kind.</summary>
    public const double FlatInKindSizeGoal = 1.5;

    /// <summary>Every planner figure.</summary>
    public static IReadOnlyList<Goal> All { get; } =
    [
        new("1 fresh", "FreshPlanBenchmarks", "PlanFresh", "BuildJobsByHand", 1.3, 1.3),
        new("2 steady", "SteadyStateBenchmarks", "PlanSteady", "ReadLabels", 3, null),
        new("3 recovery", "FailureRecoveryBenchmarks", "CountRestart", "BuildJobsByHand", 1.5, null),
        new("3 recovery", "FailureRecoveryBenchmarks", "DeletePrevious", "BuildJobsByHand", 1.5, null),
        new("3 recovery", "FailureRecoveryBenchmarks", "Recreate", "BuildJobsByHand", 1.5, null),
    ];
}
