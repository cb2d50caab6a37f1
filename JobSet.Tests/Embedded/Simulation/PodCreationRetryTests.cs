using JobSet.Kubernetes.Embedded.Admission;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class PodCreationRetryTests
{
    [Test]
    public async Task Refused_pod_creates_are_reported_and_retried_like_JobSet_followers_waiting_for_their_leader()
    {
        await using var h = new SimulationHarness();
        h.Store.Admission.Add(new FollowersWaitForLeader());
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3));

        h.Run();
        var pods = h.PodsOf("demo");
        var events = h.Store.List<Corev1Event>(ResourceType.Events, SimulationHarness.Namespace).Where(e => e.Reason == "FailedCreate").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pods.Select(p => p.Metadata.Labels["batch.kubernetes.io/job-completion-index"]), Is.EquivalentTo(new[] { "0", "1", "2" }), "the leader's bind brings the Job back and the followers are created");
            Assert.That(events, Is.Not.Empty);
            Assert.That(events[0].Message, Does.StartWith("Error creating: ").And.Contain("leader pod not yet scheduled"));
            Assert.That(events[0].Type, Is.EqualTo("Warning"));
        });
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
    }

    [Test]
    public async Task A_refused_create_is_retried_by_timer_even_without_other_changes()
    {
        var gate = new RefuseWhileClosed();
        await using var h = new SimulationHarness();
        h.Store.Admission.Add(gate);
        h.Create(SimulationHarness.NewJob("demo"));
        h.Run();
        gate.Open = true;

        h.Simulator.DrainPending();
        Assert.That(h.PodsOf("demo"), Is.Empty, "nothing changed in the store: the retry waits for its timer");
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.Simulator.DrainPending();
        Assert.That(h.PodsOf("demo"), Has.Count.EqualTo(1));
    }

    /// <summary>Like JobSet's pod webhook for exclusive placement: followers wait until index 0 is bound.</summary>
    private sealed class FollowersWaitForLeader : IAdmissionPlugin
    {
        public void Admit(AdmissionRequest request)
        {
            if (request.Resource != ResourceType.Pods || request.Operation != AdmissionOperation.Create)
            {
                return;
            }

            var labels = request.Object["metadata"]?["labels"];
            var index = labels?["batch.kubernetes.io/job-completion-index"]?.GetValue<string>();
            var job = labels?["batch.kubernetes.io/job-name"]?.GetValue<string>();
            if (index is null or "0" || job is null)
            {
                return;
            }

            var leaderBound = request.Objects.List(ResourceType.Pods, SimulationHarness.Namespace, $"batch.kubernetes.io/job-name={job},batch.kubernetes.io/job-completion-index=0")
                .Any(p => p["spec"]?["nodeName"] is not null);
            if (!leaderBound)
            {
                throw new StoreException(403, "Forbidden", "admission webhook denied the request: leader pod not yet scheduled, not creating follower pod. this is an expected, transient error");
            }
        }
    }

    private sealed class RefuseWhileClosed : IAdmissionPlugin
    {
        public bool Open { get; set; }

        public void Admit(AdmissionRequest request)
        {
            if (!Open && request.Resource == ResourceType.Pods)
            {
                throw new StoreException(403, "Forbidden", "closed");
            }
        }
    }
}
