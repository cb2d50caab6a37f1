using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using JobSet.Core.Serialization;
using JobSet.Tests.Embedded.Api;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>
/// Property-based tests (CsCheck) of the readers and the HTTP API with hostile input: random YAML
/// (deep nesting, anchors and aliases, huge numbers), random bodies of every content type, random
/// paths and query strings, every verb. Never a 500, never a stored object that cannot be read
/// back, the process alive. Iteration counts keep the whole class to a few seconds on 2 cores.
/// </summary>
public sealed class HostileInputProperties : ApiTestBase
{
    private static readonly string[] Scalars =
    [
        "a", "\"q\"", "1", "-7", "0x1F", "1e999", "-1e999", "1e308", "4.9e-324", ".nan", ".inf", "~", "null", "true", "yes",
        "99999999999999999999", new string('9', 400), new string('9', 5000), "2026-01-01T00:00:00Z", "''", "'it''s'", "|\n  block", "!!str 5",
        "*nope", "&", "{", "]", "- x", ": y", "@x", "%", "`",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "application/merge-patch+json",
        "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data", "application/cbor", "", "application/json; charset=utf-16", "*/*",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    // Unicode goes in percent-encoded ("%C3%A9"): a raw non-ASCII byte makes the request line
    // itself invalid HTTP, which Kestrel answers before the API (505 or 400) and then closes the
    // connection; that is the transport's behaviour, not the API's.
    private static readonly string[] PathSegments =
    [
        "api", "apis", "v1", "namespaces", "default", "t-hostileinputproperties", "configmaps", "pods", "events", "secrets", "jobs",
        "batch", "jobset.x-k8s.io", "v1alpha2", "jobsets", "status", "scale", "cm", "x", "..", ".", "%2e%2e", "%2E", "%2f", "a%2Fb",
        "%00", "%ff", "%", "~", "UPPER", "a.b", new string('n', 300), "%C3%A9", "watch", "openapi", "version", "healthz",
    ];

    private static readonly string[] QueryParts =
    [
        "watch=true&timeoutSeconds=1", "watch=1&resourceVersion=1&timeoutSeconds=1", "resourceVersion=99999999999999999999", "resourceVersion=-1",
        "limit=-5", "limit=1&continue=garbage", "labelSelector=a%20in%20(", "labelSelector=a=b", "fieldSelector=metadata.name==x",
        "fieldSelector=spec.nope=1", "dryRun=All", "fieldValidation=Strict", "fieldValidation=Bogus", "fieldManager=" + new string('m', 200),
        "propagationPolicy=Foreground", "propagationPolicy=Sideways", "timeoutSeconds=abc", "allowWatchBookmarks=maybe", "%zz=1", "a=%", "",
    ];

    /// <summary>Random YAML text: mappings, sequences (block and flow), anchors and aliases, odd scalars, nesting up to <paramref name="depth"/>.</summary>
    private static Gen<string> Yaml(int depth)
    {
        var scalar = Gen.OneOf(Gen.OneOf(Scalars), Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)), Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
        if (depth == 0)
        {
            return scalar;
        }

        var child = Yaml(depth - 1);
        var deepFlow = Gen.Int[1, 300].Select(n => new string('[', n) + new string(']', n));
        var flowMap = Gen.Select(Gen.OneOf("a", "b", "<<", "x y", "1"), child).Array[0, 4]
            .Select(pairs => "{" + string.Join(", ", pairs.Select(p => $"{p.Item1}: {Flat(p.Item2)}")) + "}");
        var flowSeq = child.Array[0, 4].Select(items => "[" + string.Join(", ", items.Select(Flat)) + "]");
        var anchored = Gen.Select(Gen.OneOf("a", "b", "c"), Gen.OneOf(flowSeq, flowMap))
            .Select((name, value) => $"&{name} {value}");
        var alias = Gen.OneOf("*a", "*b", "*c");
        return Gen.Frequency<string>((4, scalar), (3, flowMap), (3, flowSeq), (2, anchored), (2, alias), (1, deepFlow));
    }

    private static string Flat(string text) => text.Contains('\n', StringComparison.Ordinal) ? "x" : text;

    /// <summary>A random document: a block mapping of top-level keys (some of an object's real fields) with random values.</summary>
    private static readonly Gen<string> Documents =
        Gen.Select(Gen.OneOf("apiVersion", "kind", "metadata", "data", "spec", "count", "x", "<<", "items"), Yaml(3)).Array[1, 6]
            .Select(pairs => string.Join("\n", pairs.Select(p => $"{p.Item1}: {p.Item2}")) + "\n");

    [Test]
    public void The_yaml_reader_returns_serializable_json_or_a_one_line_error()
    {
        Documents.Sample(
            text =>
            {
                IReadOnlyList<JsonObject> objects;
                try
                {
                    objects = ManifestReader.ReadObjects(text, "input");
                }
                catch (ManifestException ex)
                {
                    Assert.That(ex.Message, Does.StartWith("input: ").And.Not.Contain("\n"));
                    return;
                }

                foreach (var obj in objects)
                {
                    // Whatever is read can be written and read back as JSON within the same limits.
                    var json = obj.ToJsonString();
                    Assert.That(JsonNode.DeepEquals(JsonInput.Parse(json), obj), Is.True, json.Length > 500 ? json[..500] : json);
                }
            },
            iter: 800,
            threads: 1,
            seed: "0N0XIzNsQ0O2");
    }

    [Test]
    public void Every_data_verb_answers_random_yaml_with_an_exit_code_and_no_internal_error()
    {
        Gen.Select(Gen.OneOf("default", "validate", "plan", "admit-pod"), Documents).Sample(
            (verb, text) =>
            {
                var result = CliRunner.RunWithInput(text, verb, "-f", "-");
                Assert.That(result.ExitCode, Is.AnyOf(0, 1, 2));
                Assert.That(result.Error, Does.Not.Contain("internal error"));
            },
            iter: 400,
            threads: 1,
            seed: "0N0XIzNsQ0O2");
    }

    [Test]
    public async Task The_api_never_answers_500_and_everything_stored_reads_back()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var path = Gen.OneOf(PathSegments).Array[0, 7].Select(segs => "/" + string.Join('/', segs));
        var realPath = Gen.OneOf(
            $"/api/v1/namespaces/{Ns}/configmaps", $"/api/v1/namespaces/{Ns}/configmaps/p", $"/api/v1/namespaces/{Ns}/events",
            $"/api/v1/namespaces/{Ns}/pods/p/status", $"/apis/jobset.x-k8s.io/v1alpha2/namespaces/{Ns}/jobsets", $"/apis/jobset.x-k8s.io/v1alpha2/namespaces/{Ns}/jobsets/p",
            $"/apis/batch/v1/namespaces/{Ns}/jobs/p", "/api/v1/namespaces/p");
        var body = Gen.Frequency<string>(
            (4, Documents),
            (2, Documents.Select(YamlToJsonOrSelf)),
            (1, Gen.Byte.Array[0, 64].Select(b => Encoding.Latin1.GetString([.. "k8s\0"u8.ToArray(), .. b]))),
            (1, Gen.String[0, 64]),
            (1, Gen.Const("")));
        var request = Gen.Select(Gen.OneOf(Methods), Gen.Frequency<string>((1, path), (2, realPath)), Gen.OneOf(QueryParts), Gen.OneOf(ContentTypes), body);

        var failures = new List<string>();
        var samples = new List<(string Method, string Path, string Query, string ContentType, string Body)>();
        request.Sample(r => samples.Add(r), iter: 600, threads: 1, seed: "0N0XIzNsQ0O2");
        foreach (var (method, p, query, contentType, text) in samples)
        {
            var uri = new Uri(Cluster.BaseAddress.GetLeftPart(UriPartial.Authority) + p + (query.Length > 0 ? "?" + query : ""), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            HttpRequestMessage Message()
            {
                var message = new HttpRequestMessage(new HttpMethod(method), uri);
                if (method is not ("GET" or "HEAD" or "OPTIONS") || text.Length % 3 == 0)
                {
                    message.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(text));
                    if (contentType.Length > 0 && MediaTypeHeaderValue.TryParse(contentType, out var parsed))
                    {
                        message.Content.Headers.ContentType = parsed;
                    }
                }

                return message;
            }

            HttpResponseMessage response;
            try
            {
                using var first = Message();
                response = await http.SendAsync(first);
            }
            catch (HttpRequestException)
            {
                // Once on a fresh connection: Kestrel closes a connection after refusing a malformed
                // request target (e.g. %00) with a bare 400, and the client may already have sent
                // the next request on it. A request that breaks the server breaks it again, and is
                // reported below.
                try
                {
                    using var fresh = new HttpClient { BaseAddress = Cluster.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                    using var second = Message();
                    response = await fresh.SendAsync(second);
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{method} {p}?{query} [{contentType}] {text[..Math.Min(text.Length, 200)]} -> {ex.Message} {ex.InnerException?.Message}");
                    continue;
                }
            }

            using var disposeResponse = response;
            if ((int)response.StatusCode >= 500 && (int)response.StatusCode != 504)
            {
                failures.Add($"{method} {p}?{query} [{contentType}] {text[..Math.Min(text.Length, 200)]} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        await AssertEverythingReadsBack(http);
    }

    private static string YamlToJsonOrSelf(string yaml)
    {
        try
        {
            return YamlJson.ParseDocuments(yaml) is [JsonNode first, ..] ? first.ToJsonString() : yaml;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return yaml;
        }
    }

    private async Task AssertEverythingReadsBack(HttpClient http)
    {
        using (var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.That((int)health.StatusCode, Is.EqualTo(200));
        }

        foreach (var type in Cluster.Store.ServedTypes)
        {
            var prefix = type.Group.Length == 0 ? "/api/v1" : $"/apis/{type.Group}/{type.Version}";
            using var list = await http.GetAsync(new Uri($"{prefix}/{type.Plural}", UriKind.Relative));
            var text = await list.Content.ReadAsStringAsync();
            Assert.That((int)list.StatusCode, Is.EqualTo(200), $"{type.Plural}: {text}");
            var items = JsonInput.Parse(text)?["items"]?.AsArray() ?? [];
            foreach (var item in items)
            {
                var ns = item?["metadata"]?["namespace"]?.GetValue<string>();
                var name = item?["metadata"]?["name"]?.GetValue<string>();
                var url = ns is null ? $"{prefix}/{type.Plural}/{name}" : $"{prefix}/namespaces/{ns}/{type.Plural}/{name}";
                using var get = await http.GetAsync(new Uri(url, UriKind.Relative));
                Assert.That((int)get.StatusCode, Is.EqualTo(200), url);
                Assert.That(JsonInput.Parse(await get.Content.ReadAsStringAsync()), Is.Not.Null);
            }
        }
    }
}
