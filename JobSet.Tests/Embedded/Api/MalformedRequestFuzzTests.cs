using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bogus;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// Random, mostly malformed writes and list/watch parameters (Bogus, fixed seeds) on every kind
/// and verb: the server answers each with a success or a Status whose code matches the HTTP code,
/// never a 500, and keeps serving.
/// </summary>
public sealed class MalformedRequestFuzzTests : ApiTestBase
{
    private static readonly string[] Collections =
    [
        "/api/v1/namespaces/{ns}/configmaps",
        "/api/v1/namespaces/{ns}/pods",
        "/api/v1/namespaces/{ns}/services",
        "/api/v1/namespaces/{ns}/events",
        "/apis/batch/v1/namespaces/{ns}/jobs",
        "/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
        "/apis/jobset.x-k8s.io/v1alpha2/namespaces/{ns}/jobsets",
        "/api/v1/nodes",
    ];

    private static readonly string[] Fields = ["metadata", "spec", "status", "data", "apiVersion", "kind"];
    private static readonly string[] MetaFields = ["name", "generateName", "labels", "annotations", "finalizers", "ownerReferences", "resourceVersion", "uid", "namespace", "deletionTimestamp"];
    private static readonly string[] PatchTypes = ["application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public async Task Random_writes_never_get_an_internal_error(int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var failures = new List<string>();
        var codes = new SortedDictionary<int, int>();
        foreach (var collection in Collections)
        {
            for (var n = 0; n < 3; n++)
            {
                using var valid = new StringContent(ValidBody(collection, $"fz{seed}-{n}"), Encoding.UTF8, "application/json");
                using var created = await http.PostAsync(collection.Replace("{ns}", Ns, StringComparison.Ordinal), valid);
                Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
            }
        }

        for (var i = 0; i < 500; i++)
        {
            var collection = faker.PickRandom(Collections).Replace("{ns}", Ns, StringComparison.Ordinal);
            var name = $"fz{seed}-{faker.Random.Int(0, 4)}";
            var body = RandomBody(faker, name);
            var verb = faker.Random.Int(0, 3);
            using var request = verb switch
            {
                0 => new HttpRequestMessage(HttpMethod.Post, collection),
                1 => new HttpRequestMessage(HttpMethod.Put, $"{collection}/{name}"),
                2 => new HttpRequestMessage(HttpMethod.Patch, $"{collection}/{name}{(faker.Random.Bool() ? "/status" : "")}?fieldManager=fuzz"),
                _ => new HttpRequestMessage(HttpMethod.Delete, $"{collection}/{name}"),
            };
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(verb == 2 ? faker.PickRandom(PatchTypes) : "application/json");

            using var response = await http.SendAsync(request);
            var code = (int)response.StatusCode;
            codes[code] = codes.GetValueOrDefault(code) + 1;
            var text = await response.Content.ReadAsStringAsync();
            if (code >= 500)
            {
                failures.Add($"{request.Method} {request.RequestUri} {body} -> {code} {text}");
            }
            else if (code >= 400 && (JsonNode.Parse(text) is not JsonObject status || status["kind"]?.GetValue<string>() != "Status" || status["code"]?.GetValue<int>() != code))
            {
                failures.Add($"{request.Method} {request.RequestUri} {body} -> {code} without a Status: {text}");
            }
        }

        await TestContext.Out.WriteLineAsync(string.Join(", ", codes.Select(c => $"{c.Key}: {c.Value}")));
        Assert.That(failures, Is.Empty);
        Assert.That(codes.Keys.Count(c => c < 300), Is.GreaterThan(0), "some random writes succeed, so later ones hit existing objects");
        var namespaces = await Client.CoreV1.ListNamespaceAsync();
        Assert.That(namespaces.Items.Select(n => n.Metadata.Name), Does.Contain(Ns));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Random_list_and_watch_parameters_never_get_an_internal_error(int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        var parameters = new Dictionary<string, string[]>
        {
            ["labelSelector"] = ["a=b", "a in (b,c)", "!a", "a notin ()", "a==", "=", "a b", "(", "a,b", "x/y=z", "a!=b,c"],
            ["fieldSelector"] = ["metadata.name=x", "metadata.name!=x", "x", "=", "spec.nodeName==", "a=b=c"],
            ["limit"] = ["0", "1", "-1", "abc", "99999999999"],
            ["continue"] = ["", "abc", "eyJydiI6MSwic3RhcnQiOiJ4In0", "%%%", "eyJydiI6OTk5OTk5OTk5LCJzdGFydCI6IngifQ"],
            ["resourceVersion"] = ["", "0", "1", "-1", "abc", "99999999999999999999"],
            ["resourceVersionMatch"] = ["", "Exact", "NotOlderThan", "Bogus"],
            ["watch"] = ["true", "false", "1", "maybe", ""],
            ["allowWatchBookmarks"] = ["true", "no"],
            ["sendInitialEvents"] = ["true", "false", "x"],
            ["timeoutSeconds"] = ["1", "0", "-5", "soon"],
        };
        using var handler = new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero };
        using var http = new HttpClient(handler) { BaseAddress = Cluster.BaseAddress };
        var failures = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            var query = string.Join("&", faker.PickRandom(parameters.Keys, faker.Random.Int(1, 5)).Select(k => $"{k}={Uri.EscapeDataString(faker.PickRandom(parameters[k]))}"));
            var path = $"{faker.PickRandom(Collections).Replace("{ns}", Ns, StringComparison.Ordinal)}?{query}";
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            var code = (int)response.StatusCode;
            if (code >= 500)
            {
                failures.Add($"GET {path} -> {code} {await response.Content.ReadAsStringAsync()}");
            }
            else if (code >= 400 && (JsonNode.Parse(await response.Content.ReadAsStringAsync()) is not JsonObject status || status["code"]?.GetValue<int>() != code))
            {
                failures.Add($"GET {path} -> {code} without a Status");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    /// <summary>A valid object of the collection's kind, for the random writes to hit.</summary>
    private static string ValidBody(string collection, string name)
    {
        var container = "{\"name\":\"c\",\"image\":\"busybox\"}";
        var spec = collection.Split('/')[^1] switch
        {
            "pods" => $",\"spec\":{{\"containers\":[{container}]}}",
            "jobs" => $",\"spec\":{{\"template\":{{\"spec\":{{\"restartPolicy\":\"Never\",\"containers\":[{container}]}}}}}}",
            "services" => ",\"spec\":{\"ports\":[{\"port\":80}]}",
            "events" => ",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"}",
            "jobsets" => ",\"spec\":" + AdmissionTests.JobSetJson(name)["spec"]!.ToJsonString(),
            _ => "",
        };
        return $"{{\"metadata\":{{\"name\":\"{name}\",\"labels\":{{\"a\":\"b\"}}}}{spec}}}";
    }

    private static string RandomBody(Faker f, string name)
    {
        var shape = f.Random.Int(0, 9);
        if (shape == 0)
        {
            return f.PickRandom("", "null", "[]", "{", "nonsense", "[{\"op\":\"add\"}]", "[{\"op\":\"replace\",\"path\":\"/metadata/labels\",\"value\":[1]}]", "{\"$patch\":\"delete\"}", "123");
        }

        var obj = new JsonObject();
        var meta = new JsonObject { ["name"] = name };
        obj["metadata"] = meta;
        foreach (var field in f.PickRandom(Fields, f.Random.Int(0, 3)).Where(field => field is not ("apiVersion" or "kind") || f.Random.Bool(0.2f)))
        {
            obj[field] = RandomValue(f, 2);
        }

        if (obj["metadata"] is JsonObject m)
        {
            foreach (var field in f.PickRandom(MetaFields, f.Random.Int(0, 2)))
            {
                m[field] = RandomValue(f, 2);
            }
        }

        return obj.ToJsonString();
    }

    private static JsonNode? RandomValue(Faker f, int depth) => f.Random.Int(0, depth > 0 ? 7 : 4) switch
    {
        0 => null,
        1 => JsonValue.Create(f.Random.Int(-5, 5)),
        2 => JsonValue.Create(f.Random.Bool()),
        3 => JsonValue.Create(f.PickRandom("x", "", "Bad Value", "a/b", "v1", new string('z', 70), "2026-01-01T00:00:00Z")),
        4 => JsonValue.Create(f.Random.Double()),
        5 => new JsonArray([.. Enumerable.Range(0, f.Random.Int(0, 3)).Select(_ => RandomValue(f, depth - 1))]),
        _ => new JsonObject(Enumerable.Range(0, f.Random.Int(0, 3)).Select(i => KeyValuePair.Create(f.PickRandom("a", "b", "name", "uid", "op", "path", "$patch", "containers", "k/v", "-bad"), RandomValue(f, depth - 1))).DistinctBy(p => p.Key)),
    };
}
