using System.Globalization;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// Builds the child Jobs of one ReplicatedJob exactly as upstream's constructJob: the template
/// copied once per Job, upstream's labels and annotations on the Job and its pod template, the
/// controller owner reference, suspend mirroring the JobSet, the subdomain when DNS hostnames
/// are on, the node-selector exclusive strategy and the volumes of volumeClaimPolicies.
/// Everything that does not depend on the Job index is computed once per ReplicatedJob.
/// </summary>
internal sealed class JobBuilder
{
    private readonly V1alpha2JobSet jobSet;
    private readonly ReplicatedJobLayout rjob;
    private readonly string @namespace;
    private readonly string jobSetName;
    private readonly V1JobSpec jobSpec;
    private readonly KeyValuePair<string, string>[] jobLabels;
    private readonly KeyValuePair<string, string>[] jobAnnotations;
    private readonly KeyValuePair<string, string>[] podLabels;
    private readonly KeyValuePair<string, string>[] podAnnotations;
    private readonly List<int>? jobRestarts;
    private readonly string? subdomain;
    private readonly bool suspend;
    private readonly List<V1Volume> claimVolumes;
    private readonly V1OwnerReference owner;

    public JobBuilder(V1alpha2JobSet jobSet, ReplicatedJobLayout rjob, int globalReplicas, FeatureGates gates)
    {
        this.jobSet = jobSet;
        this.rjob = rjob;
        @namespace = jobSet.NamespaceOrDefault();
        jobSetName = InputCheckStep.NameOf(jobSet);
        jobSpec = rjob.Spec.Template.Spec ?? new V1JobSpec();

        var common = new List<KeyValuePair<string, string>>
        {
            new(WellKnownKeys.JobSetName, jobSetName),
            new(WellKnownKeys.JobSetUid, jobSet.Metadata.Uid ?? ""),
            new(WellKnownKeys.ReplicatedJobName, rjob.Name),
            new(WellKnownKeys.RestartAttempt, Text(jobSet.Status?.Restarts ?? 0)),
            new(WellKnownKeys.ReplicatedJobReplicas, Text(rjob.Replicas)),
            new(WellKnownKeys.GlobalReplicas, Text(globalReplicas)),
            new(WellKnownKeys.GroupName, rjob.GroupName),
            new(WellKnownKeys.GroupReplicas, Text(rjob.GroupReplicas)),
        };
        if (jobSet.Spec.Coordinator is { } coordinator)
        {
            common.Add(new(WellKnownKeys.Coordinator, Naming.CoordinatorEndpoint(jobSet, coordinator)));
        }

        // Everything but the per-Job entries, merged and sorted once per ReplicatedJob.
        var exclusive = ExclusiveAnnotations(jobSet, rjob.Spec);
        var podTemplate = rjob.Spec.Template.Spec?.Template?.Metadata;
        jobLabels = SortedEntries(rjob.Spec.Template.Metadata?.Labels, common, []);
        jobAnnotations = SortedEntries(rjob.Spec.Template.Metadata?.Annotations, common, exclusive);
        podLabels = SortedEntries(podTemplate?.Labels, common, []);
        podAnnotations = SortedEntries(podTemplate?.Annotations, common, exclusive);
        jobRestarts = gates.RestartJob ? JobRestarts.Get(jobSet, rjob.Name) : null;
        subdomain = DnsHostnamesEnabled(jobSet) ? Naming.Subdomain(jobSet) : null;
        suspend = jobSet.Spec.Suspend ?? false;
        claimVolumes = ClaimVolumes(jobSet);
        owner = OwnerReference(jobSet);
    }

    /// <summary>Whether pods get hostnames through the headless Service (<c>network.enableDNSHostnames</c>).</summary>
    public static bool DnsHostnamesEnabled(V1alpha2JobSet jobSet) => jobSet.Spec.Network?.EnableDnsHostnames == true;

    /// <summary>The controller owner reference every object the JobSet makes carries.</summary>
    public static V1OwnerReference OwnerReference(V1alpha2JobSet jobSet) => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = ApiGroup.JobSetKind,
        Name = jobSet.Metadata.Name,
        Uid = jobSet.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>The Job with this index, as the controller creates it now.</summary>
    public V1Job Build(int jobIndex)
    {
        var name = Naming.JobName(jobSetName, rjob.Name, jobIndex);
        var spec = ModelCopy.Of(jobSpec)!;
        spec.Template ??= new V1PodTemplateSpec();
        spec.Template.Metadata ??= new V1ObjectMeta();
        spec.Template.Spec ??= new V1PodSpec();

        var perJob = PerJobEntries(name, jobIndex);
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = MergeSorted(jobLabels, perJob),
                Annotations = MergeSorted(jobAnnotations, perJob),
                OwnerReferences = [owner],
            },
            Spec = spec,
        };

        var podMeta = spec.Template.Metadata;
        podMeta.Labels = MergeSorted(podLabels, perJob);
        podMeta.Annotations = MergeSorted(podAnnotations, perJob);

        var podSpec = spec.Template.Spec;
        if (subdomain is not null)
        {
            podSpec.Subdomain = subdomain;
        }

        if (job.Metadata.Annotations.ContainsKey(WellKnownKeys.ExclusiveTopology)
            && job.Metadata.Annotations.ContainsKey(WellKnownKeys.NodeSelectorStrategy))
        {
            podSpec.NodeSelector = Sorted(podSpec.NodeSelector, [new(WellKnownKeys.NamespacedJob, Naming.NamespacedJobName(@namespace, name))]);
            podSpec.Tolerations ??= [];
            podSpec.Tolerations.Add(new V1Toleration { Key = WellKnownKeys.NoScheduleTaint, OperatorProperty = "Exists", Effect = "NoSchedule" });
        }

        spec.Suspend = suspend;
        AddClaimVolumes(podSpec);
        return job;
    }

    private KeyValuePair<string, string>[] PerJobEntries(string jobName, int jobIndex)
    {
        var indexText = Text(jobIndex);
        var globalText = rjob.GlobalStart == 0 ? indexText : Text(rjob.GlobalStart + jobIndex);
        var groupText = rjob.GroupStart == rjob.GlobalStart ? globalText : Text(rjob.GroupStart + jobIndex);
        var key = Naming.JobKey(@namespace, jobName);
        string? attemptText = null;
        if (jobRestarts is not null)
        {
            // A resumed Job's index comes from its label, which may be out of range: zero then.
            attemptText = Text(jobIndex >= 0 && jobIndex < jobRestarts.Count ? jobRestarts[jobIndex] : 0);
        }

        // Written straight into key order (computed once): no list, no sort per Job.
        var order = attemptText is null ? PerJobOrderWithoutAttempt : PerJobOrderWithAttempt;
        var entries = new KeyValuePair<string, string>[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var slot = order[i];
            entries[i] = new(PerJobKeys[slot], slot switch
            {
                0 => indexText,
                1 => key,
                2 => globalText,
                3 => groupText,
                _ => attemptText!,
            });
        }

        return entries;
    }

    /// <summary>The labels (and annotations) that differ per Job; the last only with the RestartJob gate.</summary>
    private static readonly string[] PerJobKeys =
        [WellKnownKeys.JobIndex, WellKnownKeys.JobKey, WellKnownKeys.JobGlobalIndex, WellKnownKeys.JobGroupIndex, WellKnownKeys.JobRestartAttempt];

    private static readonly int[] PerJobOrderWithoutAttempt = KeyOrder(4);

    private static readonly int[] PerJobOrderWithAttempt = KeyOrder(5);

    private static int[] KeyOrder(int count) => [.. Enumerable.Range(0, count).OrderBy(i => PerJobKeys[i], StringComparer.Ordinal)];

    /// <summary>Volumes for the claims some container (or init container) of the pod mounts.</summary>
    private void AddClaimVolumes(V1PodSpec podSpec)
    {
        if (claimVolumes.Count == 0)
        {
            return;
        }

        var mounted = (podSpec.Containers ?? []).Concat(podSpec.InitContainers ?? [])
            .SelectMany(c => c.VolumeMounts ?? [])
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var volume in claimVolumes)
        {
            if (mounted.Contains(volume.Name))
            {
                podSpec.Volumes ??= [];
                podSpec.Volumes.Add(new V1Volume
                {
                    Name = volume.Name,
                    PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = volume.PersistentVolumeClaim.ClaimName },
                });
            }
        }
    }

    private static List<V1Volume> ClaimVolumes(V1alpha2JobSet jobSet) =>
        [.. (jobSet.Spec.VolumeClaimPolicies ?? [])
            .SelectMany(p => p.Templates ?? [])
            .Select(InputCheckStep.NameOf)
            .Select(n => new V1Volume
            {
                Name = n,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Naming.ClaimName(InputCheckStep.NameOf(jobSet), n) },
            })];

    /// <summary>
    /// The exclusive-placement annotations copied to every Job and pod: from the JobSet, then
    /// (overriding) from the ReplicatedJob's Job template; node-selector only with exclusive-topology.
    /// </summary>
    private static KeyValuePair<string, string>[] ExclusiveAnnotations(V1alpha2JobSet jobSet, V1alpha2ReplicatedJob rjob)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { jobSet.Metadata.Annotations, rjob.Template.Metadata?.Annotations })
        {
            if (source is not null && source.TryGetValue(WellKnownKeys.ExclusiveTopology, out var topology))
            {
                result[WellKnownKeys.ExclusiveTopology] = topology;
                if (source.TryGetValue(WellKnownKeys.NodeSelectorStrategy, out var strategy))
                {
                    result[WellKnownKeys.NodeSelectorStrategy] = strategy;
                }
            }
        }

        return [.. result];
    }

    /// <summary>The template's entries overridden by <paramref name="common"/> then <paramref name="extra"/>, sorted by key.</summary>
    private static KeyValuePair<string, string>[] SortedEntries(
        IDictionary<string, string>? template,
        List<KeyValuePair<string, string>> common,
        KeyValuePair<string, string>[] extra)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (template ?? new Dictionary<string, string>()).Concat(common).Concat(extra))
        {
            merged[pair.Key] = pair.Value;
        }

        var entries = merged.ToArray();
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    /// <summary>Linear merge of two key-sorted arrays into a dictionary in key order; <paramref name="overrides"/> wins.</summary>
    private static Dictionary<string, string> MergeSorted(KeyValuePair<string, string>[] baseEntries, KeyValuePair<string, string>[] overrides)
    {
        var result = new Dictionary<string, string>(baseEntries.Length + overrides.Length, StringComparer.Ordinal);
        int i = 0, j = 0;
        while (i < baseEntries.Length || j < overrides.Length)
        {
            var order = i == baseEntries.Length ? 1 : j == overrides.Length ? -1 : string.CompareOrdinal(baseEntries[i].Key, overrides[j].Key);
            if (order < 0)
            {
                result.Add(baseEntries[i].Key, baseEntries[i].Value);
                i++;
            }
            else
            {
                result.Add(overrides[j].Key, overrides[j].Value);
                i += order == 0 ? 1 : 0;
                j++;
            }
        }

        return result;
    }

    /// <summary>A copy with keys in ordinal order, so that output is stable byte for byte.</summary>
    public static Dictionary<string, string> Sorted(IDictionary<string, string>? map, KeyValuePair<string, string>[] overrides)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in map ?? new Dictionary<string, string>())
        {
            all[pair.Key] = pair.Value;
        }

        foreach (var pair in overrides)
        {
            all[pair.Key] = pair.Value;
        }

        var keys = all.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var sorted = new Dictionary<string, string>(keys.Length, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            sorted[key] = all[key];
        }

        return sorted;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
