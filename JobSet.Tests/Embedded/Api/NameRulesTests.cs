using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Object names and label keys are checked against the whole string, as the API server's regexes are.</summary>
public class NameRulesTests
{
    private InMemoryClusterStore store = null!;

    [SetUp]
    public void CreateStore() => store = TestStores.WithDefaultNamespace();

    [TestCase("abc\n")]
    [TestCase("abc\r\n")]
    [TestCase("Abc")]
    [TestCase("abc-")]
    public void A_name_that_is_not_a_dns_subdomain_is_invalid(string name)
    {
        var ex = Assert.Throws<StoreException>(() => store.Create(ResourceType.ConfigMaps, ConfigMap(name, labels: null)))!;

        Assert.That(ex.Code, Is.EqualTo(422));
    }

    [TestCase("app\n")]
    [TestCase("example.com/app\n")]
    public void A_label_key_with_a_trailing_newline_is_invalid(string key)
    {
        var ex = Assert.Throws<StoreException>(() => store.Create(ResourceType.ConfigMaps, ConfigMap("cm", new Dictionary<string, string> { [key] = "v" })))!;

        Assert.That(ex.Code, Is.EqualTo(422));
    }

    [Test]
    public void A_valid_name_and_label_are_stored()
    {
        var created = store.Create(ResourceType.ConfigMaps, ConfigMap("cm.example", new Dictionary<string, string> { ["example.com/app"] = "v" }));

        Assert.That(created.Metadata.Name, Is.EqualTo("cm.example"));
    }

    private static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = labels } };
}
