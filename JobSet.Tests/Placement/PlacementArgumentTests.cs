using JobSet.Core.Placement;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>
/// The placement entry points are public API: a null argument is an ArgumentNullException
/// naming the parameter, for every pod (also one that would return before using it), never a
/// NullReferenceException from deeper down or a silent answer.
/// </summary>
public class PlacementArgumentTests
{
    private static readonly PlacementIndex Index = PlacementIndex.Empty;

    private static IEnumerable<TestCaseData> NullArguments()
    {
        TestCaseData Row(string name, TestDelegate call, string parameter) =>
            new TestCaseData(call, parameter).SetArgDisplayNames(name);

        // A pod of no JobSet: every entry point would return early for it.
        yield return Row("LeaderAffinity.AddTo leader", () => LeaderAffinity.AddTo(null!, TestPods.Zone), "leader");
        yield return Row("LeaderLookup.Find follower", () => LeaderLookup.Find(null!, Index), "follower");
        yield return Row("LeaderLookup.Find index", () => LeaderLookup.Find(TestPods.Plain(), null!), "index");
        yield return Row("LeaderLookup.OwnedBySameJob leader", () => LeaderLookup.OwnedBySameJob(null!, TestPods.Plain()), "leader");
        yield return Row("LeaderLookup.OwnedBySameJob follower", () => LeaderLookup.OwnedBySameJob(TestPods.Leader(), null!), "follower");
        yield return Row("LeaderTopology.Of leader", () => LeaderTopology.Of(null!, TestPods.Zone, Index), "leader");
        yield return Row("LeaderTopology.Of index", () => LeaderTopology.Of(TestPods.Leader().On("node-a"), TestPods.Zone, null!), "index");
        yield return Row("PlacementIndex.Build pods", () => PlacementIndex.Build(null!, []), "pods");
        yield return Row("PlacementIndex.Build nodes", () => PlacementIndex.Build([], null!), "nodes");
        yield return Row("PlacementViolation.Detect leader", () => PlacementViolation.Detect(null!, Index, DateTimeOffset.UnixEpoch), "leader");
        yield return Row("PlacementViolation.Detect index", () => PlacementViolation.Detect(TestPods.Plain(), null!, DateTimeOffset.UnixEpoch), "index");
        yield return Row("PodAdmission.Admit pod", () => PodAdmission.Admit(null!, Index), "pod");
        yield return Row("PodAdmission.Admit index", () => PodAdmission.Admit(TestPods.Plain(), null!), "index");
        yield return Row("PodMutation.Apply pod", () => PodMutation.Apply(null!, Index), "pod");
        yield return Row("PodMutation.Apply index", () => PodMutation.Apply(TestPods.Plain(), null!), "index");
        yield return Row("PodNames.LeaderOf follower", () => PodNames.LeaderOf(null!), "follower");
        yield return Row("PodValidation.ValidateCreate pod", () => PodValidation.ValidateCreate(null!, Index), "pod");
        yield return Row("PodValidation.ValidateCreate index", () => PodValidation.ValidateCreate(TestPods.Plain(), null!), "index");
    }

    [TestCaseSource(nameof(NullArguments))]
    public void A_null_argument_is_an_ArgumentNullException_naming_it(TestDelegate call, string parameter) =>
        Assert.That(call, Throws.ArgumentNullException.With.Property(nameof(ArgumentNullException.ParamName)).EqualTo(parameter));
}
