using System.Net;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Create, read, replace, delete over HTTP with KubernetesClient, and the Status bodies of refusals.</summary>
public sealed class CrudTests : ApiTestBase
{
    [Test]
    public async Task Create_sets_uid_timestamp_and_increasing_resource_versions()
    {
        var a = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("a")), Ns);
        var b = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("b")), Ns);

        Assert.Multiple(() =>
        {
            Assert.That(a.Metadata.Uid, Is.Not.Empty);
            Assert.That(a.Metadata.Uid, Is.Not.EqualTo(b.Metadata.Uid));
            Assert.That(a.Metadata.CreationTimestamp, Is.Not.Null);
            Assert.That(long.Parse(b.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture),
                Is.GreaterThan(long.Parse(a.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        var name = Name("dup");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        var (code, reason, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns));

        Assert.That((code, reason, message), Is.EqualTo((409, "AlreadyExists", $"configmaps \"{name}\" already exists")));
    }

    [Test]
    public async Task Reading_a_missing_object_is_404_NotFound()
    {
        var (code, reason, message) = await Failure(() => Client.CoreV1.ReadNamespacedConfigMapAsync("missing", Ns));

        Assert.That((code, reason, message), Is.EqualTo((404, "NotFound", "configmaps \"missing\" not found")));
    }

    [Test]
    public async Task GenerateName_appends_five_characters()
    {
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } };

        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);

        Assert.That(created.Metadata.Name, Does.Match("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
    }

    [Test]
    public async Task Replace_with_a_stale_resource_version_is_409_Conflict()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("cc")), Ns);
        var first = KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(created));
        first.Data["k"] = "first";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, created.Metadata.Name, Ns);

        created.Data["k"] = "second";
        var (code, reason, _) = await Failure(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, Ns));

        Assert.That((code, reason), Is.EqualTo((409, "Conflict")));
        var stored = await Client.CoreV1.ReadNamespacedConfigMapAsync(created.Metadata.Name, Ns);
        Assert.That(stored.Data["k"], Is.EqualTo("first"));
    }

    [Test]
    public async Task Concurrent_read_modify_write_with_retry_on_conflict_loses_no_update()
    {
        var name = Name("counter");
        var cm = ConfigMap(name);
        cm.Data["n"] = "0";
        await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);
        var conflicts = 0;

        async Task IncrementAsync()
        {
            while (true)
            {
                var current = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns);
                current.Data["n"] = (int.Parse(current.Data["n"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    await Client.CoreV1.ReplaceNamespacedConfigMapAsync(current, name, Ns);
                    return;
                }
                catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await IncrementAsync();
            }
        })));

        var final = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns);
        Assert.That(final.Data["n"], Is.EqualTo("80"), $"{conflicts} conflicts were retried");
    }

    [Test]
    public async Task Invalid_name_is_422_Invalid_naming_the_field()
    {
        var (code, reason, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Bad_Name"), Ns));

        Assert.That((code, reason), Is.EqualTo((422, "Invalid")));
        Assert.That(message, Does.StartWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\""));
    }

    [Test]
    public async Task Creating_in_a_missing_namespace_is_404()
    {
        var (code, reason, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "no-such-ns"));

        Assert.That((code, reason, message), Is.EqualTo((404, "NotFound", "namespaces \"no-such-ns\" not found")));
    }

    [Test]
    public async Task Dry_run_create_returns_the_object_but_stores_nothing()
    {
        var name = Name("dry");

        var result = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns, dryRun: "All");

        Assert.That(result.Metadata.Uid, Is.Not.Empty);
        var (code, _, _) = await Failure(() => Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns));
        Assert.That(code, Is.EqualTo(404));
    }

    [Test]
    public async Task Job_generation_counts_spec_changes_only()
    {
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = Name("gen") },
            Spec = new V1JobSpec
            {
                Parallelism = 1,
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "busybox" }] } },
            },
        };
        var created = await Client.BatchV1.CreateNamespacedJobAsync(job, Ns);
        created.Spec.Parallelism = 2;
        var scaled = await Client.BatchV1.ReplaceNamespacedJobAsync(created, created.Metadata.Name, Ns);
        scaled.Status = new V1JobStatus { Active = 2 };
        var withStatus = await Client.BatchV1.ReplaceNamespacedJobStatusAsync(scaled, scaled.Metadata.Name, Ns);
        var labelled = await Client.BatchV1.PatchNamespacedJobAsync(new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch), created.Metadata.Name, Ns);

        Assert.That(
            new[] { created.Metadata.Generation, scaled.Metadata.Generation, withStatus.Metadata.Generation, labelled.Metadata.Generation },
            Is.EqualTo(new long?[] { 1, 2, 2, 2 }));
    }

    [Test]
    public async Task Status_writes_ignore_spec_and_spec_writes_ignore_status()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(Name("st")), Ns);
        Assert.That(pod.Status.Phase, Is.EqualTo("Pending"), "a new pod starts Pending");

        pod.Status = new V1PodStatus { Phase = "Running" };
        pod.Spec.Containers[0].Image = "changed-through-status";
        var afterStatus = await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, Ns);
        var (statusPhase, statusImage) = (afterStatus.Status.Phase, afterStatus.Spec.Containers[0].Image);

        afterStatus.Status.Phase = "Failed";
        afterStatus.Metadata.Labels = new Dictionary<string, string> { ["l"] = "1" };
        var afterUpdate = await Client.CoreV1.ReplaceNamespacedPodAsync(afterStatus, pod.Metadata.Name, Ns);

        Assert.Multiple(() =>
        {
            Assert.That(statusPhase, Is.EqualTo("Running"));
            Assert.That(statusImage, Is.EqualTo("busybox"));
            Assert.That(afterUpdate.Status.Phase, Is.EqualTo("Running"));
            Assert.That(afterUpdate.Metadata.Labels["l"], Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Status_patch_through_the_subresource()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(Name("sp")), Ns);

        var patched = await Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch("{\"status\":{\"phase\":\"Succeeded\"},\"spec\":{\"nodeName\":\"ignored\"}}", V1Patch.PatchType.MergePatch), pod.Metadata.Name, Ns);

        Assert.That((patched.Status.Phase, patched.Spec.NodeName), Is.EqualTo(("Succeeded", (string?)null)));
    }

    [Test]
    public async Task Leases_can_be_created_renewed_and_conflict_on_stale_writes()
    {
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = Name("lease") },
            Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15, RenewTime = DateTime.UtcNow },
        };
        var created = await Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, Ns);
        var stale = KubernetesJson.Deserialize<V1Lease>(KubernetesJson.Serialize(created));
        created.Spec.HolderIdentity = "b";
        var renewed = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, created.Metadata.Name, Ns);

        stale.Spec.HolderIdentity = "c";
        var (code, _, _) = await Failure(() => Client.CoordinationV1.ReplaceNamespacedLeaseAsync(stale, stale.Metadata.Name, Ns));

        Assert.That((renewed.Spec.HolderIdentity, code), Is.EqualTo(("b", 409)));
    }

    [Test]
    public async Task Cluster_wide_list_spans_namespaces()
    {
        var other = Name("ns");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = other } });
        var label = new Dictionary<string, string> { ["wide"] = other };
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one", label), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one", label), other);

        var all = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: $"wide={other}");

        Assert.That(all.Items.Select(c => c.Metadata.NamespaceProperty), Is.EquivalentTo(new[] { Ns, other }));
    }

    [Test]
    public async Task Objects_are_written_in_the_api_server_field_order()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(Name("order")), Ns);
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };

        var text = await http.GetStringAsync(new Uri($"/api/v1/namespaces/{Ns}/pods/{pod.Metadata.Name}", UriKind.Relative));
        var keys = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject().Select(p => p.Key);

        Assert.That(keys, Is.EqualTo(new[] { "apiVersion", "kind", "metadata", "spec", "status" }));
    }

    [TestCase(null, HttpStatusCode.Created, "299 - \"unknown field \\\"dta\\\"\"")]
    [TestCase("Warn", HttpStatusCode.Created, "299 - \"unknown field \\\"dta\\\"\"")]
    [TestCase("Ignore", HttpStatusCode.Created, "")]
    [TestCase("Strict", HttpStatusCode.BadRequest, "")]
    public async Task Field_validation_of_unknown_fields(string? directive, HttpStatusCode expected, string warning)
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var query = directive is null ? "" : $"?fieldValidation={directive}";
        using var body = new StringContent($"{{\"metadata\":{{\"name\":\"{Name("fv")}\"}},\"dta\":{{\"a\":\"b\"}}}}", System.Text.Encoding.UTF8, "application/json");

        var response = await http.PostAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps{query}", UriKind.Relative), body);

        var warnings = response.Headers.TryGetValues("Warning", out var values) ? string.Join(";", values) : "";
        Assert.That((response.StatusCode, warnings), Is.EqualTo((expected, warning)));
    }

    [Test]
    public async Task Health_endpoints_answer_ok()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        foreach (var path in new[] { "/healthz", "/readyz", "/livez" })
        {
            var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }

    [Test]
    public async Task Protobuf_bodies_of_unsupported_kinds_are_415()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        using var content = new ByteArrayContent([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0b, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x05, 0x50, 0x6f, 0x64, 0x73, 0x78]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        var response = await http.PostAsync(new Uri($"/api/v1/namespaces/{Ns}/pods", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }
}
