using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// Builders for the conformance tests: JobSets written as small YAML documents (defaulted as the
/// API server stores them), observed child Jobs owned by them, and one planner call.
/// </summary>
internal static class ConformanceFixture
{
    public const string Name = "test-jobset";
    public const string Namespace = "default";

    /// <summary>
    /// A JobSet named <see cref="Name"/>: <paramref name="replicatedJobs"/> is the YAML list under
    /// <c>replicatedJobs:</c> (see <see cref="ReplicatedJob"/>), <paramref name="specFields"/> more
    /// spec fields and <paramref name="annotations"/> a flow map of JobSet annotations.
    /// </summary>
    public static V1alpha2JobSet MakeJobSet(string replicatedJobs, string specFields = "", string annotations = "{}") =>
        Cluster.Read($$"""
            apiVersion: jobset.x-k8s.io/v1alpha2
            kind: JobSet
            metadata:
              name: {{Name}}
              namespace: {{Namespace}}
              annotations: {{annotations}}
            spec:
              {{Indent(specFields, 2)}}
              replicatedJobs:
              {{Indent(replicatedJobs, 2)}}
            """);

    /// <summary>One ReplicatedJob list item of single-pod Jobs; the maps are YAML flow maps.</summary>
    public static string ReplicatedJob(
        string name,
        int replicas,
        string jobLabels = "{}",
        string jobAnnotations = "{}",
        string podLabels = "{}",
        string podAnnotations = "{}",
        string extra = "",
        string podSpecExtra = "",
        string containerExtra = "") => $$"""
        - name: {{name}}
          replicas: {{replicas}}
          {{Indent(extra, 2)}}
          template:
            metadata:
              labels: {{jobLabels}}
              annotations: {{jobAnnotations}}
            spec:
              parallelism: 1
              completions: 1
              template:
                metadata:
                  labels: {{podLabels}}
                  annotations: {{podAnnotations}}
                spec:
                  {{Indent(podSpecExtra, 10)}}
                  containers:
                  - name: main
                    image: busybox
                    {{Indent(containerExtra, 12)}}
        """;

    /// <summary>
    /// A child Job as the cluster holds it: controlled by <paramref name="jobSet"/>, with the labels
    /// the planner reads (replicatedjob-name, job-index, restart-attempt).
    /// </summary>
    public static V1Job OwnedJob(V1alpha2JobSet jobSet, string replicatedJob, int index, int restartAttempt = 0, string? finished = null, bool suspended = false)
    {
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = Naming.JobName(jobSet.Metadata.Name, replicatedJob, index),
                NamespaceProperty = jobSet.Metadata.NamespaceProperty,
                Uid = $"uid-{replicatedJob}-{index}",
                Labels = new Dictionary<string, string>
                {
                    [WellKnownKeys.JobSetName] = jobSet.Metadata.Name,
                    [WellKnownKeys.ReplicatedJobName] = replicatedJob,
                    [WellKnownKeys.JobIndex] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [WellKnownKeys.RestartAttempt] = restartAttempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                OwnerReferences = [JobBuilder.OwnerReference(jobSet)],
            },
            Spec = new V1JobSpec
            {
                Parallelism = 1,
                Completions = 1,
                Suspend = suspended,
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta(), Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] } },
            },
            Status = new V1JobStatus(),
        };
        if (finished is not null)
        {
            job.Status.Conditions = [new V1JobCondition { Type = finished, Status = "True", Reason = "R", Message = "M" }];
        }

        return job;
    }

    public static ReconcilePlan Plan(V1alpha2JobSet jobSet, IEnumerable<V1Job>? jobs = null, FeatureGates? gates = null, IEnumerable<V1Service>? services = null, IEnumerable<V1PersistentVolumeClaim>? claims = null) =>
        Planner.Reconcile(jobSet, new ObservedState([.. jobs ?? []], [.. services ?? []], [.. claims ?? []]), Cluster.T0, gates ?? FeatureGates.Default);

    /// <summary>The objects of a kind the plan creates, in plan order.</summary>
    public static List<T> Created<T>(ReconcilePlan plan) => [.. plan.DocumentActions().Where(a => a.Type == PlanActionType.Create).Select(a => a.Resource).OfType<T>()];

    /// <summary>The objects of a kind the plan updates, in plan order.</summary>
    public static List<T> Updated<T>(ReconcilePlan plan) => [.. plan.DocumentActions().Where(a => a.Type == PlanActionType.Update).Select(a => a.Resource).OfType<T>()];

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select((l, i) => l.Length == 0 || i == 0 ? l : new string(' ', spaces) + l)).TrimEnd();
}
