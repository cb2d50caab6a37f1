using JobSet.Tests.TestSupport;
using System.Globalization;
using Bogus;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// Job construction checked against upstream's unit tests of constructJobsFromTemplate,
/// globalJobIndex/globalReplicas/groupJobIndex/groupReplicas and addVolumes.
/// </summary>
public class ConstructJobConformanceTests
{
    private const string Topology = "cloud.google.com/gke-nodepool";

    /// <summary>Every label upstream puts on a Job and its pods; annotations carry the same entries.</summary>
    private static Dictionary<string, string> UpstreamEntries(V1alpha2JobSet jobSet, string rjob, int index, int replicas, int globalReplicas, int globalIndex, int? jobRestartAttempt = null)
    {
        var name = Naming.JobName(Name, rjob, index);
        var entries = new Dictionary<string, string>
        {
            [WellKnownKeys.JobSetName] = Name,
            [WellKnownKeys.JobSetUid] = jobSet.Metadata.Uid,
            [WellKnownKeys.ReplicatedJobName] = rjob,
            [WellKnownKeys.RestartAttempt] = "0",
            [WellKnownKeys.ReplicatedJobReplicas] = Text(replicas),
            [WellKnownKeys.GlobalReplicas] = Text(globalReplicas),
            [WellKnownKeys.JobIndex] = Text(index),
            [WellKnownKeys.JobKey] = Naming.JobKey(Namespace, name),
            [WellKnownKeys.JobGlobalIndex] = Text(globalIndex),
            [WellKnownKeys.GroupName] = "default",
            [WellKnownKeys.GroupReplicas] = Text(globalReplicas),
            [WellKnownKeys.JobGroupIndex] = Text(globalIndex),
        };
        if (jobRestartAttempt is { } attempt)
        {
            entries[WellKnownKeys.JobRestartAttempt] = Text(attempt);
        }

        return entries;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> With(Dictionary<string, string> entries, params (string Key, string Value)[] extra)
    {
        var result = new Dictionary<string, string>(entries);
        foreach (var (key, value) in extra)
        {
            result[key] = value;
        }

        return result;
    }

    // Mirrors TestConstructJobsFromTemplate "no jobs created".
    [Test]
    public void Existing_job_is_not_created_again()
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 1));

        var plan = Plan(jobSet, [OwnedJob(jobSet, "replicated-job", 0)]);

        Assert.That(Created<V1Job>(plan), Is.Empty);
    }

    // Mirrors TestConstructJobsFromTemplate "all jobs created" (with and without the RestartJob gate).
    [TestCase(false)]
    [TestCase(true)]
    public void All_jobs_are_created_with_upstreams_labels_and_annotations(bool restartJobGate)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 2));

        var jobs = Created<V1Job>(Plan(jobSet, gates: new FeatureGates(RestartJob: restartJobGate)));

        Assert.That(jobs.Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-replicated-job-0", "test-jobset-replicated-job-1" }));
        for (var i = 0; i < 2; i++)
        {
            var expected = UpstreamEntries(jobSet, "replicated-job", i, 2, 2, i, restartJobGate ? 0 : null);
            var job = jobs[i];
            Assert.Multiple(() =>
            {
                Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo(Namespace));
                Assert.That(job.Metadata.Labels, Is.EquivalentTo(expected));
                Assert.That(job.Metadata.Annotations, Is.EquivalentTo(expected));
                Assert.That(job.Spec.Template.Metadata.Labels, Is.EquivalentTo(expected));
                Assert.That(job.Spec.Template.Metadata.Annotations, Is.EquivalentTo(expected));
                Assert.That(job.Spec.Suspend, Is.False);
                // Defaulting turns DNS hostnames on.
                Assert.That(job.Spec.Template.Spec.Subdomain, Is.EqualTo(Name));
                Assert.That(job.Spec.Template.Spec.NodeSelector, Is.Null.Or.Empty);
                Assert.That(job.Spec.Template.Spec.Tolerations, Is.Null.Or.Empty);
                var owner = job.Metadata.OwnerReferences.Single();
                Assert.That((owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion), Is.EqualTo((ApiGroup.ApiVersion, "JobSet", Name, jobSet.Metadata.Uid, (bool?)true, (bool?)true)));
            });
        }
    }

    // Mirrors TestConstructJobsFromTemplate "all jobs/pods created with labels and annotations".
    [Test]
    public void Template_labels_and_annotations_are_kept_beside_upstreams()
    {
        var jobSet = MakeJobSet(ReplicatedJob(
            "replicated-job",
            2,
            jobLabels: "{job-label-key1: job-label-value1, job-label-key2: job-label-value2}",
            jobAnnotations: "{job-annotation-key1: a1, job-annotation-key2: a2}",
            podLabels: "{pod-label-key1: p1, pod-label-key2: p2}",
            podAnnotations: "{pod-annotation-key1: q1}"));

        var job = Created<V1Job>(Plan(jobSet))[1];

        var expected = UpstreamEntries(jobSet, "replicated-job", 1, 2, 2, 1);
        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.Labels, Is.EquivalentTo(With(expected, ("job-label-key1", "job-label-value1"), ("job-label-key2", "job-label-value2"))));
            Assert.That(job.Metadata.Annotations, Is.EquivalentTo(With(expected, ("job-annotation-key1", "a1"), ("job-annotation-key2", "a2"))));
            Assert.That(job.Spec.Template.Metadata.Labels, Is.EquivalentTo(With(expected, ("pod-label-key1", "p1"), ("pod-label-key2", "p2"))));
            Assert.That(job.Spec.Template.Metadata.Annotations, Is.EquivalentTo(With(expected, ("pod-annotation-key1", "q1"))));
        });
    }

    // Mirrors TestConstructJobsFromTemplate "one job created, one job not created (already active /
    // already succeeded / already failed / marked for deletion)": a Job of any bucket is never made again.
    [TestCase("active")]
    [TestCase("succeeded")]
    [TestCase("failed")]
    [TestCase("previous")]
    public void Job_in_any_bucket_is_not_created_again(string bucket)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 2));
        var existing = OwnedJob(jobSet, "replicated-job", 0);
        var children = new ChildJobs();
        children.Names.Add(existing.Metadata.Name);
        (bucket switch { "active" => children.Active, "succeeded" => children.Succeeded, "failed" => children.Failed, _ => children.Previous }).Add(existing);
        var context = new ReconcileContext(jobSet, Cluster.T0, FeatureGates.Default);

        JobCreationStep.Plan(context, children, new Dictionary<string, V1alpha2ReplicatedJobStatus>());

        Assert.That(context.Actions.Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "test-jobset-replicated-job-1" }));
    }

    // Mirrors TestConstructJobsFromTemplate "job creation blocked until all previous jobs no longer exist".
    [TestCase("BlockingRecreate", new string[0])]
    [TestCase("Recreate", new[] { "test-jobset-replicated-job-1" })]
    public void Blocking_recreate_creates_nothing_while_previous_jobs_exist(string strategy, string[] expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 2), $"failurePolicy:\n  restartStrategy: {strategy}");
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = 1 };

        var plan = Plan(jobSet, [OwnedJob(jobSet, "replicated-job", 0, restartAttempt: 0)]);

        Assert.Multiple(() =>
        {
            Assert.That(Created<V1Job>(plan).Select(j => j.Metadata.Name), Is.EqualTo(expected));
            Assert.That(plan.DocumentActions().Where(a => a.Type == PlanActionType.Delete).Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "test-jobset-replicated-job-0" }));
        });
    }

    // Mirrors TestConstructJobsFromTemplate "multiple replicated jobs" and TestGlobalJobIndex /
    // TestGlobalReplicas "multiple replicated jobs".
    [Test]
    public void Missing_jobs_of_several_replicated_jobs_get_global_indexes_in_spec_order()
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job-A", 1) + "\n" + ReplicatedJob("replicated-job-B", 2));

        var jobs = Created<V1Job>(Plan(jobSet, [OwnedJob(jobSet, "replicated-job-B", 0)]));

        Assert.Multiple(() =>
        {
            Assert.That(jobs.Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-replicated-job-A-0", "test-jobset-replicated-job-B-1" }));
            Assert.That(jobs[0].Metadata.Labels, Is.EquivalentTo(UpstreamEntries(jobSet, "replicated-job-A", 0, 1, 3, 0)));
            Assert.That(jobs[1].Metadata.Labels, Is.EquivalentTo(UpstreamEntries(jobSet, "replicated-job-B", 1, 2, 3, 2)));
        });
    }

    public static IEnumerable<TestCaseData> GroupCases()
    {
        // (rjob name, group, replicas) in spec order; expected per job: global index, group index, group replicas.
        yield return new TestCaseData(
            new[] { ("a", "default", 2) },
            new[] { "a-0 g0 i0 of2", "a-1 g1 i1 of2" }).SetName("single replicated job in group");
        yield return new TestCaseData(
            new[] { ("a", "g1", 1), ("b", "g1", 2) },
            new[] { "a-0 g0 i0 of3", "b-0 g1 i1 of3", "b-1 g2 i2 of3" }).SetName("multiple replicated jobs in group");
        yield return new TestCaseData(
            new[] { ("a", "g1", 2), ("b", "g2", 3), ("c", "g1", 1) },
            new[] { "a-0 g0 i0 of3", "a-1 g1 i1 of3", "b-0 g2 i0 of3", "b-1 g3 i1 of3", "b-2 g4 i2 of3", "c-0 g5 i2 of3" }).SetName("multiple groups, interleaved");
    }

    // Mirrors TestGroupJobIndex and TestGroupReplicas (and the global index of TestGlobalJobIndex).
    [TestCaseSource(nameof(GroupCases))]
    public void Group_and_global_indexes_follow_spec_order((string Name, string Group, int Replicas)[] rjobs, string[] expected)
    {
        var jobSet = MakeJobSet(string.Join('\n', rjobs.Select(r => ReplicatedJob(r.Name, r.Replicas, extra: $"groupName: {r.Group}"))));

        var jobs = Created<V1Job>(Plan(jobSet));

        Assert.That(
            jobs.Select(j => $"{j.Metadata.Labels[WellKnownKeys.ReplicatedJobName]}-{j.Metadata.Labels[WellKnownKeys.JobIndex]} g{j.Metadata.Labels[WellKnownKeys.JobGlobalIndex]} i{j.Metadata.Labels[WellKnownKeys.JobGroupIndex]} of{j.Metadata.Labels[WellKnownKeys.GroupReplicas]}"),
            Is.EqualTo(expected));
        Assert.That(jobs.Select(j => j.Metadata.Labels[WellKnownKeys.GlobalReplicas]).Distinct(), Is.EqualTo(new[] { Text(rjobs.Sum(r => r.Replicas)) }));
    }

    public static IEnumerable<TestCaseData> ExclusiveCases()
    {
        // (JobSet annotations, A's Job template annotations) -> expected topology / strategy on A and B, nodeSelector on A and B.
        yield return new TestCaseData("{}", $"{{{WellKnownKeys.ExclusiveTopology}: {Topology}}}", "topology", "", false, false)
            .SetName("exclusive placement for a ReplicatedJob");
        yield return new TestCaseData("{}", $"{{{WellKnownKeys.ExclusiveTopology}: {Topology}, {WellKnownKeys.NodeSelectorStrategy}: 'true'}}", "topology+strategy", "", true, false)
            .SetName("exclusive placement using nodeSelectorStrategy for a ReplicatedJob");
        yield return new TestCaseData($"{{{WellKnownKeys.ExclusiveTopology}: {Topology}}}", "{}", "topology", "topology", false, false)
            .SetName("exclusive placement for entire JobSet");
        yield return new TestCaseData($"{{{WellKnownKeys.ExclusiveTopology}: {Topology}, {WellKnownKeys.NodeSelectorStrategy}: 'true'}}", "{}", "topology+strategy", "topology+strategy", true, true)
            .SetName("exclusive placement using nodeSelectorStrategy for entire JobSet");
        yield return new TestCaseData($"{{{WellKnownKeys.NodeSelectorStrategy}: 'true'}}", "{}", "", "", false, false)
            .SetName("node-selector strategy without a topology is not copied");
    }

    // Mirrors TestConstructJobsFromTemplate's four exclusive-placement cases and
    // "node selector exclusive placement strategy enabled".
    [TestCaseSource(nameof(ExclusiveCases))]
    public void Exclusive_placement_annotations_and_node_selector_strategy(string jobSetAnnotations, string rjobAnnotations, string expectA, string expectB, bool pinnedA, bool pinnedB)
    {
        var jobSet = MakeJobSet(
            ReplicatedJob("replicated-job-A", 1, jobAnnotations: rjobAnnotations) + "\n" + ReplicatedJob("replicated-job-B", 1),
            annotations: jobSetAnnotations);

        var jobs = Created<V1Job>(Plan(jobSet));

        Assert.Multiple(() =>
        {
            AssertPlacement(jobs[0], expectA, pinnedA);
            AssertPlacement(jobs[1], expectB, pinnedB);
        });
    }

    private static void AssertPlacement(V1Job job, string expected, bool pinned)
    {
        static string Placement(IDictionary<string, string>? a) =>
            string.Join('+', new[] { a?.ContainsKey(WellKnownKeys.ExclusiveTopology) == true ? "topology" : null, a?.ContainsKey(WellKnownKeys.NodeSelectorStrategy) == true ? "strategy" : null }.OfType<string>());

        Assert.That(Placement(job.Metadata.Annotations), Is.EqualTo(expected), job.Metadata.Name);
        Assert.That(Placement(job.Spec.Template.Metadata.Annotations), Is.EqualTo(expected), job.Metadata.Name + " pod");
        if (expected.Length > 0)
        {
            Assert.That(job.Spec.Template.Metadata.Annotations[WellKnownKeys.ExclusiveTopology], Is.EqualTo(Topology));
        }

        // Placement annotations are never labels.
        Assert.That(job.Metadata.Labels.Keys, Has.None.EqualTo(WellKnownKeys.ExclusiveTopology));
        var podSpec = job.Spec.Template.Spec;
        if (pinned)
        {
            Assert.That(podSpec.NodeSelector, Is.EquivalentTo(new Dictionary<string, string> { [WellKnownKeys.NamespacedJob] = $"{Namespace}_{job.Metadata.Name}" }));
            var toleration = podSpec.Tolerations.Single();
            Assert.That((toleration.Key, toleration.OperatorProperty, toleration.Effect), Is.EqualTo((WellKnownKeys.NoScheduleTaint, "Exists", "NoSchedule")));
        }
        else
        {
            Assert.That(podSpec.NodeSelector, Is.Null.Or.Empty, job.Metadata.Name);
            Assert.That(podSpec.Tolerations, Is.Null.Or.Empty, job.Metadata.Name);
        }
    }

    // The ReplicatedJob's placement annotations override the JobSet's, as upstream applies them second.
    [Test]
    public void Replicated_job_topology_overrides_the_jobsets()
    {
        var jobSet = MakeJobSet(
            ReplicatedJob("replicated-job", 1, jobAnnotations: $"{{{WellKnownKeys.ExclusiveTopology}: rack}}"),
            annotations: $"{{{WellKnownKeys.ExclusiveTopology}: zone, {WellKnownKeys.NodeSelectorStrategy}: 'true'}}");

        var job = Created<V1Job>(Plan(jobSet)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(job.Spec.Template.Metadata.Annotations[WellKnownKeys.ExclusiveTopology], Is.EqualTo("rack"));
            // The JobSet's strategy stays: the ReplicatedJob does not name one.
            Assert.That(job.Spec.Template.Metadata.Annotations[WellKnownKeys.NodeSelectorStrategy], Is.EqualTo("true"));
            Assert.That(job.Spec.Template.Spec.NodeSelector, Contains.Key(WellKnownKeys.NamespacedJob));
        });
    }

    // Mirrors TestConstructJobsFromTemplate "pod dns hostnames enabled", "suspend job set",
    // "resume job set" and "startup-policy".
    [TestCase("network: {enableDNSHostnames: true}", "test-jobset", false)]
    [TestCase("network: {enableDNSHostnames: true, subdomain: custom}", "custom", false)]
    [TestCase("network: {enableDNSHostnames: false}", null, false)]
    [TestCase("suspend: true\nnetwork: {enableDNSHostnames: true}", "test-jobset", true)]
    [TestCase("suspend: false\nnetwork: {enableDNSHostnames: true}", "test-jobset", false)]
    [TestCase("startupPolicy: {startupPolicyOrder: InOrder}\nnetwork: {enableDNSHostnames: true}", "test-jobset", false)]
    public void Subdomain_and_suspend_follow_the_jobset(string specFields, string? subdomain, bool suspended)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 1), specFields);

        var job = Created<V1Job>(Plan(jobSet)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(job.Spec.Template.Spec.Subdomain, Is.EqualTo(subdomain));
            Assert.That(job.Spec.Suspend, Is.EqualTo(suspended));
        });
    }

    // Mirrors TestConstructJobsFromTemplate "coordinator".
    [TestCase("", "test-jobset-replicated-job-0-0.test-jobset")]
    [TestCase("\n  subdomain: svc", "test-jobset-replicated-job-0-0.svc")]
    public void Coordinator_endpoint_is_a_label_and_annotation_on_job_and_pods(string subdomain, string endpoint)
    {
        var jobSet = MakeJobSet(
            ReplicatedJob("replicated-job", 2),
            $"coordinator: {{replicatedJob: replicated-job, jobIndex: 0, podIndex: 0}}\nnetwork:\n  enableDNSHostnames: true{subdomain}");

        var jobs = Created<V1Job>(Plan(jobSet));

        foreach (var job in jobs)
        {
            Assert.Multiple(() =>
            {
                Assert.That(job.Metadata.Labels[WellKnownKeys.Coordinator], Is.EqualTo(endpoint));
                Assert.That(job.Metadata.Annotations[WellKnownKeys.Coordinator], Is.EqualTo(endpoint));
                Assert.That(job.Spec.Template.Metadata.Labels[WellKnownKeys.Coordinator], Is.EqualTo(endpoint));
                Assert.That(job.Spec.Template.Metadata.Annotations[WellKnownKeys.Coordinator], Is.EqualTo(endpoint));
            });
        }
    }

    // Mirrors TestConstructJobsFromTemplate "JobRestartAttempt based on ReplicatedJobsStatus" and
    // "JobRestartAttempt not added when RestartJob feature is disabled".
    [TestCase(true, new[] { "1", "0" })]
    [TestCase(false, new string?[] { null, null })]
    public void Job_restart_attempt_label_comes_from_job_restarts_with_the_gate(bool gate, string?[] expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 2));
        jobSet.Status = new V1alpha2JobSetStatus { ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "replicated-job", JobRestarts = [1, 0] }] };

        var jobs = Created<V1Job>(Plan(jobSet, gates: new FeatureGates(RestartJob: gate)));

        Assert.Multiple(() =>
        {
            Assert.That(jobs.Select(j => j.Metadata.Labels.TryGetValue(WellKnownKeys.JobRestartAttempt, out var v) ? v : null), Is.EqualTo(expected));
            Assert.That(jobs.Select(j => j.Spec.Template.Metadata.Annotations.TryGetValue(WellKnownKeys.JobRestartAttempt, out var v) ? v : null), Is.EqualTo(expected));
        });
    }

    // jobHashKey: the hex SHA-1 of "<namespace>/<job name>" (value computed independently).
    [Test]
    public void Job_key_is_the_sha1_of_the_namespaced_job_name()
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 1));

        var job = Created<V1Job>(Plan(jobSet)).Single();

        Assert.That(job.Metadata.Labels[WellKnownKeys.JobKey], Is.EqualTo("027791c2c0a79daacbc05ab1512c28988581229f"));
    }

    // The restart-attempt label carries status.restarts.
    [Test]
    public void Restart_attempt_label_is_the_jobsets_restarts()
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 1));
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = 3 };

        var job = Created<V1Job>(Plan(jobSet)).Single();

        Assert.That(job.Spec.Template.Metadata.Labels[WellKnownKeys.RestartAttempt], Is.EqualTo("3"));
    }

    public static IEnumerable<TestCaseData> VolumeCases()
    {
        const string Policies = "volumeClaimPolicies:\n- templates:\n  - metadata: {name: volume-1}\n    spec: {accessModes: [ReadWriteOnce]}\n  - metadata: {name: volume-2}\n    spec: {accessModes: [ReadWriteOnce]}\n- templates:\n  - metadata: {name: volume-3}\n    spec: {accessModes: [ReadWriteOnce]}\n  retentionPolicy: {whenDeleted: Retain}";
        yield return new TestCaseData(Policies, "volumeMounts: [{name: volume-1, mountPath: /a}, {name: volume-2, mountPath: /b}]", "", new[] { "volume-1=volume-1-test-jobset", "volume-2=volume-2-test-jobset" })
            .SetName("add volumes for matching volumeMounts");
        yield return new TestCaseData(Policies, "", "", Array.Empty<string>())
            .SetName("do not add volumes when volumeMounts are missing");
        yield return new TestCaseData(Policies, "volumeMounts: [{name: volume-2, mountPath: /b}]", "", new[] { "volume-2=volume-2-test-jobset" })
            .SetName("add only matching volumes when some volumeMounts exist");
        yield return new TestCaseData(Policies, "volumeMounts: [{name: volume-1, mountPath: /a}]", "initContainers: [{name: init, image: busybox, volumeMounts: [{name: volume-3, mountPath: /c}]}]", new[] { "volume-1=volume-1-test-jobset", "volume-3=volume-3-test-jobset" })
            .SetName("add volumes from multiple VolumeClaimPolicies with initContainer");
    }

    // Mirrors TestAddVolumes and TestConstructJobsFromTemplate "volume-claim-policies".
    [TestCaseSource(nameof(VolumeCases))]
    public void Claim_volumes_are_added_for_mounted_claims_in_policy_order(string policies, string containerMounts, string podSpecExtra, string[] expected)
    {
        var jobSet = MakeJobSet(ReplicatedJob("replicated-job", 1, containerExtra: containerMounts, podSpecExtra: podSpecExtra), policies);

        var job = Created<V1Job>(Plan(jobSet)).Single();

        Assert.That((job.Spec.Template.Spec.Volumes ?? []).Select(v => $"{v.Name}={v.PersistentVolumeClaim?.ClaimName}"), Is.EqualTo(expected));
    }
    private static readonly string[] UpstreamKeys =
    [
        WellKnownKeys.JobSetName, WellKnownKeys.JobSetUid, WellKnownKeys.ReplicatedJobName, WellKnownKeys.RestartAttempt,
        WellKnownKeys.ReplicatedJobReplicas, WellKnownKeys.GlobalReplicas, WellKnownKeys.JobIndex, WellKnownKeys.JobKey,
        WellKnownKeys.JobGlobalIndex, WellKnownKeys.GroupName, WellKnownKeys.GroupReplicas, WellKnownKeys.JobGroupIndex,
    ];

    // labelAndAnnotateObject puts the same entries as labels and annotations on the Job and its pod
    // template; global indexes are dense over the JobSet and group indexes dense per group.
    [TestCaseSource(nameof(Seeds))]
    public void Labels_and_annotations_agree_and_indexes_are_dense(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var rjobs = Enumerable.Range(0, f.Random.Int(1, 4))
            .Select(i => (Name: "r" + i, Group: f.PickRandom("default", "g1", "g2"), Replicas: f.Random.Int(1, 4)))
            .ToList();
        var jobSet = MakeJobSet(
            string.Join('\n', rjobs.Select(r => ReplicatedJob(r.Name, r.Replicas, jobLabels: $"{{{WellKnownKeys.JobIndex}: overridden}}", extra: $"groupName: {r.Group}"))),
            f.PickRandom("", "coordinator: {replicatedJob: r0, jobIndex: 0, podIndex: 0}"));
        jobSet.Status = new V1alpha2JobSetStatus { Restarts = f.Random.Int(0, 3) };

        var jobs = Created<V1Job>(Plan(jobSet, gates: new FeatureGates(RestartJob: f.Random.Bool())));

        Assert.That(jobs, Has.Count.EqualTo(rjobs.Sum(r => r.Replicas)));
        foreach (var job in jobs)
        {
            var labels = job.Metadata.Labels;
            foreach (var key in UpstreamKeys.Concat(labels.ContainsKey(WellKnownKeys.Coordinator) ? [WellKnownKeys.Coordinator] : []))
            {
                Assert.That(
                    new[] { job.Metadata.Annotations[key], job.Spec.Template.Metadata.Labels[key], job.Spec.Template.Metadata.Annotations[key] },
                    Has.All.EqualTo(labels[key]),
                    $"seed {seed} {job.Metadata.Name} {key}");
            }

            Assert.That(labels[WellKnownKeys.RestartAttempt], Is.EqualTo(Text(jobSet.Status.Restarts)));
            // The template's own value for an upstream key is overridden.
            Assert.That(labels[WellKnownKeys.JobIndex], Is.Not.EqualTo("overridden"));
        }

        Assert.That(jobs.Select(j => int.Parse(j.Metadata.Labels[WellKnownKeys.JobGlobalIndex], CultureInfo.InvariantCulture)), Is.EqualTo(Enumerable.Range(0, jobs.Count)));
        foreach (var group in jobs.GroupBy(j => j.Metadata.Labels[WellKnownKeys.GroupName]))
        {
            Assert.That(group.Select(j => int.Parse(j.Metadata.Labels[WellKnownKeys.JobGroupIndex], CultureInfo.InvariantCulture)), Is.EqualTo(Enumerable.Range(0, group.Count())));
            Assert.That(group.Select(j => j.Metadata.Labels[WellKnownKeys.GroupReplicas]).Distinct(), Is.EqualTo(new[] { Text(group.Count()) }));
        }
    }

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 40);
}
