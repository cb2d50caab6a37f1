using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

/// <summary>
/// The background simulation reconciles a pass's Jobs, then its pods, on several threads: every
/// Job still ends exactly as when one thread does the same work (conditions, reasons, counts),
/// and every pod keeps its own identity (names and addresses are drawn safely).
/// </summary>
public sealed class ParallelWorkersTests
{
    [Test]
    public async Task Parallel_workers_reach_the_outcomes_of_one_thread()
    {
        await using var sequential = new SimulationHarness(o => o.NodeCount = 16);
        await using var parallel = new SimulationHarness(o => { o.NodeCount = 16; o.Workers = 4; });
        foreach (var h in new[] { sequential, parallel })
        {
            h.Run(); // creates the nodes and subscribes, as the background simulation starts; the Jobs then arrive as store events
            for (var i = 0; i < 20; i++)
            {
                h.Create(SimulationHarness.NewJob($"job-{i}", parallelism: 3, completions: 3, backoffLimit: i % 3 == 0 ? 0 : 6, annotations: Behaviour(i)));
            }
        }

        for (var second = 0; second < 15; second++)
        {
            sequential.Simulator.DrainPending(parallel: false);
            parallel.Simulator.DrainPending(parallel: true);
            sequential.Clock.Advance(TimeSpan.FromSeconds(1));
            parallel.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var pods = TypedStoreExtensions.List<V1Pod>(parallel.Store, ResourceType.Pods, SimulationHarness.Namespace);
        Assert.Multiple(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.That(Outcome(parallel.Job($"job-{i}")), Is.EqualTo(Outcome(sequential.Job($"job-{i}"))), $"job-{i}");
            }

            Assert.That(Outcome(parallel.Job("job-0")), Does.Contain("Failed=True BackoffLimitExceeded"), "a Job that fails");
            Assert.That(Outcome(parallel.Job("job-1")), Does.Contain("Complete=True CompletionsReached"), "a Job that completes");
            Assert.That(pods.Select(p => p.Metadata.Name), Is.Unique);
            Assert.That(pods.Where(p => p.Status.PodIP is not null).Select(p => (p.Spec.NodeName, p.Status.PodIP)), Is.Unique);
        });
    }

    /// <summary>Every third Job fails index 1 with no retries; the others fail index 1 once and then complete.</summary>
    private static Dictionary<string, string> Behaviour(int i) => new()
    {
        ["sim.jobset.x-k8s.io/run-seconds"] = "2",
        ["sim.jobset.x-k8s.io/fail-index"] = "1",
        ["sim.jobset.x-k8s.io/fail-attempts"] = "1",
        ["sim.jobset.x-k8s.io/exit-code"] = (i % 5 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Outcome(V1Job job) =>
        $"succeeded={job.Status?.Succeeded} failed={job.Status?.Failed} active={job.Status?.Active} indexes={job.Status?.CompletedIndexes} "
        + string.Join(", ", (job.Status?.Conditions ?? []).OrderBy(c => c.Type, StringComparer.Ordinal).Select(c => $"{c.Type}={c.Status} {c.Reason}"));
}
