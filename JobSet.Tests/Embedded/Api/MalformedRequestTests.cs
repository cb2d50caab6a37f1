using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// Malformed requests over raw HTTP: every one gets a Kubernetes Status body with the code and
/// reason a real API server gives, never a dropped connection or an InternalError, and the server
/// keeps serving afterwards.
/// </summary>
public sealed class MalformedRequestTests : ApiTestBase
{
    private const string Existing = "target";
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Seed()
    {
        http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Existing), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod(Existing), Ns);
    }

    [OneTimeTearDown]
    public void DisposeHttp() => http?.Dispose();

    private static readonly object[] Bodies =
    [
        new object[] { "not json at all", 400, "BadRequest" },
        new object[] { "{\"metadata\":", 400, "BadRequest" },
        new object[] { "[1,2,3]", 400, "BadRequest" },
        new object[] { "\"a string\"", 400, "BadRequest" },
        new object[] { "", 400, "BadRequest" },
        new object[] { "{\"metadata\":\"x\"}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":42}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"lbl-list\",\"labels\":[\"a\",\"b\"]}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"lbl-num\",\"labels\":{\"a\":1}}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"ann-list\",\"annotations\":[]}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"rv-num\",\"resourceVersion\":5}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"fin-obj\",\"finalizers\":{\"a\":\"b\"}}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"fin-num\",\"finalizers\":[1]}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"own-obj\",\"ownerReferences\":{}}}", 400, "BadRequest" },
        new object[] { "{\"metadata\":{\"name\":\"own-uid\",\"ownerReferences\":[{\"uid\":7}]}}", 400, "BadRequest" },
        new object[] { "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a-pod\"}}", 400, "BadRequest" },
        new object[] { "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"other-group\"}}", 400, "BadRequest" },
        new object[] { "{\"apiVersion\":1,\"metadata\":{\"name\":\"num-version\"}}", 400, "BadRequest" },
        new object[] { "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"typed-ok\"}}", 201, "" },
        new object[] { "{\"metadata\":{\"name\":\"Upper_Case\"}}", 422, "Invalid" },
        new object[] { "{\"metadata\":{\"name\":\"" + new string('a', 300) + "\"}}", 422, "Invalid" },
        new object[] { "{\"metadata\":{\"generateName\":\"" + new string('g', 300) + "\"}}", 201, "" },
        new object[] { "{\"metadata\":{\"name\":\"bad-label-value\",\"labels\":{\"a\":\"has space\"}}}", 422, "Invalid" },
        new object[] { "{\"metadata\":{\"name\":\"bad-label-key\",\"labels\":{\"-a\":\"b\"}}}", 422, "Invalid" },
        new object[] { "{\"metadata\":{\"name\":\"long-label\",\"labels\":{\"a\":\"" + new string('v', 64) + "\"}}}", 422, "Invalid" },
        new object[] { "{\"metadata\":{\"name\":\"bad-ann-key\",\"annotations\":{\"a b\":\"c\"}}}", 422, "Invalid" },
    ];

    [TestCaseSource(nameof(Bodies))]
    public async Task Create_with_a_malformed_body_is_a_status(string body, int code, string reason)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(Uri($"/api/v1/namespaces/{Ns}/configmaps"), content);

        await AssertStatus(response, code, reason);
    }

    [TestCase("{\"metadata\":{\"name\":\"target\",\"resourceVersion\":1}}", 400, "BadRequest")]
    [TestCase("{\"metadata\":{\"name\":\"target\",\"labels\":[\"x\"]}}", 400, "BadRequest")]
    [TestCase("{\"metadata\":{\"name\":\"other\"}}", 400, "BadRequest")]
    [TestCase("{\"metadata\":{\"name\":\"target\",\"resourceVersion\":\"1\"}}", 409, "Conflict")]
    [TestCase("{\"metadata\":{\"name\":\"target\",\"labels\":{\"bad key\":\"v\"}}}", 422, "Invalid")]
    [TestCase("{\"metadata\":{\"name\":\"target\",\"resourceVersion\":\"not-a-number\"}}", 409, "Conflict")]
    [TestCase("nonsense", 400, "BadRequest")]
    public async Task Replace_with_a_malformed_body_is_a_status(string body, int code, string reason)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await http.PutAsync(Uri($"/api/v1/namespaces/{Ns}/configmaps/{Existing}"), content);

        await AssertStatus(response, code, reason);
    }

    [TestCase("application/merge-patch+json", "not json", 400, "BadRequest")]
    [TestCase("application/merge-patch+json", "{\"metadata\":{\"labels\":[\"a\"]}}", 422, "Invalid")]
    [TestCase("application/merge-patch+json", "{\"metadata\":{\"resourceVersion\":3}}", 422, "Invalid")]
    [TestCase("application/merge-patch+json", "[1]", 400, "BadRequest")]
    [TestCase("application/merge-patch+json", "{\"metadata\":{\"labels\":{\"ok\":\"fine\"}}}", 200, "")]
    [TestCase("application/json-patch+json", "{\"op\":\"add\"}", 400, "BadRequest")]
    [TestCase("application/json-patch+json", "[{\"op\":\"bogus\",\"path\":\"/data/a\"}]", 422, "Invalid")]
    [TestCase("application/json-patch+json", "[{\"op\":\"add\",\"path\":\"no-slash\",\"value\":1}]", 422, "Invalid")]
    [TestCase("application/json-patch+json", "[{\"op\":\"remove\",\"path\":\"/data/missing\"}]", 422, "Invalid")]
    [TestCase("application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/data/a/b/c\",\"value\":1}]", 422, "Invalid")]
    [TestCase("application/json-patch+json", "[{\"op\":7,\"path\":\"/data\"}]", 422, "Invalid")]
    [TestCase("application/json-patch+json", "[1,2]", 400, "BadRequest")]
    [TestCase("application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/metadata/labels\",\"value\":[1]}]", 422, "Invalid")]
    [TestCase("application/strategic-merge-patch+json", "{\"data\":[\"x\"]}", 400, "BadRequest")]
    [TestCase("application/strategic-merge-patch+json", "{\"$patch\":7}", 400, "BadRequest")]
    [TestCase("application/strategic-merge-patch+json", "{\"metadata\":{\"finalizers\":\"x\"}}", 422, "Invalid")]
    [TestCase("text/plain", "{}", 415, "UnsupportedMediaType")]
    [TestCase("application/apply-patch+yaml", "{", 400, "BadRequest")]
    [TestCase("application/apply-patch+yaml", "a: [", 400, "BadRequest")]
    [TestCase("application/merge-patch+json", "{", 400, "BadRequest")]
    [TestCase("application/json-patch+json", "{", 400, "BadRequest")]
    [TestCase("application/strategic-merge-patch+json", "{", 400, "BadRequest")]
    /// <remarks>A patch whose result has metadata of the wrong type is 422 Invalid (field <c>patch</c>), as the API server reports a patched object it cannot decode; a body that cannot be decoded is 400.</remarks>
    public async Task A_bad_patch_document_is_a_status(string contentType, string body, int code, string reason)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await http.PatchAsync(Uri($"/api/v1/namespaces/{Ns}/configmaps/{Existing}?fieldManager=test"), content);

        await AssertStatus(response, code, reason);
    }

    [TestCase("{\"spec\":{\"containers\":\"x\"}}", 400, "BadRequest")]
    [TestCase("{\"spec\":{\"containers\":[{\"name\":\"main\",\"$patch\":\"sideways\"}]}}", 400, "BadRequest")]
    [TestCase("{\"spec\":{\"$retainKeys\":\"x\"}}", 400, "BadRequest")]
    public async Task A_bad_strategic_merge_patch_of_a_pod_is_a_status(string body, int code, string reason)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/strategic-merge-patch+json");

        using var response = await http.PatchAsync(Uri($"/api/v1/namespaces/{Ns}/pods/{Existing}"), content);

        await AssertStatus(response, code, reason);
    }

    [TestCase("/api/v1/namespaces/{ns}/widgets", 404, "NotFound")]
    [TestCase("/api/v1/namespaces/{ns}/widgets/x", 404, "NotFound")]
    [TestCase("/apis/nope.example.com/v1/things", 404, "NotFound")]
    [TestCase("/apis/batch/v9/jobs", 404, "NotFound")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps/target/scale", 404, "NotFound")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps/missing", 404, "NotFound")]
    [TestCase("/api/v1/namespaces/no-such-ns/configmaps/target", 404, "NotFound")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?labelSelector=a%20in%20(", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?labelSelector=a%3D%3Db%3D%3Dc", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?labelSelector=%3Dvalue", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?labelSelector=a%20notin%20", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3E3", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?continue=%%%garbage", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?continue=bm90IGpzb24", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?continue=eyJydiI6InN0cmluZyJ9", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?continue=eyJydiI6OTk5OTk5OTk5LCJzdGFydCI6IngifQ", 410, "Expired")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?limit=abc", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion=abc", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion=-1", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&timeoutSeconds=soon", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion=999999999999", 504, "Timeout")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&labelSelector=a%20in%20(", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&fieldSelector=nonsense", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=maybe", 400, "BadRequest")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?resourceVersionMatch=Sometimes", 422, "Invalid")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?resourceVersionMatch=NotOlderThan", 422, "Invalid")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?resourceVersionMatch=Exact&resourceVersion=0", 422, "Invalid")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?resourceVersionMatch=NotOlderThan&resourceVersion=1", 200, "")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?sendInitialEvents=true", 422, "Invalid")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&sendInitialEvents=true", 422, "Invalid")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersionMatch=NotOlderThan", 422, "Invalid")]
    [TestCase("/api/v1/namespaces/{ns}/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=Exact", 422, "Invalid")]
    public async Task A_bad_read_is_a_status(string path, int code, string reason)
    {
        using var response = await http.GetAsync(Uri(path.Replace("{ns}", Ns, StringComparison.Ordinal)));

        await AssertStatus(response, code, reason);
    }

    [TestCase("not json", 400, "BadRequest")]
    [TestCase("{\"propagationPolicy\":7}", 400, "BadRequest")]
    [TestCase("{\"propagationPolicy\":\"Sideways\"}", 400, "BadRequest")]
    [TestCase("{\"preconditions\":{\"uid\":5}}", 400, "BadRequest")]
    [TestCase("{\"preconditions\":\"x\"}", 400, "BadRequest")]
    [TestCase("{\"preconditions\":{\"uid\":\"someone-else\"}}", 409, "Conflict")]
    [TestCase("[1]", 400, "BadRequest")]
    public async Task A_bad_delete_body_is_a_status(string body, int code, string reason)
    {
        var name = Name("del");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        using var request = new HttpRequestMessage(HttpMethod.Delete, Uri($"/api/v1/namespaces/{Ns}/configmaps/{name}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request);

        await AssertStatus(response, code, reason);
    }

    [Test]
    public async Task A_body_over_3_MiB_is_413_RequestEntityTooLarge()
    {
        var huge = "{\"metadata\":{\"name\":\"huge\"},\"data\":{\"k\":\"" + new string('x', (3 * 1024 * 1024) + 1) + "\"}}";
        // Expect: 100-continue: the server answers 413
        // before the body is sent, instead of closing the connection under a client still writing it.
        using var request = new HttpRequestMessage(HttpMethod.Post, Uri($"/api/v1/namespaces/{Ns}/configmaps"))
        {
            Content = new StringContent(huge, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request);

        await AssertStatus(response, 413, "RequestEntityTooLarge");
    }

    [TestCase(63, 201, "")]
    [TestCase(64, 422, "Invalid")]
    public async Task A_job_name_must_fit_the_job_name_label(int length, int code, string reason)
    {
        var name = "j" + new string('x', length - 1);
        var body = $"{{\"metadata\":{{\"name\":\"{name}\"}},\"spec\":{{\"template\":{{\"spec\":{{\"restartPolicy\":\"Never\",\"containers\":[{{\"name\":\"c\",\"image\":\"busybox\"}}]}}}}}}}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(Uri($"/apis/batch/v1/namespaces/{Ns}/jobs"), content);

        await AssertStatus(response, code, reason);
    }

    [Test]
    public async Task Post_to_an_object_path_is_405()
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(Uri($"/api/v1/namespaces/{Ns}/configmaps/{Existing}"), content);

        await AssertStatus(response, 405, "MethodNotAllowed");
    }

    [Test]
    public async Task A_jobset_with_wrong_field_types_is_refused_with_a_status()
    {
        using var content = new StringContent("{\"apiVersion\":\"jobset.x-k8s.io/v1alpha2\",\"kind\":\"JobSet\",\"metadata\":{\"name\":\"typed\"},\"spec\":{\"replicatedJobs\":\"x\"}}", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(Uri($"/apis/jobset.x-k8s.io/v1alpha2/namespaces/{Ns}/jobsets"), content);

        await AssertStatus(response, 400, "BadRequest");
    }

    [Test]
    public async Task The_server_still_serves_after_malformed_requests()
    {
        using var content = new StringContent("{\"metadata\":{\"name\":\"x\",\"labels\":[1]}}", Encoding.UTF8, "application/json");
        using var bad = await http.PostAsync(Uri($"/api/v1/namespaces/{Ns}/configmaps"), content);

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns);

        Assert.That(list.Items.Select(c => c.Metadata.Name), Does.Contain(Existing));
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private static async Task AssertStatus(HttpResponseMessage response, int code, string reason)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (code is 200 or 201)
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(code), text);
            return;
        }

        var status = JsonNode.Parse(text) as JsonObject;
        Assert.That(
            ((int)response.StatusCode, status?["kind"]?.GetValue<string>(), status?["code"]?.GetValue<int>(), status?["reason"]?.GetValue<string>()),
            Is.EqualTo((code, "Status", code, reason)),
            text);
        Assert.That(status?["message"]?.GetValue<string>(), Is.Not.Empty);
    }
}
