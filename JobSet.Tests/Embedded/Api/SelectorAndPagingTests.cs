using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Label and field selectors and limit/continue pagination over HTTP.</summary>
public sealed class SelectorAndPagingTests : ApiTestBase
{
    private string selectorNs = "";

    [OneTimeSetUp]
    public async Task SeedObjects()
    {
        selectorNs = Name("sel");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = selectorNs } });
        var objects = new (string Name, Dictionary<string, string> Labels)[]
        {
            ("a", new() { ["app"] = "web", ["tier"] = "front" }),
            ("b", new() { ["app"] = "web", ["tier"] = "back" }),
            ("c", new() { ["app"] = "db" }),
            ("d", new()),
        };
        foreach (var (name, labels) in objects)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, labels), selectorNs);
        }
    }

    [TestCase("app=web", "a,b")]
    [TestCase("app==web", "a,b")]
    [TestCase("app!=web", "c,d")]
    [TestCase("app in (web,db)", "a,b,c")]
    [TestCase("app notin (web)", "c,d")]
    [TestCase("tier", "a,b")]
    [TestCase("!tier", "c,d")]
    [TestCase("app=web,tier=back", "b")]
    [TestCase("app=web,!tier", "")]
    public async Task Label_selectors(string selector, string expected)
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(selectorNs, labelSelector: selector);

        Assert.That(string.Join(",", list.Items.Select(i => i.Metadata.Name)), Is.EqualTo(expected));
    }

    [TestCase("metadata.name=c", "c")]
    [TestCase("metadata.name!=c", "a,b,d")]
    public async Task Field_selectors_on_metadata(string selector, string expected)
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(selectorNs, fieldSelector: selector);

        Assert.That(string.Join(",", list.Items.Select(i => i.Metadata.Name)), Is.EqualTo(expected));
    }

    [Test]
    public async Task Field_selector_on_metadata_namespace_across_namespaces()
    {
        var list = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.namespace={selectorNs}");

        Assert.That(list.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "a", "b", "c", "d" }));
    }

    [Test]
    public async Task Field_selector_on_pod_node_name()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("on-n1", "n1"), selectorNs);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("on-n2", "n2"), selectorNs);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("unbound"), selectorNs);

        var onN1 = await Client.CoreV1.ListNamespacedPodAsync(selectorNs, fieldSelector: "spec.nodeName=n1");
        var unbound = await Client.CoreV1.ListNamespacedPodAsync(selectorNs, fieldSelector: "spec.nodeName=");

        Assert.That((onN1.Items.Single().Metadata.Name, unbound.Items.Single().Metadata.Name), Is.EqualTo(("on-n1", "unbound")));
    }

    [Test]
    public async Task Malformed_label_selector_is_400()
    {
        var (code, reason, _) = await Failure(() => Client.CoreV1.ListNamespacedConfigMapAsync(selectorNs, labelSelector: "app in web"));

        Assert.That((code, reason), Is.EqualTo((400, "BadRequest")));
    }

    [Test]
    public async Task Pages_of_two_cover_the_list_once_in_order()
    {
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        var remaining = new List<long?>();
        do
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync(selectorNs, limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            remaining.Add(page.Metadata.RemainingItemCount);
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.That((string.Join(",", names), pages), Is.EqualTo(("a,b,c,d", 2)));
        Assert.That(remaining, Is.EqualTo(new long?[] { 2, null }));
    }

    [Test]
    public async Task Later_pages_show_the_snapshot_of_the_first_page()
    {
        var ns = Name("snap");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), ns);
        }

        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("c", ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("e"), ns);
        var changed = await Client.CoreV1.ReadNamespacedConfigMapAsync("d", ns);
        changed.Data["k"] = "later";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(changed, "d", ns);
        var second = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);

        Assert.Multiple(() =>
        {
            Assert.That(second.Items.Select(i => $"{i.Metadata.Name}={i.Data["k"]}"), Is.EqualTo(new[] { "c=v", "d=v" }));
            Assert.That(second.Metadata.ResourceVersion, Is.EqualTo(first.Metadata.ResourceVersion));
            Assert.That(second.Metadata.ContinueProperty, Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task A_bad_continue_token_is_400()
    {
        var (code, _, _) = await Failure(() => Client.CoreV1.ListNamespacedConfigMapAsync(selectorNs, limit: 1, continueParameter: "not-a-token"));

        Assert.That(code, Is.EqualTo(400));
    }
}
