namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>Where an object lives in the store.</summary>
/// <param name="Type">Its kind.</param>
/// <param name="Namespace">Its namespace ("" for cluster-scoped kinds).</param>
/// <param name="Name">Its name.</param>
internal readonly record struct ObjectKey(ResourceType Type, string Namespace, string Name)
{
    /// <summary>The ordering key inside a kind's table: <c>namespace/name</c>, as etcd orders keys.</summary>
    public string TableKey => $"{Namespace}/{Name}";
}
