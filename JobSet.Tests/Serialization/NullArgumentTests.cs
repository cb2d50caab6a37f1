using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Serialization;

namespace JobSet.Tests.Serialization;

/// <summary>Every serialization entry point refuses a null argument with an ArgumentNullException naming it.</summary>
public class NullArgumentTests
{
    private static IEnumerable<TestCaseData> Calls()
    {
        yield return Call("YamlJson.ParseDocuments", "text", () => YamlJson.ParseDocuments(null!));
        yield return Call("JsonInput.Parse", "text", () => JsonInput.Parse(null!)!);
        yield return Call("ManifestReader.ReadObjects", "text", () => ManifestReader.ReadObjects(null!, "f.yaml"));
        yield return Call("ManifestReader.ToJobSet", "node", () => ManifestReader.ToJobSet(null!, "f.yaml"));
        yield return Call("ManifestReader.ToTyped", "node", () => ManifestReader.ToTyped(null!, "f.yaml")!);
        yield return Call("ManifestReader.TypeOf", "node", () => ManifestReader.TypeOf(null!));
        yield return Call("KubeSerializer.ToNode", "value", () => KubeSerializer.ToNode(null!));
        yield return Call("KubeSerializer.ToJson", "value", () => KubeSerializer.ToJson(null!));
        yield return Call("KubeSerializer.ToYaml", "value", () => KubeSerializer.ToYaml(null!));
        yield return Call("KubeSerializer.FromNode", "node", () => KubeSerializer.FromNode<V1alpha2JobSet>(null!, "f.yaml"));
    }

    private static TestCaseData Call(string name, string parameter, Func<object> call) =>
        new TestCaseData(parameter, call).SetName($"Null argument: {name}");

    [TestCaseSource(nameof(Calls))]
    public void Throws_naming_the_parameter(string parameter, Func<object> call) =>
        Assert.That(() => call(), Throws.ArgumentNullException.With.Property(nameof(ArgumentNullException.ParamName)).EqualTo(parameter));
}
