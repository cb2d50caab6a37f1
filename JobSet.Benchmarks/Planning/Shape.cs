namespace JobSet.Benchmarks.Planning;

/// <summary>The two JobSet shapes every planner suite runs, each with N child Jobs in total.</summary>
public enum Shape
{
    /// <summary>One ReplicatedJob of N single-pod Jobs (upstream's 15,000-node scale test).</summary>
    OneReplicatedJob,

    /// <summary>A multislice-like JobSet: 4 ReplicatedJobs sharing the N Jobs (150 = 38 + 38 + 37 + 37), parallelism 4, exclusive topology.</summary>
    Multislice,
}
