using k8s;
using System.Text.Json.Nodes;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>JSON merge, JSON patch, strategic merge and server-side apply over HTTP.</summary>
public sealed class PatchTests : ApiTestBase
{
    [Test]
    public async Task Merge_patch_sets_and_removes_keys()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("mp")), Ns);

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"data\":{\"k\":null,\"n\":\"1\"}}", V1Patch.PatchType.MergePatch), cm.Metadata.Name, Ns);

        Assert.That(patched.Data, Is.EqualTo(new Dictionary<string, string> { ["n"] = "1" }));
    }

    [Test]
    public async Task Json_patch_applies_operations_in_order()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("jp")), Ns);

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"add\",\"path\":\"/data/x\",\"value\":\"1\"},{\"op\":\"move\",\"from\":\"/data/k\",\"path\":\"/data/y\"},{\"op\":\"test\",\"path\":\"/data/y\",\"value\":\"v\"}]", V1Patch.PatchType.JsonPatch),
            cm.Metadata.Name,
            Ns);

        Assert.That(patched.Data, Is.EqualTo(new Dictionary<string, string> { ["x"] = "1", ["y"] = "v" }));
    }

    [Test]
    public async Task Failing_json_patch_test_is_422_and_changes_nothing()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("jt")), Ns);

        var (code, _, _) = await Failure(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"new\"},{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"other\"}]", V1Patch.PatchType.JsonPatch), cm.Metadata.Name, Ns));

        var stored = await Client.CoreV1.ReadNamespacedConfigMapAsync(cm.Metadata.Name, Ns);
        Assert.That((code, stored.Data["k"]), Is.EqualTo((422, "v")));
    }

    [Test]
    public async Task Strategic_merge_patch_merges_containers_and_env_by_name()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(Name("smp")), Ns);
        const string patch = """
            {"spec":{"containers":[{"name":"main","image":"busybox:2","env":[{"name":"B","value":"2"}]},{"name":"side","image":"envoy"}]}}
            """;

        var patched = await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, Ns);

        var main = patched.Spec.Containers[0];
        Assert.Multiple(() =>
        {
            Assert.That(patched.Spec.Containers.Select(c => c.Name), Is.EqualTo(new[] { "main", "side" }));
            Assert.That(main.Image, Is.EqualTo("busybox:2"));
            Assert.That(main.Env.Select(e => $"{e.Name}={e.Value}"), Is.EqualTo(new[] { "A=1", "B=2" }));
        });
    }

    [Test]
    public async Task Strategic_merge_patch_delete_directive_removes_a_list_element()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(Name("smd")), Ns);

        var patched = await Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("{\"spec\":{\"containers\":[{\"name\":\"main\",\"env\":[{\"name\":\"A\",\"$patch\":\"delete\"}]}]}}", V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, Ns);

        Assert.That(patched.Spec.Containers[0].Env, Is.Null.Or.Empty);
    }

    [Test]
    public async Task Strategic_merge_patch_replaces_lists_without_merge_key()
    {
        var pod = Pod(Name("smt"));
        pod.Spec.Tolerations = [new V1Toleration { Key = "a", OperatorProperty = "Exists" }];
        pod = await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

        var patched = await Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("{\"spec\":{\"tolerations\":[{\"key\":\"b\",\"operator\":\"Exists\"}]}}", V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, Ns);

        Assert.That(patched.Spec.Tolerations.Select(t => t.Key), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task Strategic_merge_patch_on_a_custom_resource_is_415()
    {
        var (code, reason, _) = await Failure(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", V1Patch.PatchType.StrategicMergePatch), "jobset.x-k8s.io", "v1alpha2", Ns, "jobsets", Name("js")));

        Assert.That((code, reason), Is.EqualTo((415, "UnsupportedMediaType")));
    }

    [Test]
    public async Task Server_side_apply_creates_then_merges_and_records_the_manager()
    {
        var name = Name("ssa");
        var first = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["data"] = new JsonObject { ["a"] = "1" },
        };
        var created = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(first.ToJsonString(), V1Patch.PatchType.ApplyPatch), name, Ns, fieldManager: "tester");
        var second = (JsonObject)first.DeepClone();
        second["data"] = new JsonObject { ["b"] = "2" };

        var merged = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(second.ToJsonString(), V1Patch.PatchType.ApplyPatch), name, Ns, fieldManager: "tester", force: true);

        Assert.Multiple(() =>
        {
            Assert.That(created.Data, Is.EqualTo(new Dictionary<string, string> { ["a"] = "1" }));
            Assert.That(merged.Data, Is.EqualTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
            Assert.That(merged.Metadata.ManagedFields.Select(m => (m.Manager, m.Operation)), Does.Contain(("tester", "Apply")));
        });
    }

    [Test]
    public async Task Server_side_apply_without_field_manager_is_422_as_the_api_server_answers()
    {
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"nofm\"}}";

        var (code, _, _) = await Failure(() => Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), "nofm", Ns));

        Assert.That(code, Is.EqualTo(422));
    }
}
