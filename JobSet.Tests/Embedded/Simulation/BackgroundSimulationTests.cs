using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class BackgroundSimulationTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task With_a_virtual_clock_an_hour_long_job_completes_without_waiting_an_hour(CancellationToken cancel)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryClusterStore(new StoreOptions { Time = clock, NameSeed = 1 });
        store.Create(ResourceType.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = SimulationHarness.Namespace } });
        await using var simulator = new WorkloadSimulator(store, new SimulationOptions { VirtualClockQuietPeriod = TimeSpan.FromMilliseconds(5) });
        simulator.Start();

        var job = SimulationHarness.NewJob("long", parallelism: 2, completions: 4, annotations: new Dictionary<string, string> { [SimulationAnnotations.RunSeconds] = "3600" });
        store.Create(ResourceType.Jobs, job);

        var completed = await WaitForAsync(() => SimulationHarness.HasCondition(store.Get<V1Job>(ResourceType.Jobs, SimulationHarness.Namespace, "long")!, "Complete"), cancel);
        var status = store.Get<V1Job>(ResourceType.Jobs, SimulationHarness.Namespace, "long")!.Status;
        Assert.Multiple(() =>
        {
            Assert.That(completed, Is.True);
            Assert.That(status.Succeeded, Is.EqualTo(4));
            Assert.That(clock.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Is.GreaterThanOrEqualTo(TimeSpan.FromHours(2)), "two waves of one-hour pods");
            Assert.That(status.CompletionTime - status.StartTime, Is.EqualTo(TimeSpan.FromSeconds(7202)), "two waves of 1 s startup + 3600 s run");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Started_in_the_background_the_simulator_reacts_to_store_changes(CancellationToken cancel)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryClusterStore(new StoreOptions { Time = clock, NameSeed = 1 });
        store.Create(ResourceType.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = SimulationHarness.Namespace } });
        await using var simulator = new WorkloadSimulator(store, new SimulationOptions());
        simulator.Start();
        store.Create(ResourceType.Jobs, SimulationHarness.NewJob("bg"));

        bool Bound() => store.List<V1Pod>(ResourceType.Pods, SimulationHarness.Namespace).Any(p => p.Spec.NodeName is not null);
        Assert.That(await WaitForAsync(Bound, cancel), Is.True);
    }

    /// <summary>Polls until the condition holds; the test's CancelAfter bounds a hang, no assertion depends on timing.</summary>
    private static async Task<bool> WaitForAsync(Func<bool> condition, CancellationToken cancel)
    {
        while (!condition())
        {
            if (cancel.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return true;
    }
}
