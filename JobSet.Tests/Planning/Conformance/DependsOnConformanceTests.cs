using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>dependsOn checked against upstream's depends_on_test.go and its integration cases.</summary>
public class DependsOnConformanceTests
{
    private static V1alpha2ReplicatedJobStatus S(string name, int ready, int succeeded, int failed) => new() { Name = name, Ready = ready, Succeeded = succeeded, Failed = failed };

    public static IEnumerable<TestCaseData> Cases()
    {
        var replicas = new Dictionary<string, int> { ["a"] = 2, ["b"] = 3 };
        yield return new TestCaseData(Array.Empty<(string, string)>(), replicas, Array.Empty<V1alpha2ReplicatedJobStatus>(), true)
            .SetName("ReplicatedJob doesn't have any dependencies");
        yield return new TestCaseData(new[] { ("a", "Complete") }, replicas, new[] { S("b", 0, 1, 0) }, false)
            .SetName("status for ReplicatedJob is nil");
        yield return new TestCaseData(new[] { ("a", "Complete") }, replicas, Array.Empty<V1alpha2ReplicatedJobStatus>(), false)
            .SetName("rJobStatuses is nil");
        yield return new TestCaseData(new[] { ("a", "Complete"), ("b", "Complete") }, replicas, new[] { S("a", 0, 2, 0), S("b", 0, 3, 0) }, true)
            .SetName("depends on ReplicatedJob reaches complete status");
        yield return new TestCaseData(new[] { ("a", "Complete"), ("b", "Complete") }, replicas, new[] { S("a", 1, 1, 0), S("b", 0, 3, 0) }, false)
            .SetName("one depends on ReplicatedJob doesn't reach complete status");
        yield return new TestCaseData(new[] { ("a", "Complete"), ("b", "Complete") }, replicas, new[] { S("a", 1, 1, 0), S("b", 1, 1, 0) }, false)
            .SetName("two depends on ReplicatedJob doesn't reach complete status");
        yield return new TestCaseData(new[] { ("a", "Ready"), ("b", "Ready") }, replicas, new[] { S("a", 1, 1, 0), S("b", 1, 1, 1) }, true)
            .SetName("depends on ReplicatedJob reaches ready status");
        yield return new TestCaseData(new[] { ("a", "Ready"), ("b", "Ready") }, replicas, new[] { S("a", 1, 0, 0), S("b", 1, 1, 1) }, false)
            .SetName("one depends on ReplicatedJob doesn't reach ready status");
        yield return new TestCaseData(new[] { ("a", "Ready"), ("b", "Ready") }, replicas, new[] { S("a", 1, 0, 0), S("b", 2, 0, 0) }, false)
            .SetName("two depends on ReplicatedJobs doesn't reach ready status");
        yield return new TestCaseData(new[] { ("a", "Ready") }, replicas, new[] { S("a", 0, 1, 1) }, true)
            .SetName("ready counts failed and succeeded jobs too");
    }

    // Mirrors TestDependencyReachedStatus.
    [TestCaseSource(nameof(Cases))]
    public void Dependency_reached_status(
        (string Name, string Status)[] dependsOn,
        Dictionary<string, int> replicas,
        V1alpha2ReplicatedJobStatus[] statuses,
        bool expected)
    {
        var rjob = new V1alpha2ReplicatedJob { Name = "c", DependsOn = [.. dependsOn.Select(d => new V1alpha2DependsOn { Name = d.Name, Status = d.Status })] };

        var reached = DependsOnStep.Reached(rjob, replicas, statuses.ToDictionary(s => s.Name));

        Assert.That(reached, Is.EqualTo(expected));
    }

    // Mirrors the integration cases "DependsOn: rjob-b depends on ready status of rjob-a" and
    // "rjob-b depends on complete status of rjob-a": b's Jobs appear only once a reached the status.
    [TestCase("Ready", "ready")]
    [TestCase("Complete", "succeeded")]
    public void Dependent_replicated_job_is_created_once_its_dependency_reached_the_status(string status, string transition)
    {
        var cluster = new Cluster(MakeJobSet(
            ReplicatedJob("rjob-a", 2) + "\n" + ReplicatedJob("rjob-b", 1, extra: $"dependsOn:\n- name: rjob-a\n  status: {status}")));

        var first = cluster.Step();
        cluster.Ready("test-jobset-rjob-a-0");
        var partly = cluster.Step(Cluster.T0.AddSeconds(1));
        foreach (var name in new[] { "test-jobset-rjob-a-0", "test-jobset-rjob-a-1" })
        {
            if (transition == "ready")
            {
                cluster.Ready(name);
            }
            else
            {
                cluster.Succeed(name);
            }
        }

        var reached = cluster.Step(Cluster.T0.AddSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(Created<V1Job>(first).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-rjob-a-0", "test-jobset-rjob-a-1" }));
            Assert.That(Created<V1Job>(partly), Is.Empty);
            Assert.That(Created<V1Job>(reached).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-rjob-b-0" }));
        });
    }

    // Mirrors the integration case "DependsOn: resume suspended JobSet when rjob-b depends on ready
    // status of rjob-a": on resume only rjob-a is unsuspended until it is ready.
    [Test]
    public void Resume_unsuspends_a_dependent_replicated_job_after_its_dependency()
    {
        var cluster = new Cluster(MakeJobSet(
            ReplicatedJob("rjob-a", 1) + "\n" + ReplicatedJob("rjob-b", 1, extra: "dependsOn:\n- name: rjob-a\n  status: Ready"),
            "suspend: true"));
        cluster.Step();
        cluster.Step(Cluster.T0.AddSeconds(1));
        var createdWhileSuspended = cluster.Jobs.Select(j => j.Metadata.Name).ToList();
        cluster.JobSet.Spec.Suspend = false;

        var resumed = cluster.Step(Cluster.T0.AddSeconds(2));
        cluster.Ready("test-jobset-rjob-a-0");
        var next = cluster.Step(Cluster.T0.AddSeconds(3));

        Assert.Multiple(() =>
        {
            // Suspended, the dependency has not reached Ready: rjob-b's Job is not made yet.
            Assert.That(createdWhileSuspended, Is.EqualTo(new[] { "test-jobset-rjob-a-0" }));
            Assert.That(Updated<V1Job>(resumed).Select(j => (j.Metadata.Name, j.Spec.Suspend)), Is.EqualTo(new[] { ("test-jobset-rjob-a-0", (bool?)false) }));
            Assert.That(Created<V1Job>(next).Select(j => (j.Metadata.Name, j.Spec.Suspend)), Is.EqualTo(new[] { ("test-jobset-rjob-b-0", (bool?)false) }));
        });
    }
}
