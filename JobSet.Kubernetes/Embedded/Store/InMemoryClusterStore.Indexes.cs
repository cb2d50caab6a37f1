using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>Keeping the secondary indexes and the served custom resource types in step with the objects.</summary>
internal sealed partial class InMemoryClusterStore
{
    private void Index(ObjectKey key, JsonObject obj)
    {
        if (ObjectMeta.Uid(obj) is { } uid)
        {
            byUid[uid] = key;
        }

        foreach (var owner in ObjectMeta.OwnerUids(obj))
        {
            if (!dependentsByOwner.TryGetValue(owner, out var set))
            {
                set = [];
                dependentsByOwner[owner] = set;
            }

            set.Add(key);
        }

        if (key.Type.Namespaced)
        {
            namespaceCounts[key.Namespace] = namespaceCounts.GetValueOrDefault(key.Namespace) + 1;
        }

        if (!indexes.TryGetValue(key.Type, out var index))
        {
            index = new KindIndex(key.Type);
            indexes[key.Type] = index;
        }

        index.Add(key.TableKey, key.Namespace, obj);
    }

    private void Unindex(ObjectKey key, JsonObject obj)
    {
        if (ObjectMeta.Uid(obj) is { } uid)
        {
            byUid.Remove(uid);
        }

        foreach (var owner in ObjectMeta.OwnerUids(obj))
        {
            if (dependentsByOwner.TryGetValue(owner, out var set))
            {
                set.Remove(key);
                if (set.Count == 0)
                {
                    dependentsByOwner.Remove(owner);
                }
            }
        }

        if (key.Type.Namespaced)
        {
            namespaceCounts[key.Namespace] = namespaceCounts.GetValueOrDefault(key.Namespace) - 1;
        }

        indexes.GetValueOrDefault(key.Type)?.Remove(key.TableKey, key.Namespace, obj);
    }

    private void RegisterDefinition(JsonObject crd)
    {
        var spec = crd["spec"];
        var group = spec?["group"]?.GetValue<string>() ?? "";
        var plural = spec?["names"]?["plural"]?.GetValue<string>() ?? "";
        var kind = spec?["names"]?["kind"]?.GetValue<string>() ?? "";
        var versions = spec?["versions"] as JsonArray ?? [];
        var version = versions.FirstOrDefault(v => v?["storage"]?.GetValue<bool>() == true) ??
                      versions.FirstOrDefault(v => v?["served"]?.GetValue<bool>() != false);
        if (group.Length == 0 || plural.Length == 0 || kind.Length == 0 || version is null)
        {
            return;
        }

        var shortNames = (spec?["names"]?["shortNames"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
        customTypes[(group, plural)] = new ResourceType(
            group,
            version["name"]!.GetValue<string>(),
            plural,
            kind,
            spec?["scope"]?.GetValue<string>() != "Cluster",
            version["subresources"]?["status"] is not null)
        { ShortNames = shortNames };
    }

    private void UnregisterDefinition(JsonObject crd)
    {
        var group = crd["spec"]?["group"]?.GetValue<string>() ?? "";
        var plural = crd["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
        if (!customTypes.Remove((group, plural), out var type) || !tables.TryGetValue(type, out var table))
        {
            return;
        }

        foreach (var obj in table.Values.ToList())
        {
            DeleteLocked(new ObjectKey(type, ObjectMeta.Namespace(obj) ?? "", ObjectMeta.Name(obj)!), "Background");
        }
    }
}
