using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Controller;

/// <summary>
/// Every project example that needs no feature gate reaches the outcome its comments promise,
/// through the real controller with workload simulation on (simulated run times shortened
/// tenfold so the suite stays quick).
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class ExampleOutcomeTests
{
    [TestCase("simple.yaml", "Completed", 0)]
    [TestCase("coordinator.yaml", "Completed", 0)]
    [TestCase("depends-on.yaml", "Completed", 0)]
    [TestCase("group.yaml", "Completed", 0)]
    [TestCase("network-hostnames.yaml", "Completed", 0)]
    [TestCase("startup-in-order.yaml", "Completed", 0)]
    [TestCase("success-policy.yaml", "Completed", 0)]
    [TestCase("volume-claims.yaml", "Completed", 0)]
    [TestCase("exclusive-placement.yaml", "Completed", 0)]
    [TestCase("ttl-after-finished.yaml", "Completed", 0)]
    [TestCase("failure-policy-failjobset.yaml", "Failed", 0)]
    [TestCase("failure-policy-restartjobset.yaml", "Failed", 3)]
    public async Task Example_reaches_its_documented_outcome(string example, string condition, int restarts)
    {
        await using var f = await ControllerFixture.StartAsync();
        var yaml = File.ReadAllText(ExampleFiles.PathOf(example))
            .Replace("run-seconds: \"10\"", "run-seconds: \"1\"", StringComparison.Ordinal)
            .Replace("run-seconds: \"60\"", "run-seconds: \"6\"", StringComparison.Ordinal);
        var name = ManifestReader.ReadJobSet(yaml, example).Metadata.Name;
        await f.CreateAsync(yaml);

        var done = await f.WaitForConditionAsync(name, condition, TimeSpan.FromSeconds(90));

        Assert.That((done.Status!.TerminalState, done.Status.Restarts), Is.EqualTo((condition, restarts)));
    }

    [Test]
    public async Task Managed_by_another_controller_is_left_alone()
    {
        await using var f = await ControllerFixture.StartAsync();
        await f.CreateAsync(File.ReadAllText(ExampleFiles.PathOf("managed-by.yaml")));
        await f.CreateAsync(File.ReadAllText(ExampleFiles.PathOf("simple.yaml")));

        // Once a later JobSet completed, the earlier one had every chance to be reconciled.
        await f.WaitForConditionAsync("hello-world", JobSetConditionType.Completed);
        var managed = ManifestReader.ReadJobSet(File.ReadAllText(ExampleFiles.PathOf("managed-by.yaml")), "managed-by.yaml").Metadata.Name;

        Assert.Multiple(async () =>
        {
            Assert.That(await f.JobsAsync(managed), Is.Empty);
            Assert.That((await f.GetAsync(managed))!.Status, Is.Null);
        });
    }
}
