using JobSet.Core.Api;
using JobSet.Tests.TestSupport;
using k8s;

namespace JobSet.Tests.Controller;

/// <summary>JobSets run to upstream's outcome through the real controller, against the embedded cluster over HTTP, with workload simulation on.</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class ControllerLifecycleTests
{
    [Test]
    public async Task Simple_example_runs_to_completed_with_jobs_service_and_events()
    {
        await using var f = await ControllerFixture.StartAsync();
        await f.CreateAsync(File.ReadAllText(ExampleFiles.PathOf("simple.yaml")));

        var done = await f.WaitForConditionAsync("hello-world", JobSetConditionType.Completed);
        var jobs = await f.JobsAsync("hello-world");
        var service = await f.Client.CoreV1.ReadNamespacedServiceAsync("hello-world", "default");
        var events = await f.EventsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(done.Status!.TerminalState, Is.EqualTo(TerminalState.Completed));
            Assert.That(jobs.Select(j => j.Metadata.Name).Order(), Is.EqualTo(new[] { "hello-world-workers-0", "hello-world-workers-1" }));
            Assert.That(jobs.All(j => j.Metadata.OwnerReferences.Single().Kind == "JobSet"), Is.True);
            Assert.That(service.Spec.ClusterIP, Is.EqualTo("None"));
            Assert.That(events.Select(e => (e.Regarding.Name, e.Reason)), Does.Contain(("hello-world", Reasons.AllJobsCompleted)));
        });
    }
}
