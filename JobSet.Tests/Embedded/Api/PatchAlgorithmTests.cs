using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Tests.Embedded.Api;

/// <summary>The patch algorithms on their own: table-driven document, patch, expected result.</summary>
public sealed class PatchAlgorithmTests
{
    [TestCase("""{"a":1,"b":{"c":2,"d":3}}""", """{"b":{"c":null,"e":4},"f":[1]}""", """{"a":1,"b":{"d":3,"e":4},"f":[1]}""")]
    [TestCase("""{"a":[1,2]}""", """{"a":[3]}""", """{"a":[3]}""")]
    [TestCase("""{"a":{"b":1}}""", """{"a":5}""", """{"a":5}""")]
    [TestCase("""{"a":1}""", """{"x":{"y":null}}""", """{"a":1,"x":{}}""")]
    public void Json_merge_patch(string document, string patch, string expected) =>
        Assert.That(Normal(JsonMergePatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch))), Is.EqualTo(Normal(JsonNode.Parse(expected))));

    [TestCase("""{"a":{"b/c":1,"d~e":2}}""", """[{"op":"replace","path":"/a/b~1c","value":9},{"op":"remove","path":"/a/d~0e"}]""", """{"a":{"b/c":9}}""")]
    [TestCase("""{"l":[1,2,3]}""", """[{"op":"add","path":"/l/1","value":7},{"op":"add","path":"/l/-","value":8}]""", """{"l":[1,7,2,3,8]}""")]
    [TestCase("""{"l":[1,2,3]}""", """[{"op":"copy","from":"/l/0","path":"/m"},{"op":"remove","path":"/l/2"}]""", """{"l":[1,2],"m":1}""")]
    public void Json_patch(string document, string patch, string expected) =>
        Assert.That(Normal(JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)!)), Is.EqualTo(Normal(JsonNode.Parse(expected))));

    [TestCase("""{"a":1}""", """[{"op":"remove","path":"/missing"}]""", 422)]
    [TestCase("""{"a":1}""", """[{"op":"test","path":"/a","value":2}]""", 422)]
    [TestCase("""{"a":1}""", """[{"op":"frobnicate","path":"/a"}]""", 422)] // an unknown op fails when applied, as in the API server
    [TestCase("""{"a":1}""", """{"op":"add"}""", 400)]
    public void Json_patch_failures(string document, string patch, int code)
    {
        var ex = Assert.Throws<StoreException>(() => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)!));

        Assert.That(ex!.Code, Is.EqualTo(code));
    }

    [TestCase(
        """{"spec":{"containers":[{"name":"a","image":"1","ports":[{"containerPort":80,"name":"http"}]}]}}""",
        """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":81}]}]}}""",
        """{"spec":{"containers":[{"name":"a","image":"1","ports":[{"containerPort":80,"name":"http"},{"containerPort":81}]}]}}""",
        TestName = "container ports merge on containerPort")]
    [TestCase(
        """{"spec":{"ports":[{"port":80,"targetPort":8080}]}}""",
        """{"spec":{"ports":[{"port":80,"targetPort":9090}]}}""",
        """{"spec":{"ports":[{"port":80,"targetPort":9090}]}}""",
        TestName = "service ports merge on port")]
    [TestCase(
        """{"metadata":{"finalizers":["a","b"]}}""",
        """{"metadata":{"finalizers":["b","c"]}}""",
        """{"metadata":{"finalizers":["a","b","c"]}}""",
        TestName = "finalizers merge as a set")]
    [TestCase(
        """{"metadata":{"finalizers":["a","b"]}}""",
        """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""",
        """{"metadata":{"finalizers":["b"]}}""",
        TestName = "deleteFromPrimitiveList removes values")]
    [TestCase(
        """{"spec":{"volumes":[{"name":"v","emptyDir":{}}],"containers":[{"name":"c","volumeMounts":[{"mountPath":"/a","name":"v"}]}]}}""",
        """{"spec":{"containers":[{"name":"c","volumeMounts":[{"mountPath":"/a","$patch":"delete"}]}]}}""",
        """{"spec":{"volumes":[{"name":"v","emptyDir":{}}],"containers":[{"name":"c","volumeMounts":[]}]}}""",
        TestName = "delete directive on a list element")]
    [TestCase(
        """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
        """{"spec":{"containers":[{"name":"z"},{"$patch":"replace"}]}}""",
        """{"spec":{"containers":[{"name":"z"}]}}""",
        TestName = "replace directive on a list")]
    [TestCase(
        """{"spec":{"selector":{"a":"1","b":"2"}}}""",
        """{"spec":{"selector":{"$patch":"replace","c":"3"}}}""",
        """{"spec":{"selector":{"c":"3"}}}""",
        TestName = "replace directive on a map")]
    [TestCase(
        """{"spec":{"strategy":{"type":"A","rollingUpdate":{"x":1}}}}""",
        """{"spec":{"strategy":{"$retainKeys":["type"],"type":"B"}}}""",
        """{"spec":{"strategy":{"type":"B"}}}""",
        TestName = "retainKeys drops the other keys")]
    [TestCase(
        """{"spec":{"tolerations":[{"key":"a"}],"containers":[{"name":"c","args":["x","y"]}]}}""",
        """{"$setElementOrder/x":[],"spec":{"tolerations":[{"key":"b"}],"containers":[{"name":"c","args":["z"]}]}}""",
        """{"spec":{"tolerations":[{"key":"b"}],"containers":[{"name":"c","args":["z"]}]}}""",
        TestName = "lists without merge key are replaced")]
    [TestCase(
        """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
        """{"metadata":{"labels":{"a":null}}}""",
        """{"metadata":{"labels":{"b":"2"}}}""",
        TestName = "null removes a map key")]
    public void Strategic_merge_patch(string document, string patch, string expected) =>
        Assert.That(Normal(StrategicMergePatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch))), Is.EqualTo(Normal(JsonNode.Parse(expected))));

    private static string Normal(JsonNode? node) => node?.ToJsonString() ?? "null";
}
