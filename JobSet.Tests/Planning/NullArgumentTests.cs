using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>Every planning entry point refuses a null argument with an ArgumentNullException naming it.</summary>
public class NullArgumentTests
{
    private static IEnumerable<TestCaseData> Calls()
    {
        var jobSet = new V1alpha2JobSet { Metadata = new V1ObjectMeta { Name = "js" }, Spec = new V1alpha2JobSetSpec() };
        var observed = new ObservedState([], [], []);
        var coordinator = new V1alpha2Coordinator { ReplicatedJob = "rj" };
        yield return Call("Planner.Reconcile jobSet", "jobSet", () => Planner.Reconcile(null!, observed, DateTimeOffset.UnixEpoch, FeatureGates.Default));
        yield return Call("Planner.Reconcile observed", "observed", () => Planner.Reconcile(jobSet, null!, DateTimeOffset.UnixEpoch, FeatureGates.Default));
        yield return Call("Planner.Reconcile gates", "gates", () => Planner.Reconcile(jobSet, observed, DateTimeOffset.UnixEpoch, null!));
        yield return Call("ObservedState.From", "objects", () => ObservedState.From(null!));
        yield return Call("ReconcilePlanDocument.ToNode", "plan", () => ReconcilePlanDocument.ToNode(null!));
        yield return Call("ReconcilePlanDocument.Actions", "plan", () => ReconcilePlanDocument.Actions(null!));
        yield return Call("Naming.Subdomain", "jobSet", () => Naming.Subdomain(null!));
        yield return Call("Naming.CoordinatorEndpoint jobSet", "jobSet", () => Naming.CoordinatorEndpoint(null!, coordinator));
        yield return Call("Naming.CoordinatorEndpoint coordinator", "coordinator", () => Naming.CoordinatorEndpoint(jobSet, null!));
    }

    private static TestCaseData Call(string name, string parameter, Func<object> call) =>
        new TestCaseData(parameter, call).SetName($"Null argument: {name}");

    [TestCaseSource(nameof(Calls))]
    public void Throws_naming_the_parameter(string parameter, Func<object> call) =>
        Assert.That(() => call(), Throws.ArgumentNullException.With.Property(nameof(ArgumentNullException.ParamName)).EqualTo(parameter));

    [Test]
    public void A_nameless_JobSet_without_a_subdomain_has_the_empty_subdomain() =>
        Assert.That(Naming.Subdomain(new V1alpha2JobSet { Metadata = new V1ObjectMeta(), Spec = new V1alpha2JobSetSpec() }), Is.Empty);
}
