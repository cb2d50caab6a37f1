using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Api;

/// <summary>In-memory stores for tests that need the store's write path but no HTTP.</summary>
internal static class TestStores
{
    /// <summary>A store on a fake clock with the <c>default</c> namespace created.</summary>
    public static InMemoryClusterStore WithDefaultNamespace()
    {
        var store = new InMemoryClusterStore(new StoreOptions { Time = new FakeTimeProvider(), NameSeed = 1 });
        store.Create(ResourceType.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = "default" } });
        return store;
    }
}
