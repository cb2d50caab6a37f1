using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Placement.Conformance;

/// <summary>
/// Exclusive-placement pod admission against upstream's pkg/webhooks/pod_webhook_test.go
/// (TestDefault, TestLeaderPodName, TestPodsOwnedBySameJob, TestLeaderPodForFollower,
/// TestPodWebhook_DuplicateLeaderPods). The observed pods and nodes upstream loads into its
/// fake client are given here as a <see cref="PlacementIndex"/>.
/// </summary>
public class PodWebhookConformanceTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string JobUid = "job-uid-1";

    // TestDefault / "not a jobset pod".
    [Test]
    public void Default_leaves_a_pod_of_no_JobSet_alone()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Priority = 100 } };

        var before = Json(pod);

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(Json(mutated), Is.EqualTo(before));
    }

    // TestDefault / "using node selector strategy" (with a priority, which is not recorded either).
    [Test]
    public void Default_leaves_a_node_selector_strategy_pod_alone()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Annotations = Map((WellKnownKeys.JobSetName, "js"), (WellKnownKeys.NodeSelectorStrategy, "")) },
            Spec = new V1PodSpec { Priority = 100 },
        };

        var before = Json(pod);

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(Json(mutated), Is.EqualTo(before));
    }

    // TestDefault / "jobset pod, no exclusive placement, no priority".
    [Test]
    public void Default_leaves_a_JobSet_pod_without_priority_or_exclusivity_alone()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", Annotations = Map((WellKnownKeys.JobSetName, "js")) }, Spec = new V1PodSpec() };

        var before = Json(pod);

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(Json(mutated), Is.EqualTo(before));
    }

    // TestDefault / "jobset pod, no exclusive placement, with priority".
    [Test]
    public void Default_records_the_priority_of_any_JobSet_pod()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", Annotations = Map((WellKnownKeys.JobSetName, "js")) }, Spec = new V1PodSpec { Priority = 100 } };

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(mutated.Metadata.Labels, Is.EqualTo(Map((WellKnownKeys.Priority, "100"))));
        Assert.That(mutated.Spec.Affinity, Is.Null);
    }

    // TestDefault / "leader pod with exclusive placement": the exact affinity and anti-affinity.
    [Test]
    public void Default_gives_the_leader_its_affinity_terms()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "p-leader",
                Labels = Map((WellKnownKeys.JobKey, "js-rjob-0")),
                Annotations = Map(
                    (WellKnownKeys.JobSetName, "js"),
                    (WellKnownKeys.ExclusiveTopology, Zone),
                    (WellKnownKeys.JobCompletionIndex, "0"),
                    (WellKnownKeys.ReplicatedJobName, "rjob"),
                    (WellKnownKeys.JobIndex, "0")),
            },
            Spec = new V1PodSpec { Priority = 100 },
        };
        var sameJob = new V1LabelSelectorRequirement { Key = WellKnownKeys.JobKey, OperatorProperty = "In", Values = ["js-rjob-0"] };
        var otherJobsOfMyPriority = new[]
        {
            new V1LabelSelectorRequirement { Key = WellKnownKeys.JobKey, OperatorProperty = "Exists" },
            new V1LabelSelectorRequirement { Key = WellKnownKeys.JobKey, OperatorProperty = "NotIn", Values = ["js-rjob-0"] },
            new V1LabelSelectorRequirement { Key = WellKnownKeys.Priority, OperatorProperty = "In", Values = ["100"] },
        };
        var expected = new V1Affinity
        {
            PodAffinity = new V1PodAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchExpressions = [sameJob] }, TopologyKey = Zone, NamespaceSelector = new V1LabelSelector() },
                ],
            },
            PodAntiAffinity = new V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchExpressions = otherJobsOfMyPriority }, TopologyKey = Zone, NamespaceSelector = new V1LabelSelector() },
                ],
            },
        };

        var mutated = Mutated(pod, PlacementIndex.Empty);

        Assert.That(Json(mutated.Spec.Affinity), Is.EqualTo(Json(expected)));
        Assert.That(mutated.Metadata.Labels, Is.EqualTo(Map((WellKnownKeys.JobKey, "js-rjob-0"), (WellKnownKeys.Priority, "100"))));
        Assert.That(mutated.Spec.NodeSelector, Is.Null);
    }

    // TestDefault / "follower pod, leader not scheduled": only the priority label is added.
    [Test]
    public void Default_leaves_a_follower_of_an_unscheduled_leader_without_nodeSelector()
    {
        var index = PlacementIndex.Build([LeaderNamed("js-rjob-0-0-leader")], []);

        var mutated = Mutated(Follower("js-rjob-0-1-follower"), index);

        Assert.That(mutated.Spec.NodeSelector, Is.Null);
        Assert.That(mutated.Metadata.Labels[WellKnownKeys.Priority], Is.EqualTo("100"));
    }

    // TestDefault / "follower pod, leader scheduled".
    [Test]
    public void Default_sends_a_follower_to_its_leader_nodes_zone()
    {
        var index = PlacementIndex.Build([LeaderNamed("js-rjob-0-0-leader", node: "node-a")], [Node("node-a", (Zone, "zone-a"))]);

        var mutated = Mutated(Follower("js-rjob-0-1-follower"), index);

        Assert.That(mutated.Spec.NodeSelector, Is.EqualTo(Map((Zone, "zone-a"))));
        Assert.That(mutated.Metadata.Labels[WellKnownKeys.Priority], Is.EqualTo("100"));
    }

    // TestDefault / "follower pod, leader scheduled on missing node": a not-found error.
    [Test]
    public void Default_fails_when_the_leaders_node_is_missing()
    {
        var index = PlacementIndex.Build([LeaderNamed("js-rjob-0-0-leader", node: "node-a")], []);

        var result = PodMutation.Apply(Follower("js-rjob-0-1-follower"), index);

        Assert.That(result.TryPickT1(out var denial, out _), Is.True);
        Assert.That(denial.Message, Is.EqualTo("nodes \"node-a\" not found"));
    }

    // pod_webhook.go topologyFromPod: a leader node without the topology label is an error.
    [Test]
    public void Default_fails_when_the_leaders_node_lacks_the_topology_label()
    {
        var index = PlacementIndex.Build([LeaderNamed("js-rjob-0-0-leader", node: "node-a")], [Node("node-a", ("kubernetes.io/hostname", "node-a"))]);

        var result = PodMutation.Apply(Follower("js-rjob-0-1-follower"), index);

        Assert.That(result.TryPickT1(out var denial, out _), Is.True);
        Assert.That(denial.Message, Is.EqualTo($"node does not have topology label: {Zone}"));
    }

    // TestLeaderPodName / "valid pod" and "pod missing labels".
    [TestCase(true, "js-rjob-0-0", TestName = "Leader name: from the three labels")]
    [TestCase(false, "pod missing label: jobset.sigs.k8s.io/job-index", TestName = "Leader name: job-index label missing")]
    public void Leader_name(bool withJobIndex, string expected)
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "pod", Labels = Map((WellKnownKeys.JobSetName, "js"), (WellKnownKeys.ReplicatedJobName, "rjob")) } };
        if (withJobIndex)
        {
            pod.Metadata.Labels[WellKnownKeys.JobIndex] = "0";
        }

        var name = PodNames.LeaderOf(pod).Match(n => n, denial => denial.Message);

        Assert.That(name, Is.EqualTo(expected));
    }

    // TestPodsOwnedBySameJob: the four cases.
    [TestCase("job-uid-1", "job-uid-1", null, TestName = "Same Job: both owned by one Job")]
    [TestCase("job-uid-1", "job-uid-2", "follower pod owner UID (job-uid-2) != leader pod owner UID (job-uid-1)", TestName = "Same Job: different owners")]
    [TestCase("job-uid-1", null, "follower pod has no owner reference", TestName = "Same Job: follower without owner")]
    [TestCase(null, "job-uid-2", "leader pod \"leader-pod\" has no owner reference", TestName = "Same Job: leader without owner")]
    public void Owned_by_same_job(string? leaderOwner, string? followerOwner, string? expected)
    {
        var leader = new V1Pod { Metadata = new V1ObjectMeta { Name = "leader-pod", OwnerReferences = Owners(leaderOwner) } };
        var follower = new V1Pod { Metadata = new V1ObjectMeta { Name = "follower-pod", OwnerReferences = Owners(followerOwner) } };

        Assert.That(LeaderLookup.OwnedBySameJob(leader, follower)?.Message, Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> LeaderLookups()
    {
        var leader = Pod("js-rjob-0-0-xyz");

        // TestLeaderPodForFollower / "valid leader pod exists".
        yield return Lookup("the one leader", Pod("js-rjob-0-1-abc"), [leader], "js-rjob-0-0-xyz");

        // TestLeaderPodForFollower / "follower pod missing labels".
        var unlabelled = Pod("js-rjob-0-1-abc");
        unlabelled.Metadata.Labels.Remove(WellKnownKeys.JobIndex);
        yield return Lookup("follower without job-index", unlabelled, [leader], "pod missing label: jobset.sigs.k8s.io/job-index");

        // TestLeaderPodForFollower / "no leader pod found".
        yield return Lookup("no leader", Pod("js-rjob-0-1-abc"), [], "expected 1 leader pod (js-rjob-0-0), but got 0");

        // TestLeaderPodForFollower / "multiple leader pods found".
        yield return Lookup("two live leaders", Pod("js-rjob-0-1-abc"), [leader, Pod("js-rjob-0-0-uvw")], "expected 1 leader pod (js-rjob-0-0), but got 2");

        // TestLeaderPodForFollower / "leader pod is terminating".
        var terminating = Pod("js-rjob-0-0-xyz");
        terminating.Metadata.DeletionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        terminating.Metadata.Finalizers = ["batch.kubernetes.io/job-tracking"];
        yield return Lookup("leader being deleted", Pod("js-rjob-0-1-abc"), [terminating], "expected 1 leader pod (js-rjob-0-0), but got 0");

        // TestLeaderPodForFollower / "active leader alongside failed leader pod".
        yield return Lookup("live leader next to a failed one", Pod("js-rjob-0-1-abc"), [leader, Pod("js-rjob-0-0-failed", phase: "Failed")], "js-rjob-0-0-xyz");

        // TestLeaderPodForFollower / "active leader alongside succeeded leader pod".
        yield return Lookup("live leader next to a succeeded one", Pod("js-rjob-0-1-abc"), [leader, Pod("js-rjob-0-0-succeeded", phase: "Succeeded")], "js-rjob-0-0-xyz");

        // TestLeaderPodForFollower / "leader and follower owned by different jobs".
        yield return Lookup("leader of another Job", Pod("js-rjob-0-1-abc"), [Pod("js-rjob-0-0-xyz", owner: "job-uid-2")],
            "follower pod owner UID (job-uid-1) != leader pod owner UID (job-uid-2)");
    }

    [TestCaseSource(nameof(LeaderLookups))]
    public void Leader_lookup(V1Pod follower, V1Pod[] observed, string expected)
    {
        var found = LeaderLookup.Find(follower, PlacementIndex.Build(observed, []))
            .Match(leader => leader.Metadata.Name, denial => denial.Message);

        Assert.That(found, Does.StartWith(expected));
    }

    // TestPodWebhook_DuplicateLeaderPods: a failed earlier leader next to the live,
    // scheduled one does not block the follower.
    [Test]
    public void Validation_ignores_a_failed_earlier_leader()
    {
        var oldLeader = Pod("test-jobset-slice-0-0-oldhash", jobSet: "test-jobset", rjob: "slice", phase: "Failed", owner: "uid-123");
        var newLeader = Pod("test-jobset-slice-0-0-newhash", jobSet: "test-jobset", rjob: "slice", phase: "Pending", owner: "uid-123");
        newLeader.Spec.NodeName = "node-a";
        var follower = Pod("test-jobset-slice-0-1-randomhash", jobSet: "test-jobset", rjob: "slice", owner: "uid-123", completionIndex: "1");
        follower.Spec.NodeSelector = Map((Zone, "zone-a"));

        var result = PodValidation.ValidateCreate(follower, PlacementIndex.Build([oldLeader, newLeader, follower], []));

        Assert.That(result.IsValid, Is.True, () => result.Match(_ => "", d => d.Message));
    }

    private static IEnumerable<TestCaseData> Validations()
    {
        // pod_webhook.go ValidateCreate, branch by branch.
        yield return Validation("follower without nodeSelector", f => { }, [LeaderNamed("js-rjob-0-0-leader", node: "node-a")],
            "follower pod node selector not set");
        yield return Validation("follower selecting something else", f => f.Spec.NodeSelector = Map(("disk", "ssd")), [LeaderNamed("js-rjob-0-0-leader", node: "node-a")],
            $"follower pod node selector for topology domain not found. missing selector: {Zone}");
        yield return Validation("leader not scheduled", f => f.Spec.NodeSelector = Map((Zone, "zone-a")), [LeaderNamed("js-rjob-0-0-leader")],
            "leader pod not yet scheduled, not creating follower pod. this is an expected, transient error");
        yield return Validation("leader missing", f => f.Spec.NodeSelector = Map((Zone, "zone-a")), [],
            "expected 1 leader pod (js-rjob-0-0), but got 0. this is an expected, transient error");
        yield return Validation("leader scheduled", f => f.Spec.NodeSelector = Map((Zone, "zone-a")), [LeaderNamed("js-rjob-0-0-leader", node: "node-a")], null);
        yield return Validation("leader itself", f => f.Metadata.Annotations[WellKnownKeys.JobCompletionIndex] = "0", [], null);
        yield return Validation("no exclusive annotation", f => f.Metadata.Annotations.Remove(WellKnownKeys.ExclusiveTopology), [], null);
        yield return Validation("node-selector strategy", f => f.Metadata.Annotations[WellKnownKeys.NodeSelectorStrategy] = "true", [], null);
        yield return Validation("no jobset-name annotation", f => f.Metadata.Annotations.Remove(WellKnownKeys.JobSetName), [], null);
    }

    [TestCaseSource(nameof(Validations))]
    public void Validate_create(Action<V1Pod> change, V1Pod[] observed, string? expected)
    {
        var follower = Follower("js-rjob-0-1-follower");
        change(follower);

        var message = PodValidation.ValidateCreate(follower, PlacementIndex.Build(observed, [])).Match(_ => (string?)null, d => d.Message);

        Assert.That(message, Is.EqualTo(expected));
    }

    private static V1Pod Mutated(V1Pod pod, PlacementIndex index)
    {
        var result = PodMutation.Apply(pod, index);
        Assert.That(result.TryPickT0(out var mutated, out var denial), Is.True, () => denial.Message);
        return mutated;
    }

    /// <summary>The follower of upstream's TestDefault: labels name its Job, annotations make it exclusive, index 1.</summary>
    private static V1Pod Follower(string name) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = Map((WellKnownKeys.JobSetName, "js"), (WellKnownKeys.ReplicatedJobName, "rjob"), (WellKnownKeys.JobIndex, "0")),
            Annotations = Map((WellKnownKeys.JobSetName, "js"), (WellKnownKeys.ExclusiveTopology, Zone), (WellKnownKeys.JobCompletionIndex, "1")),
            OwnerReferences = Owners(JobUid),
        },
        Spec = new V1PodSpec { Priority = 100 },
    };

    /// <summary>The leader of upstream's TestDefault (no jobset-name annotation, as there).</summary>
    private static V1Pod LeaderNamed(string name, string? node = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = Map((WellKnownKeys.JobSetName, "js"), (WellKnownKeys.ReplicatedJobName, "rjob"), (WellKnownKeys.JobIndex, "0")),
            Annotations = Map((WellKnownKeys.ExclusiveTopology, Zone), (WellKnownKeys.JobCompletionIndex, "0")),
            OwnerReferences = Owners(JobUid),
        },
        Spec = new V1PodSpec { NodeName = node },
    };

    /// <summary>upstream's makeTestPod: Job 0 of rjob in js, exclusive per zone, owned by a Job.</summary>
    private static V1Pod Pod(string name, string owner = JobUid, string? phase = null, string jobSet = "js", string rjob = "rjob", string? completionIndex = null)
    {
        var annotations = Map((WellKnownKeys.ExclusiveTopology, Zone));
        if (completionIndex is not null)
        {
            annotations[WellKnownKeys.JobSetName] = jobSet;
            annotations[WellKnownKeys.JobCompletionIndex] = completionIndex;
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Labels = Map((WellKnownKeys.JobSetName, jobSet), (WellKnownKeys.ReplicatedJobName, rjob), (WellKnownKeys.JobIndex, "0")),
                Annotations = annotations,
                OwnerReferences = Owners(owner),
            },
            Spec = new V1PodSpec(),
            Status = phase is null ? null : new V1PodStatus { Phase = phase },
        };
    }

    private static V1Node Node(string name, params (string Key, string Value)[] labels) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = Map(labels) } };

    private static List<V1OwnerReference>? Owners(string? uid) =>
        uid is null ? null : [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "js-rjob-0", Uid = uid, Controller = true }];

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static string Json(object? value) => value is null ? "null" : KubeSerializer.ToNode(value)?.ToJsonString() ?? "null";

    private static TestCaseData Lookup(string name, V1Pod follower, V1Pod[] observed, string expected) =>
        new TestCaseData(follower, observed, expected).SetName($"Leader lookup: {name}");

    private static TestCaseData Validation(string name, Action<V1Pod> change, V1Pod[] observed, string? expected) =>
        new TestCaseData(change, observed, expected).SetName($"Pod validation {(expected is null ? "admits" : "denies")}: {name}");
}
