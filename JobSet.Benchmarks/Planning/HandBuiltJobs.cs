using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Benchmarks.Planning;

/// <summary>
/// The baselines of the planner suites: the least work a reconcile can do, with no planning
/// logic. <see cref="Build"/> makes the same Jobs as the planner's first reconcile (the
/// template deep-copied with the planner's own copier, the name, every JobSet label and
/// annotation, the owner reference); <see cref="ReadLabels"/> is one pass over the observed
/// Jobs reading the two labels every reconcile must read. Written for the benchmark shapes
/// (one ReplicatedJob group, no coordinator, no claims, no node-selector strategy).
/// </summary>
public static class HandBuiltJobs
{
    /// <summary>Every child Job of the JobSet, built by hand.</summary>
    public static List<V1Job> Build(V1alpha2JobSet jobSet)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        var ns = jobSet.Metadata.NamespaceProperty ?? "default";
        var jobSetName = jobSet.Metadata.Name;
        var owner = new V1OwnerReference
        {
            ApiVersion = ApiGroup.ApiVersion,
            Kind = ApiGroup.JobSetKind,
            Name = jobSetName,
            Uid = jobSet.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
        var rjobs = jobSet.Spec.ReplicatedJobs ?? [];
        var total = rjobs.Sum(r => r.Replicas ?? 1);
        var totalText = Text(total);
        var attemptText = Text(jobSet.Status?.Restarts ?? 0);
        var exclusive = jobSet.Metadata.Annotations is { } a && a.TryGetValue(WellKnownKeys.ExclusiveTopology, out var topology) ? topology : null;
        var subdomain = jobSet.Spec.Network?.EnableDnsHostnames == true ? jobSetName : null;

        var jobs = new List<V1Job>(total);
        var globalIndex = 0;
        foreach (var rjob in rjobs)
        {
            var replicas = rjob.Replicas ?? 1;
            var replicasText = Text(replicas);
            var template = rjob.Template;
            for (var index = 0; index < replicas; index++, globalIndex++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{jobSetName}-{rjob.Name}-{index}");
                var shared = new Labels(jobSetName, jobSet.Metadata.Uid, rjob.Name, attemptText, replicasText, totalText, Text(index), JobKey(ns, name), Text(globalIndex));
                var spec = ModelCopy.Of(template.Spec)!;
                var pod = spec.Template.Metadata ??= new V1ObjectMeta();
                pod.Labels = shared.Fill(pod.Labels, null);
                pod.Annotations = shared.Fill(pod.Annotations, exclusive);
                spec.Template.Spec.Subdomain = subdomain;
                spec.Suspend = false;
                jobs.Add(new V1Job
                {
                    ApiVersion = "batch/v1",
                    Kind = "Job",
                    Metadata = new V1ObjectMeta
                    {
                        Name = name,
                        NamespaceProperty = ns,
                        Labels = shared.Fill(template.Metadata?.Labels, null),
                        Annotations = shared.Fill(template.Metadata?.Annotations, exclusive),
                        OwnerReferences = [owner],
                    },
                    Spec = spec,
                });
            }
        }

        return jobs;
    }

    /// <summary>One pass over the Jobs reading their replicatedjob-name and restart-attempt labels.</summary>
    /// <returns>A checksum, so that the pass cannot be optimised away: name lengths plus attempts.</returns>
    public static long ReadLabels(IReadOnlyList<V1Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        long sum = 0;
        foreach (var job in jobs)
        {
            var labels = job.Metadata.Labels;
            if (labels.TryGetValue(WellKnownKeys.ReplicatedJobName, out var rjob)
                && labels.TryGetValue(WellKnownKeys.RestartAttempt, out var text)
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt))
            {
                sum += rjob.Length + attempt;
            }
        }

        return sum;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string JobKey(string ns, string name)
    {
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(ns.Length + 1 + name.Length)];
        var length = Encoding.UTF8.GetBytes(ns, input);
        input[length++] = (byte)'/';
        length += Encoding.UTF8.GetBytes(name, input[length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // upstream's label value, not security
        SHA1.HashData(input[..length], hash);
#pragma warning restore CA5350
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The label values every Job and pod of one index carries.</summary>
    private readonly record struct Labels(
        string JobSetName, string Uid, string ReplicatedJob, string Attempt, string Replicas, string Total, string Index, string Key, string GlobalIndex)
    {
        public Dictionary<string, string> Fill(IDictionary<string, string>? template, string? exclusive)
        {
            var map = new Dictionary<string, string>(14 + (template?.Count ?? 0), StringComparer.Ordinal);
            if (template is not null)
            {
                foreach (var pair in template)
                {
                    map[pair.Key] = pair.Value;
                }
            }

            map[WellKnownKeys.JobSetName] = JobSetName;
            map[WellKnownKeys.JobSetUid] = Uid;
            map[WellKnownKeys.ReplicatedJobName] = ReplicatedJob;
            map[WellKnownKeys.RestartAttempt] = Attempt;
            map[WellKnownKeys.ReplicatedJobReplicas] = Replicas;
            map[WellKnownKeys.GlobalReplicas] = Total;
            map[WellKnownKeys.GroupName] = "default";
            map[WellKnownKeys.GroupReplicas] = Total;
            map[WellKnownKeys.JobIndex] = Index;
            map[WellKnownKeys.JobKey] = Key;
            map[WellKnownKeys.JobGlobalIndex] = GlobalIndex;
            map[WellKnownKeys.JobGroupIndex] = GlobalIndex;
            if (exclusive is not null)
            {
                map[WellKnownKeys.ExclusiveTopology] = exclusive;
            }

            return map;
        }
    }
}
