using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Tests.Embedded.Api;
using k8s;

namespace JobSet.Tests.Embedded.Hardening;

/// <summary>
/// The query options of a write (fieldManager, force, dryRun, fieldValidation) are validated as
/// the API server validates CreateOptions, UpdateOptions and PatchOptions: 422 Invalid, nothing
/// stored. Without it a writer could stamp kilobytes or control characters into managedFields, or
/// have a misspelt dryRun silently taken as a dry run.
/// </summary>
public sealed class WriteOptionsValidationTests : ApiTestBase
{
    private HttpClient http = null!;

    [OneTimeSetUp]
    public void Http() => http = new HttpClient { BaseAddress = Cluster.BaseAddress };

    [OneTimeTearDown]
    public void DisposeHttp() => http?.Dispose();

    [TestCase("fieldManager=" + "m129", "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes")]
    [TestCase("fieldManager=a%01b", "fieldManager: Invalid value: \"a\\u0001b\": invalid character U+0001 (at position 1)")]
    [TestCase("fieldManager=%E2%80%8B", "invalid character U+200B (at position 0)")]
    [TestCase("dryRun=Bogus", "dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"")]
    [TestCase("fieldValidation=Bogus", "fieldValidation: Unsupported value: \"Bogus\"")]
    public async Task A_create_with_invalid_options_is_422_and_nothing_is_stored(string query, string expected)
    {
        var name = Name("opts");
        query = query.Replace("m129", new string('m', 129), StringComparison.Ordinal);

        using var response = await Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps?{query}", $"{{\"metadata\":{{\"name\":\"{name}\"}}}}", "application/json");

        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(422), text);
        Assert.That(JsonNode.Parse(text)?["message"]?.GetValue<string>(), Does.Contain(expected));
        using var get = await http.GetAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps/{name}", UriKind.Relative));
        Assert.That((int)get.StatusCode, Is.EqualTo(404));
    }

    [TestCase("application/apply-patch+yaml", "fieldManager=", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")]
    [TestCase("application/apply-patch+yaml", "force=true", "fieldManager: Required value: is required for apply patch")]
    [TestCase("application/merge-patch+json", "force=true", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch")]
    [TestCase("application/merge-patch+json", "fieldManager=" + "m129", "fieldManager: Too long")]
    public async Task A_patch_with_invalid_options_is_422_and_the_object_is_unchanged(string contentType, string query, string expected)
    {
        var name = Name("patch-opts");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        query = query.Replace("m129", new string('m', 129), StringComparison.Ordinal);
        var body = $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{\"k\":\"changed\"}}}}";

        using var response = await Send(HttpMethod.Patch, $"/api/v1/namespaces/{Ns}/configmaps/{name}?{query}", body, contentType);

        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(422), text);
        Assert.That(text, Does.Contain(expected.Replace("\"", "\\\"", StringComparison.Ordinal)));
        Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns)).Data["k"], Is.EqualTo("v"));
    }

    [Test]
    public async Task An_update_with_a_too_long_field_manager_is_422()
    {
        var name = Name("put-opts");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        using var response = await Send(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/configmaps/{name}?fieldManager={new string('m', 129)}", $"{{\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{\"k\":\"changed\"}}}}", "application/json");

        Assert.That((int)response.StatusCode, Is.EqualTo(422), await response.Content.ReadAsStringAsync());
        Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns)).Data["k"], Is.EqualTo("v"));
    }

    // Without fieldManager the manager is the user agent's program: printable characters only, at most 128 bytes.
    [Test]
    public async Task A_manager_named_after_a_huge_user_agent_is_cut_to_128_printable_bytes()
    {
        var name = Name("agent");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/namespaces/{Ns}/configmaps", UriKind.Relative))
        {
            Content = new StringContent($"{{\"metadata\":{{\"name\":\"{name}\"}}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "a\tb" + new string('u', 10_000) + "/1.0");

        using var response = await http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), text);
        var manager = JsonNode.Parse(text)?["metadata"]?["managedFields"]?[0]?["manager"]?.GetValue<string>();
        Assert.That(manager, Is.EqualTo("ab" + new string('u', 126)));
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await http.SendAsync(request);
    }
}
