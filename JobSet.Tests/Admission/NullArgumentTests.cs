using JobSet.Core.Admission;
using JobSet.Core.Admission.Rules;
using JobSet.Core.Api;

namespace JobSet.Tests.Admission;

/// <summary>Every admission entry point refuses a null argument with an ArgumentNullException naming it.</summary>
public class NullArgumentTests
{
    private static IEnumerable<TestCaseData> Calls()
    {
        var js = JobSets.Defaulted();
        yield return Call("JobSetDefaulter.Apply", "jobSet", () => JobSetDefaulter.Apply(null!));
        yield return Call("ValidateCreate jobSet", "jobSet", () => JobSetValidator.ValidateCreate(null!, FeatureGates.Default));
        yield return Call("ValidateCreate gates", "gates", () => JobSetValidator.ValidateCreate(js, null!));
        yield return Call("ValidateCreate spec", "spec", () => JobSetValidator.ValidateCreate(new V1alpha2JobSet { Metadata = new() { Name = "js" }, Spec = null! }, FeatureGates.Default));
        yield return Call("ValidateUpdate jobSet", "jobSet", () => JobSetValidator.ValidateUpdate(null!, js, FeatureGates.Default));
        yield return Call("ValidateUpdate oldJobSet", "oldJobSet", () => JobSetValidator.ValidateUpdate(js, null!, FeatureGates.Default));
        yield return Call("ValidateUpdate gates", "gates", () => JobSetValidator.ValidateUpdate(js, js, null!));
        yield return Call("ValidationResult.From", "errors", () => ValidationResult.From(null!));
        yield return Call("KubeNames.Dns1035Label", "value", () => KubeNames.Dns1035Label(null!));
        yield return Call("KubeNames.Dns1123Label", "value", () => KubeNames.Dns1123Label(null!));
        yield return Call("KubeNames.Dns1123Subdomain", "value", () => KubeNames.Dns1123Subdomain(null!));
        yield return Call("KubeNames.LabelValue", "value", () => KubeNames.LabelValue(null!));
        yield return Call("KubeNames.DomainPrefixedPath", "value", () => KubeNames.DomainPrefixedPath(null!));
        yield return Call("ObjectMetaRules.NameProblems", "name", () => ObjectMetaRules.NameProblems(null!, isNamespace: false));
        yield return Call("ObjectMetaRules.GenerateNamePrefix", "generateName", () => ObjectMetaRules.GenerateNamePrefix(null!));
        yield return Call("ObjectMetaRules.KeyProblems", "key", () => ObjectMetaRules.KeyProblems(null!));
        yield return Call("ObjectMetaRules.LabelValueProblems", "value", () => ObjectMetaRules.LabelValueProblems(null!));
        yield return Call("CoordinatorValidation.Endpoint", "coordinator", () => CoordinatorValidation.Endpoint("js", null!, null));
    }

    private static TestCaseData Call(string name, string parameter, Func<object> call) =>
        new TestCaseData(parameter, call).SetName($"Null argument: {name}");

    [TestCaseSource(nameof(Calls))]
    public void Throws_naming_the_parameter(string parameter, Func<object> call) =>
        Assert.That(() => call(), Throws.ArgumentNullException.With.Property(nameof(ArgumentNullException.ParamName)).EqualTo(parameter));
}
