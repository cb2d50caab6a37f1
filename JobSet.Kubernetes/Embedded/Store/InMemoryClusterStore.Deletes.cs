using System.Globalization;
using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The delete path: finalizers, namespace termination and owner-reference garbage collection.</summary>
internal sealed partial class InMemoryClusterStore
{
    private JsonObject? DeleteLocked(ObjectKey key, string policy)
    {
        if (Find(key) is not { } existing)
        {
            return null;
        }

        var uid = ObjectMeta.Uid(existing) ?? "";
        if (key.Type == ResourceType.Namespaces)
        {
            return DeleteNamespaceLocked(key, existing);
        }

        if (policy == "Orphan")
        {
            OrphanDependents(uid);
        }

        var finalizers = ObjectMeta.Finalizers(existing);
        var hasDependents = dependentsByOwner.TryGetValue(uid, out var deps) && deps.Count > 0;
        if (policy == "Foreground" && hasDependents && !finalizers.Contains(ForegroundDeletionFinalizer))
        {
            finalizers.Add(ForegroundDeletionFinalizer);
        }

        if (finalizers.Count == 0)
        {
            return Remove(key);
        }

        var next = Clone(existing);
        ObjectMeta.SetFinalizers(next, finalizers);
        MarkDeleting(next);
        if (!JsonNode.DeepEquals(next, existing))
        {
            Put(key, next, WatchEvent.Modified, existing);
        }

        if (policy == "Foreground" && hasDependents)
        {
            foreach (var dependent in deps!.ToList())
            {
                DeleteLocked(dependent, "Foreground");
            }

            ReleaseForegroundOwner(uid);
        }

        return Find(key) ?? next;
    }

    private void MarkDeleting(JsonObject obj)
    {
        var meta = ObjectMeta.Metadata(obj);
        if (meta["deletionTimestamp"] is null)
        {
            meta["deletionTimestamp"] = ObjectMeta.Timestamp(Time.GetUtcNow());
            meta["deletionGracePeriodSeconds"] = 0;
            if (meta["generation"] is { } generation)
            {
                meta["generation"] = ObjectMeta.AsLong(generation) + 1;
            }
        }
    }

    private JsonObject DeleteNamespaceLocked(ObjectKey key, JsonObject existing)
    {
        var next = Clone(existing);
        MarkDeleting(next);
        next["status"] = new JsonObject { ["phase"] = "Terminating" };
        if (!JsonNode.DeepEquals(next, existing))
        {
            Put(key, next, WatchEvent.Modified, existing);
        }

        var ns = key.Name;
        var contents = indexes
            .Where(i => i.Key.Namespaced)
            .SelectMany(i => (i.Value.InNamespace(ns) ?? []).Select(k => new ObjectKey(i.Key, ns, k[(ns.Length + 1)..])))
            .ToList();
        foreach (var item in contents)
        {
            DeleteLocked(item, "Background");
        }

        FinaliseNamespaceIfEmpty(ns);
        return Find(key) ?? next;
    }

    private void FinaliseNamespaceIfEmpty(string ns)
    {
        var key = new ObjectKey(ResourceType.Namespaces, "", ns);
        if (Find(key) is { } nsObj && ObjectMeta.IsDeleting(nsObj) &&
            (!namespaceCounts.TryGetValue(ns, out var count) || count == 0) &&
            ObjectMeta.Finalizers(nsObj).Count == 0)
        {
            Remove(key);
        }
    }

    private void OrphanDependents(string ownerUid)
    {
        if (!dependentsByOwner.TryGetValue(ownerUid, out var deps))
        {
            return;
        }

        foreach (var dependent in deps.ToList())
        {
            if (Find(dependent) is not { } obj)
            {
                continue;
            }

            var next = Clone(obj);
            var refs = ObjectMeta.Metadata(next)["ownerReferences"] as JsonArray;
            var kept = new JsonArray([.. (refs ?? []).Where(r => r?["uid"]?.GetValue<string>() != ownerUid).Select(r => r?.DeepClone())]);
            if (kept.Count == 0)
            {
                ObjectMeta.Metadata(next).Remove("ownerReferences");
            }
            else
            {
                ObjectMeta.Metadata(next)["ownerReferences"] = kept;
            }

            Put(dependent, next, WatchEvent.Modified, obj);
        }
    }

    /// <summary>Removes an object for good: DELETED event, then garbage collection and waiting owners and namespaces.</summary>
    private JsonObject Remove(ObjectKey key)
    {
        var existing = Find(key)!;
        resourceVersion++;
        var last = Clone(existing);
        ObjectMeta.Metadata(last)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        tables[key.Type].Remove(key.TableKey);
        Unindex(key, existing);
        journal?.Remove(key);
        Emit(new StoreEvent(new WatchEvent(WatchEvent.Deleted, key.Type, Clone(last)) { ResourceVersion = resourceVersion }, existing, 2L * SerializeLocked(last)));

        if (key.Type == ResourceType.CustomResourceDefinitions)
        {
            UnregisterDefinition(existing);
        }

        var uid = ObjectMeta.Uid(existing) ?? "";
        if (dependentsByOwner.TryGetValue(uid, out var deps))
        {
            foreach (var dependent in deps.ToList())
            {
                if (Find(dependent) is { } dep && !HasLivingOwner(dep, uid))
                {
                    DeleteLocked(dependent, "Background");
                }
            }
        }

        foreach (var owner in ObjectMeta.OwnerUids(existing))
        {
            ReleaseForegroundOwner(owner);
        }

        if (key.Type.Namespaced)
        {
            FinaliseNamespaceIfEmpty(key.Namespace);
        }

        return last;
    }

    private bool HasLivingOwner(JsonObject dependent, string goneUid) =>
        ObjectMeta.OwnerUids(dependent).Any(u => u != goneUid && byUid.ContainsKey(u));

    private void ReleaseForegroundOwner(string ownerUid)
    {
        if (!byUid.TryGetValue(ownerUid, out var ownerKey) || Find(ownerKey) is not { } owner)
        {
            return;
        }

        var finalizers = ObjectMeta.Finalizers(owner);
        if (!ObjectMeta.IsDeleting(owner) || !finalizers.Contains(ForegroundDeletionFinalizer) ||
            (dependentsByOwner.TryGetValue(ownerUid, out var deps) && deps.Count > 0))
        {
            return;
        }

        finalizers.Remove(ForegroundDeletionFinalizer);
        var next = Clone(owner);
        ObjectMeta.SetFinalizers(next, finalizers);
        Put(ownerKey, next, WatchEvent.Modified, owner);
        if (finalizers.Count == 0)
        {
            Remove(ownerKey);
        }
    }
}
