using JobSet.Core.Api;
using JobSet.Kubernetes.Embedded;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Controller;

/// <summary>
/// The controller reaches the same final state under API faults as without them: no duplicate
/// Jobs, no lost status. The scenario: a leader that fails its first attempt under
/// RestartJobSet (one restart), then everything completes.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class FaultToleranceTests
{
    private const string Scenario = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: faulty
        spec:
          failurePolicy:
            maxRestarts: 3
          replicatedJobs:
          - name: leader
            template:
              spec:
                backoffLimit: 0
                template:
                  metadata:
                    annotations:
                      sim.jobset.x-k8s.io/fail-attempts: "1"
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: c
                      image: busybox
          - name: workers
            replicas: 4
            template:
              spec:
                parallelism: 2
                completions: 2
                backoffLimit: 0
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: c
                      image: busybox
        """;

    private static readonly string[] FinalJobs = ["faulty-leader-0", "faulty-workers-0", "faulty-workers-1", "faulty-workers-2", "faulty-workers-3"];

    [Test]
    public async Task Without_faults() => await RunScenario(_ => { });

    [Test]
    public async Task Half_of_the_status_writes_conflict() => await RunScenario(f =>
    {
        f.StatusConflictRate = 0.5;
        f.StatusConflictResource = ApiGroup.JobSetPlural;
    });

    [Test]
    public async Task Server_errors_and_throttling_on_a_fifth_of_requests() => await RunScenario(f =>
    {
        f.ServerErrorRate = 0.1;
        f.TooManyRequestsRate = 0.1;
    });

    [Test]
    public async Task Watches_closed_often_and_resource_versions_expired() => await RunScenario(f =>
    {
        f.CloseWatchAfterEvents = 3;
        f.ExpireNextWatches = 6;
    });

    [Test]
    public async Task Controller_restarted_mid_run_resumes_without_duplicates()
    {
        var fixture = await ControllerFixture.StartAsync();
        await using var cluster = new ClusterOwner(fixture.Cluster);
        await fixture.CreateAsync(Scenario);
        await fixture.WaitAsync("faulty", j => (j.Status?.Restarts ?? 0) >= 1, TimeSpan.FromSeconds(60));

        // Stop the controller mid-run (the cluster keeps running), then start a fresh one on it.
        await fixture.StopControllerAsync();
        await fixture.DisposeAsync();
        await using var second = await ControllerFixture.AttachAsync(fixture.Cluster);
        var done = await second.WaitForConditionAsync("faulty", JobSetConditionType.Completed, TimeSpan.FromSeconds(90));
        var jobs = await second.JobsAsync("faulty");

        Assert.Multiple(() =>
        {
            Assert.That(done.Status!.Restarts, Is.EqualTo(1));
            Assert.That(jobs.Select(j => j.Metadata.Name).Order(), Is.EqualTo(FinalJobs));
            Assert.That(jobs.All(j => j.Metadata.Labels[WellKnownKeys.RestartAttempt] == "1"), Is.True);
        });
    }

    [Test]
    public async Task A_job_name_taken_by_a_foreign_job_is_reported_and_retried_until_freed()
    {
        await using var f = await ControllerFixture.StartAsync();
        await f.Client.BatchV1.CreateNamespacedJobAsync(
            new V1Job
            {
                Metadata = new V1ObjectMeta { Name = "faulty-workers-2", NamespaceProperty = "default" },
                Spec = new V1JobSpec
                {
                    Suspend = true,
                    Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "busybox" }] } },
                },
            },
            "default");
        await f.CreateAsync(Scenario);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await f.EventsAsync()).All(e => e.Reason != Reasons.JobCreationFailed))
        {
            await Task.Delay(100, deadline.Token);
        }

        var warning = (await f.EventsAsync()).First(e => e.Reason == Reasons.JobCreationFailed);
        await f.Client.BatchV1.DeleteNamespacedJobAsync("faulty-workers-2", "default", propagationPolicy: "Background");
        var done = await f.WaitForConditionAsync("faulty", JobSetConditionType.Completed, TimeSpan.FromSeconds(90));

        Assert.Multiple(() =>
        {
            Assert.That(warning.Type, Is.EqualTo("Warning"));
            Assert.That(warning.Note, Does.Contain("faulty-workers-2").And.Contain("not controlled by JobSet default/faulty"));
            Assert.That(done.Status!.Restarts, Is.EqualTo(1));
        });
    }

    private static async Task RunScenario(Action<FaultInjectionOptions> faults)
    {
        await using var f = await ControllerFixture.StartAsync(cluster: o => faults(o.Faults));
        await f.CreateAsync(Scenario);

        var done = await f.WaitForConditionAsync("faulty", JobSetConditionType.Completed, TimeSpan.FromSeconds(120));
        f.Cluster.Options.Faults.ServerErrorRate = 0;
        f.Cluster.Options.Faults.TooManyRequestsRate = 0;
        var jobs = await f.JobsAsync("faulty");

        Assert.Multiple(() =>
        {
            Assert.That(done.Status!.Restarts, Is.EqualTo(1), "one restart, counted once");
            Assert.That(done.Status.TerminalState, Is.EqualTo(TerminalState.Completed));
            Assert.That(jobs.Select(j => j.Metadata.Name).Order(), Is.EqualTo(FinalJobs), "no duplicate or leftover Jobs");
            Assert.That(jobs.All(j => j.Metadata.Labels[WellKnownKeys.RestartAttempt] == "1"), Is.True, "only the new attempt's Jobs remain");
            Assert.That(done.Status.ReplicatedJobsStatus!.Sum(s => s.Succeeded), Is.EqualTo(5));
        });
    }

    /// <summary>Disposes a cluster that outlives the controller fixture that started it.</summary>
    private sealed class ClusterOwner(EmbeddedCluster cluster) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => cluster.DisposeAsync();
    }
}
