using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Tests.Embedded.Api;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>
/// Regression tests of issue 9: requests a hostile local client or a careless script sends. Each
/// ends in a Kubernetes Status (4xx) with nothing stored, nothing lost and the server alive.
/// </summary>
public sealed class HostileRequestTests : ApiTestBase
{
    private HttpClient http = null!;

    [OneTimeSetUp]
    public void Http() => http = new HttpClient { BaseAddress = Cluster.BaseAddress };

    [OneTimeTearDown]
    public void DisposeHttp() => http?.Dispose();

    // Item 1: deep nesting crashed the process (stack overflow) or gave 500.
    [TestCase(100_000, "application/yaml")]
    [TestCase(20_000, "application/yaml")]
    [TestCase(1_000, "application/yaml")]
    [TestCase(100_000, "application/json")]
    [TestCase(1_000, "application/json")]
    public async Task A_deeply_nested_body_is_400_and_nothing_is_stored(int depth, string contentType)
    {
        var name = Name("deep");
        var body = contentType == "application/yaml"
            ? $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: {new string('[', depth)}{new string(']', depth)}\n"
            : $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{\"k\":{new string('[', depth)}{new string(']', depth)}}}}}";

        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", body, contentType);

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("configmaps", name);
    }

    [Test]
    public async Task A_deeply_nested_apply_patch_is_400()
    {
        var name = Name("deep-apply");
        var body = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: {new string('[', 100_000)}{new string(']', 100_000)}\n";

        using var response = await Send(HttpMethod.Patch, $"/api/v1/namespaces/{Ns}/configmaps/{name}?fieldManager=t", body, "application/apply-patch+yaml");

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("configmaps", name);
    }

    [Test]
    public async Task Nesting_within_the_limit_is_stored_and_reads_back()
    {
        var name = Name("nest-ok");
        var body = $"apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata:\n  name: {name}\nspec:\n  replicatedJobs: []\n";
        using var ok = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", $"metadata:\n  name: {name}\ndata:\n  k: v\n", "application/yaml");
        Assert.That((int)ok.StatusCode, Is.EqualTo(201), body);
    }

    // Item 2: numbers that cannot be serialized were stored (then GET 500, LIST truncated).
    [TestCase("count: 1e999")]
    [TestCase("count: -1e999")]
    [TestCase("count: 12345678901234567890123456789012345678901234567890")]
    public async Task An_event_with_an_out_of_range_number_is_refused_and_the_kind_still_lists(string countLine)
    {
        var name = Name("ev");
        var body = $"apiVersion: v1\nkind: Event\nmetadata:\n  name: {name}\ninvolvedObject:\n  kind: Pod\n  name: p\n{countLine}\n";

        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/events?fieldValidation=Strict", body, "application/yaml");

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("events", name);
        var list = await Client.CoreV1.ListNamespacedEventAsync(Ns);
        Assert.That(list.Items, Is.Empty);
    }

    [TestCase("{\"x\": 1e999}")]
    [TestCase("{\"x\": -1e999}")]
    [TestCase("{\"x\": 1e400}")]
    public async Task A_json_body_with_a_number_out_of_range_is_400(string spec)
    {
        var name = Name("num");
        var body = $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\"}},\"spec\":{spec}}}";

        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", body, "application/json");

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("configmaps", name);
    }

    [Test]
    public async Task A_json_body_with_a_5000_digit_number_is_400()
    {
        var name = Name("digits");
        var body = $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\"}},\"spec\":{{\"x\":{new string('9', 5000)}}}}}";

        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", body, "application/json");

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("configmaps", name);
    }

    [Test]
    public async Task A_merge_patch_with_an_out_of_range_number_is_400_and_the_object_is_unchanged()
    {
        var name = Name("patch-num");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        using var response = await Send(HttpMethod.Patch, $"/api/v1/namespaces/{Ns}/configmaps/{name}", "{\"spec\":{\"x\":1e999}}", "application/merge-patch+json");

        await AssertStatus(response, 400);
        using var get = await http.GetAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps/{name}", UriKind.Relative));
        Assert.That((int)get.StatusCode, Is.EqualTo(200));
        Assert.That(JsonNode.Parse(await get.Content.ReadAsStringAsync())?["spec"], Is.Null);
    }

    // Item 3: a 380-byte alias bomb stored a 58 MB object.
    [Test]
    public async Task A_yaml_alias_bomb_is_400_and_nothing_is_stored()
    {
        var name = Name("bomb");
        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/events", AliasBomb(name, "Event"), "application/yaml");

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("events", name);
    }

    [Test]
    public async Task A_yaml_alias_bomb_as_an_apply_patch_is_400()
    {
        var name = Name("bomb-apply");
        using var response = await Send(HttpMethod.Patch, $"/api/v1/namespaces/{Ns}/configmaps/{name}?fieldManager=t", AliasBomb(name, "ConfigMap"), "application/apply-patch+yaml");

        await AssertStatus(response, 400);
        await AssertAliveAndAbsent("configmaps", name);
    }

    // Item 4: dot segments were resolved before routing.
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/%2e%2e")]
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/%2E%2E")]
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/..")]
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/.")]
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/%2e")]
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/a/..")]
    [TestCase("PATCH", "/api/v1/namespaces/{ns}/configmaps/..")]
    [TestCase("GET", "/api/v1/namespaces/{ns}/configmaps/..")]
    [TestCase("PUT", "/api/v1/namespaces/{ns}/configmaps/%2e%2e")]
    [TestCase("DELETE", "/api/v1/namespaces/{ns}/configmaps/a%2fb")]
    [TestCase("DELETE", "/api/v1/namespaces/%2e%2e/configmaps/x")]
    public async Task A_dot_segment_is_never_a_name(string method, string path)
    {
        var victim = Name("victim");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = victim } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("keep"), victim);

        using var response = await Send(new HttpMethod(method), path.Replace("{ns}", victim, StringComparison.Ordinal), "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", method == "PATCH" ? "application/merge-patch+json" : "application/json", raw: true);

        await AssertStatus(response, 400);
        var ns = await Client.CoreV1.ReadNamespaceAsync(victim);
        Assert.That(ns.Metadata.DeletionTimestamp, Is.Null);
        Assert.That(ns.Metadata.Labels.ContainsKey("x"), Is.False);
        Assert.That((await Client.CoreV1.ListNamespacedConfigMapAsync(victim)).Items.Select(c => c.Metadata.Name), Is.EqualTo(new[] { "keep" }));
    }

    // Item 5: a browser's no-preflight POST (text/plain, form) was parsed as JSON and stored.
    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("multipart/form-data")]
    [TestCase("application/cbor")]
    [TestCase("text/html")]
    public async Task A_body_of_a_media_type_the_api_does_not_speak_is_415(string contentType)
    {
        var name = Name("media");
        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", $"{{\"metadata\":{{\"name\":\"{name}\"}}}}", contentType);

        await AssertStatus(response, 415);
        await AssertAliveAndAbsent("configmaps", name);
    }

    [TestCase("PUT")]
    [TestCase("DELETE")]
    public async Task Replace_and_delete_bodies_of_an_unknown_media_type_are_415(string method)
    {
        var name = Name("media-rw");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        using var response = await Send(new HttpMethod(method), $"/api/v1/namespaces/{Ns}/configmaps/{name}", $"{{\"metadata\":{{\"name\":\"{name}\"}}}}", "text/plain");

        await AssertStatus(response, 415);
        Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns)).Metadata.Name, Is.EqualTo(name));
    }

    [TestCase("evil.example")]
    [TestCase("evil.example:6443")]
    [TestCase("127.0.0.1.nip.io")]
    [TestCase("localhost.evil.example")]
    public async Task Without_a_token_a_request_for_a_non_loopback_host_is_403(string host)
    {
        var name = Name("rebind");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps")
        {
            Content = new StringContent($"{{\"metadata\":{{\"name\":\"{name}\"}}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        await AssertStatus(response, 403);
        await AssertAliveAndAbsent("configmaps", name);
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.2:80")]
    [TestCase("[::1]:6443")]
    [TestCase("kubernetes.localhost")]
    public async Task A_loopback_host_is_served(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/configmaps");
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    // Item 6: a protobuf length that overflows gave 500 "Non-negative number required".
    [TestCase(new byte[] { 0x08, 0x01, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x07 })]
    [TestCase(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f })]
    [TestCase(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f })]
    [TestCase(new byte[] { 0x09, 0x01 })]
    [TestCase(new byte[] { 0x0d, 0x01 })]
    [TestCase(new byte[] { 0x0a, 0x02, 0x0a, 0xfe, 0xff, 0xff, 0xff, 0x07 })]
    public async Task A_protobuf_body_with_a_bad_length_is_a_4xx(byte[] afterEnvelope)
    {
        using var content = new ByteArrayContent([.. "k8s\0"u8.ToArray(), .. afterEnvelope]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await http.PostAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps", UriKind.Relative), content);

        Assert.That((int)response.StatusCode, Is.InRange(400, 499), await response.Content.ReadAsStringAsync());
        await AssertStatus(response, (int)response.StatusCode);
    }

    // Item 6 sibling: a body that is no protobuf envelope, or a truncated one, is the API server's
    // 400 "the object provided is unrecognized", not a 415 (the media type is one it speaks).
    [TestCase(new byte[0], "empty data")]
    [TestCase(new byte[] { 0x67, 0x61, 0x72, 0x62 }, "does not appear to be a protobuf message")]
    [TestCase(new byte[] { 0x6b, 0x38 }, "does not appear to be a protobuf message")]
    [TestCase(new byte[] { 0x6b, 0x38, 0x73, 0x00 }, "names no kind")]
    [TestCase(new byte[] { 0x6b, 0x38, 0x73, 0x00, 0x0a, 0x05, 0x0a, 0x02, 0x76, 0x31 }, "unexpected EOF")]
    [TestCase(new byte[] { 0x6b, 0x38, 0x73, 0x00, 0x0f }, "illegal wireType 7")]
    public async Task A_malformed_protobuf_body_is_400_and_nothing_is_stored(byte[] body, string reason)
    {
        var before = (await Client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.Count;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await http.PostAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps", UriKind.Relative), content);

        var text = await response.Content.ReadAsStringAsync();
        await AssertStatus(response, 400);
        Assert.That(text, Does.Contain("the object provided is unrecognized (must be of type ConfigMap): ").And.Contain(reason));
        Assert.That((await Client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items, Has.Count.EqualTo(before));
    }

    // Item 7: "a: [" then "b: 1" gave 500.
    [TestCase("application/yaml", "a: [\nb: 1\n")]
    [TestCase("application/yaml", "metadata:\n  name: x\ndata: [\n  b: 1\n")]
    [TestCase("application/yaml", "a: {\nb: 1\n")]
    [TestCase("application/yaml", "- [\n- b\n")]
    [TestCase("application/apply-patch+yaml", "a: [\nb: 1\n")]
    public async Task Malformed_flow_yaml_is_400(string contentType, string body)
    {
        var path = contentType.StartsWith("application/apply", StringComparison.Ordinal)
            ? $"/api/v1/namespaces/{Ns}/configmaps/flow?fieldManager=t"
            : $"/api/v1/namespaces/{Ns}/configmaps";
        using var response = await Send(contentType.StartsWith("application/apply", StringComparison.Ordinal) ? HttpMethod.Patch : HttpMethod.Post, path, body, contentType);

        await AssertStatus(response, 400);
    }

    // Item 11: DELETE answered 202 for a completed delete when a racing create re-made the name.
    [Test]
    public async Task A_completed_delete_is_200_even_when_the_name_is_made_again_at_once()
    {
        var name = Name("race");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        using var subscription = Cluster.Store.Subscribe(e =>
        {
            if (e.Type == "DELETED" && e.Object["metadata"]?["name"]?.GetValue<string>() == name)
            {
                Cluster.Store.Create(Kubernetes.Embedded.Store.ResourceType.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns } });
            }
        });

        using var response = await http.DeleteAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps/{name}", UriKind.Relative));

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    // Item 11: a too-large body gave "broken pipe" instead of the 413 Status.
    [Test]
    public async Task A_5_MB_body_is_read_and_answered_413()
    {
        var name = Name("big");
        var body = $"{{\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{\"k\":\"{new string('x', 5 * 1024 * 1024)}\"}}}}";

        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", body, "application/json");

        await AssertStatus(response, 413);
        await AssertAliveAndAbsent("configmaps", name);
    }

    private static string AliasBomb(string name, string kind)
    {
        var yaml = new StringBuilder($"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\ninvolvedObject:\n  kind: Pod\n  name: p\nx:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = "a";
        foreach (var label in "bcdefghi")
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {label}: &{label} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n");
            previous = label.ToString();
        }

        return yaml.ToString();
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string body, string contentType, bool raw = false)
    {
        var uri = raw
            ? new Uri(Cluster.BaseAddress.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })
            : new Uri(path, UriKind.Relative);
        using var request = new HttpRequestMessage(method, uri) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await http.SendAsync(request);
    }

    private async Task AssertAliveAndAbsent(string plural, string name)
    {
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var get = await http.GetAsync(new Uri($"/api/v1/namespaces/{Ns}/{plural}/{name}", UriKind.Relative));
        Assert.That((int)get.StatusCode, Is.EqualTo(404), $"{plural}/{name} must not be stored");
        using var list = await http.GetAsync(new Uri($"/api/v1/namespaces/{Ns}/{plural}", UriKind.Relative));
        Assert.That((int)list.StatusCode, Is.EqualTo(200));
        Assert.That(JsonNode.Parse(await list.Content.ReadAsStringAsync())?["items"], Is.Not.Null);
    }

    private static async Task AssertStatus(HttpResponseMessage response, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(code), text);
        var status = JsonNode.Parse(text) as JsonObject;
        Assert.That(status?["kind"]?.GetValue<string>(), Is.EqualTo("Status"), text);
        Assert.That(status?["code"]?.GetValue<int>(), Is.EqualTo(code), text);
        Assert.That(status?["message"]?.GetValue<string>(), Is.Not.Empty);
    }
}
