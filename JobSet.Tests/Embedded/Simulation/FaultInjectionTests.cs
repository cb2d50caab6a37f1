using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class FaultInjectionTests
{
    private static readonly Dictionary<string, string> LongRun = new() { [SimulationAnnotations.RunSeconds] = "60" };

    [Test]
    public async Task FailPod_fails_a_running_pod_and_the_job_replaces_it()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", annotations: LongRun));
        h.RunFor(TimeSpan.FromSeconds(2));
        var pod = h.PodsOf("demo").Single();

        Assert.That(h.Simulator.FailPod(SimulationHarness.Namespace, pod.Metadata.Name, exitCode: 9), Is.True);
        h.Run();
        var failed = h.Pod(pod.Metadata.Name)!;
        Assert.Multiple(() =>
        {
            Assert.That(failed.Status.Phase, Is.EqualTo("Failed"));
            Assert.That(failed.Status.ContainerStatuses[0].State.Terminated.ExitCode, Is.EqualTo(9));
            Assert.That(h.Job("demo").Status.Failed, Is.EqualTo(1));
            Assert.That(h.ActivePodsOf("demo"), Has.Count.EqualTo(1));
            Assert.That(h.ActivePodsOf("demo").Single().Metadata.Name, Is.Not.EqualTo(pod.Metadata.Name));
            Assert.That(h.ActivePodsOf("demo").Single().Metadata.Annotations[SimulationAnnotations.Attempt], Is.EqualTo("1"));
            Assert.That(h.Simulator.FailPod(SimulationHarness.Namespace, pod.Metadata.Name), Is.False, "a finished pod cannot fail again");
        });
    }

    [Test]
    public async Task FailPod_fails_the_pod_even_with_restartPolicy_OnFailure()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", restartPolicy: "OnFailure", annotations: LongRun));
        h.RunFor(TimeSpan.FromSeconds(2));
        var pod = h.PodsOf("demo").Single();
        h.Simulator.FailPod(SimulationHarness.Namespace, pod.Metadata.Name);
        h.Run();
        Assert.That(h.Pod(pod.Metadata.Name)!.Status.Phase, Is.EqualTo("Failed"));
    }

    [Test]
    public async Task FailJobPods_fails_every_active_pod_of_the_job_only()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3, backoffLimit: 2, annotations: LongRun));
        h.Create(SimulationHarness.NewJob("other", annotations: LongRun));
        h.RunFor(TimeSpan.FromSeconds(2));

        Assert.That(h.Simulator.FailJobPods(SimulationHarness.Namespace, "demo"), Is.EqualTo(3));
        h.Run();
        Assert.Multiple(() =>
        {
            Assert.That(SimulationHarness.HasCondition(h.Job("demo"), "Failed", "BackoffLimitExceeded"), Is.True);
            Assert.That(h.Job("demo").Status.Failed, Is.EqualTo(3));
            Assert.That(h.ActivePodsOf("other"), Has.Count.EqualTo(1));
            Assert.That(h.Job("other").Status.Failed, Is.Zero);
        });
    }

    [Test]
    public async Task The_fail_now_annotation_on_a_job_fails_its_pods_once_and_is_removed()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2, annotations: LongRun));
        h.RunFor(TimeSpan.FromSeconds(2));
        var job = h.Job("demo");
        job.Metadata.Annotations = new Dictionary<string, string> { [SimulationAnnotations.FailNow] = "4" };
        h.Store.Update(ResourceType.Jobs, job);
        h.Run();
        job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.Annotations?.ContainsKey(SimulationAnnotations.FailNow) ?? false, Is.False);
            Assert.That(job.Status.Failed, Is.EqualTo(2));
            Assert.That(h.PodsOf("demo").Where(p => p.Status.Phase == "Failed").Select(p => p.Status.ContainerStatuses[0].State.Terminated.ExitCode), Is.EqualTo(new[] { 4, 4 }));
            Assert.That(h.ActivePodsOf("demo"), Has.Count.EqualTo(2), "replacements run");
        });
    }

    [Test]
    public async Task The_fail_now_annotation_on_a_pod_fails_that_pod()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2, annotations: LongRun));
        h.RunFor(TimeSpan.FromSeconds(2));
        var pod = h.PodsOf("demo")[0];
        pod.Metadata.Annotations[SimulationAnnotations.FailNow] = "true";
        h.Store.Update(ResourceType.Pods, pod);
        h.Run();
        Assert.Multiple(() =>
        {
            Assert.That(h.Pod(pod.Metadata.Name)!.Status.Phase, Is.EqualTo("Failed"));
            Assert.That(h.Pod(pod.Metadata.Name)!.Status.ContainerStatuses[0].State.Terminated.ExitCode, Is.EqualTo(1));
            Assert.That(h.Job("demo").Status.Failed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_podFailurePolicy_can_ignore_pods_lost_with_their_node()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 2; o.NodePools = 1; });
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2, backoffLimit: 0, annotations: LongRun, job: j => j.PodFailurePolicy = new V1PodFailurePolicy
        {
            Rules = [new V1PodFailurePolicyRule { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] }],
        }));
        h.RunFor(TimeSpan.FromSeconds(2));
        h.Simulator.RemoveNode("sim-node-1");
        h.Run();
        Assert.Multiple(() =>
        {
            Assert.That(h.Job("demo").Status.Failed, Is.Zero);
            Assert.That(SimulationHarness.HasCondition(h.Job("demo"), "FailureTarget"), Is.False);
            Assert.That(h.ActivePodsOf("demo").Select(p => p.Spec.NodeName), Is.EqualTo(new[] { "sim-node-0", "sim-node-0" }));
        });
    }

    [Test]
    public async Task Deleting_a_node_through_the_store_fails_its_pods_like_RemoveNode()
    {
        await using var h = new SimulationHarness(o => { o.NodeCount = 1; o.NodePools = 1; });
        h.Create(SimulationHarness.NewJob("demo", backoffLimit: 3, annotations: LongRun));
        h.RunFor(TimeSpan.FromSeconds(2));
        h.Store.Delete(ResourceType.Nodes, null, "sim-node-0");
        h.Run();
        Assert.Multiple(() =>
        {
            Assert.That(h.Job("demo").Status.Failed, Is.EqualTo(1));
            Assert.That(h.ActivePodsOf("demo").Single().Spec.NodeName, Is.Null, "no node left to run the replacement");
        });
    }
}
