using JobSet.Core.Admission;
using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>
/// Per-ReplicatedJob facts derived once per reconcile (replicas, global and group offsets),
/// so that labelling a Job never scans the spec again.
/// </summary>
internal sealed class JobSetLayout
{
    private readonly Dictionary<string, ReplicatedJobLayout> byName = new(StringComparer.Ordinal);

    public JobSetLayout(V1alpha2JobSet jobSet)
    {
        var rjobs = jobSet.Spec.ReplicatedJobs ?? [];
        var groupTotals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rjob in rjobs)
        {
            var group = GroupOf(rjob);
            groupTotals[group] = groupTotals.GetValueOrDefault(group) + rjob.Replicas();
        }

        var global = 0;
        var groupOffsets = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<ReplicatedJobLayout>(rjobs.Count);
        foreach (var rjob in rjobs)
        {
            var group = GroupOf(rjob);
            var replicas = rjob.Replicas();
            var groupStart = groupOffsets.GetValueOrDefault(group);
            var layout = new ReplicatedJobLayout(rjob, replicas, group, global, groupTotals[group], groupStart);
            list.Add(layout);
            byName.TryAdd(rjob.Name, layout);
            global += replicas;
            groupOffsets[group] = groupStart + replicas;
        }

        ReplicatedJobs = list;
        GlobalReplicas = global;
    }

    /// <summary>The ReplicatedJobs in spec order.</summary>
    public IReadOnlyList<ReplicatedJobLayout> ReplicatedJobs { get; }

    /// <summary>The total number of Jobs across all ReplicatedJobs.</summary>
    public int GlobalReplicas { get; }

    public ReplicatedJobLayout? Find(string? name) =>
        name is not null && byName.TryGetValue(name, out var layout) ? layout : null;

    public static string GroupOf(V1alpha2ReplicatedJob rjob) => rjob.GroupName ?? JobSetDefaulter.DefaultGroupName;
}

/// <summary>One ReplicatedJob with its offsets in the JobSet and in its group.</summary>
internal sealed record ReplicatedJobLayout(
    V1alpha2ReplicatedJob Spec,
    int Replicas,
    string GroupName,
    int GlobalStart,
    int GroupReplicas,
    int GroupStart)
{
    public string Name => Spec.Name;
}
