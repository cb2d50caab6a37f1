using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// The API's writes with admission webhooks around the store write, in the API server's order:
/// the mutating webhooks see the incoming object (for a patch: the patched object), then the
/// store checks the result without keeping it (a dry run: built-in admission, schema, names),
/// the validating webhooks see what would be stored, and only then is it written. The HTTP calls
/// happen between store calls, never under the store lock. An update or patch is written on the
/// resourceVersion its webhooks saw; when the object changed meanwhile the whole sequence runs
/// again (as the API server's update loop does), and a client's own stale resourceVersion still
/// fails with 409 Conflict. Writes no webhook covers (all of them without a dispatcher, i.e.
/// outside plain API server mode) go straight to the store.
/// </summary>
internal sealed class WebhookWrites(InMemoryClusterStore store, WebhookDispatcher? dispatcher)
{
    private const int Attempts = 5;

    /// <summary>A create (POST).</summary>
    public async Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, WriteOptions write, CancellationToken cancellationToken)
    {
        if (!Covers("CREATE", type, ""))
        {
            return store.Create(type, obj, write);
        }

        return await CreateCoreAsync(type, obj, write, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A replace (PUT) of the object or its status.</summary>
    public async Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, bool status, WriteOptions write, CancellationToken cancellationToken)
    {
        var subresource = status ? "status" : "";
        if (!Covers("UPDATE", type, subresource))
        {
            return status ? store.UpdateStatus(type, obj, write) : store.Update(type, obj, write);
        }

        var ns = type.Namespaced ? ObjectMeta.Namespace(obj) : null;
        var name = ObjectMeta.Name(obj) ?? "";
        for (var attempt = 1; ; attempt++)
        {
            if (store.Get(type, ns, name) is not { } old)
            {
                // Not found: the store answers 404 as without webhooks.
                return status ? store.UpdateStatus(type, obj, write) : store.Update(type, obj, write);
            }

            var incoming = (JsonObject)obj.DeepClone();
            try
            {
                return await UpdateCoreAsync(type, incoming, old, status, write, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException ex) when (ex.Reason == "Conflict" && attempt < Attempts && ObjectMeta.ResourceVersion(obj) is not { Length: > 0 })
            {
                // Changed between the read and the write: read again and admit again.
            }
        }
    }

    /// <summary>A patch of the object or its status; returns the result and whether it was created (server-side apply of a missing object).</summary>
    public async Task<(JsonObject Result, bool Created)> PatchAsync(ResourceType type, string? ns, string name, PatchKind kind, JsonNode patch, bool status, WriteOptions write, CancellationToken cancellationToken)
    {
        var subresource = status ? "status" : "";
        var operation = kind == PatchKind.Apply ? "Apply" : "Update";
        for (var attempt = 1; ; attempt++)
        {
            var old = store.Get(type, ns, name);
            if (old is null)
            {
                if (kind == PatchKind.Apply && !status && Covers("CREATE", type, ""))
                {
                    // Server-side apply of a missing object is a create, admitted as one.
                    var fresh = FromApplyConfiguration(type, ns, name, patch);
                    return (await CreateCoreAsync(type, fresh, write with { ManagerOperation = "Apply" }, cancellationToken).ConfigureAwait(false), true);
                }

                var made = store.Patch(type, ns, name, kind, patch, status, write);
                return (made, kind == PatchKind.Apply);
            }

            if (!Covers("UPDATE", type, subresource))
            {
                return (store.Patch(type, ns, name, kind, patch, status, write), false);
            }

            // The patched object as the store would keep it; a stale resourceVersion in the patch is a 409 here.
            // It also brings the patch's own warnings (unknown fields); the writes after it see the pruned object.
            var patched = store.Patch(type, ns, name, kind, patch, status, write with { DryRun = true });
            ObjectMeta.Metadata(patched)["resourceVersion"] = ObjectMeta.ResourceVersion(old);
            try
            {
                return (await UpdateCoreAsync(type, patched, old, status, write with { ManagerOperation = operation }, cancellationToken, warnFromStore: false).ConfigureAwait(false), false);
            }
            catch (StoreException ex) when (ex.Reason == "Conflict" && attempt < Attempts)
            {
                // Changed between the read and the write: patch the new state and admit again.
            }
        }
    }

    /// <summary>A delete; webhooks whose rules name DELETE see the stored object as oldObject.</summary>
    public async Task<JsonObject?> DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        if (Covers("DELETE", type, "") && store.Get(type, ns, name) is { } old)
        {
            var request = new WebhookRequest("DELETE", type, "", ns, name, null, old, options.DryRun);
            await dispatcher!.MutateAsync(request, null, cancellationToken).ConfigureAwait(false);
            await dispatcher!.ValidateAsync(request, null, cancellationToken).ConfigureAwait(false);

            // Delete what the webhooks saw, not a newer object of the same name.
            options = options with { PreconditionUid = options.PreconditionUid ?? ObjectMeta.Uid(old) };
        }

        return store.Delete(type, ns, name, options);
    }

    private async Task<JsonObject> CreateCoreAsync(ResourceType type, JsonObject obj, WriteOptions write, CancellationToken cancellationToken)
    {
        var ns = type.Namespaced ? ObjectMeta.Namespace(obj) : null;
        var request = new WebhookRequest("CREATE", type, "", ns, ObjectMeta.Name(obj) ?? "", obj, null, write.DryRun);
        var mutated = await dispatcher!.MutateAsync(request, write.Warnings, cancellationToken).ConfigureAwait(false) ?? obj;

        // What would be stored (generated name, defaults, schema checked) is what the validating webhooks see.
        // Its warnings (unknown fields) are the client's; the write after it would repeat them.
        var wouldStore = store.Create(type, mutated, write with { DryRun = true });
        await dispatcher!.ValidateAsync(request with { Object = wouldStore, Name = ObjectMeta.Name(wouldStore) ?? "" }, write.Warnings, cancellationToken).ConfigureAwait(false);
        if (write.DryRun)
        {
            return wouldStore;
        }

        // Keep the name the validating webhooks saw for a generateName create.
        ObjectMeta.Metadata(mutated)["name"] = ObjectMeta.Name(wouldStore);
        return store.Create(type, mutated, write with { Warnings = null });
    }

    private async Task<JsonObject> UpdateCoreAsync(ResourceType type, JsonObject incoming, JsonObject old, bool status, WriteOptions write, CancellationToken cancellationToken, bool warnFromStore = true)
    {
        var ns = type.Namespaced ? ObjectMeta.Namespace(old) : null;
        var name = ObjectMeta.Name(old) ?? "";
        var request = new WebhookRequest("UPDATE", type, status ? "status" : "", ns, name, incoming, old, write.DryRun);
        var mutated = await dispatcher!.MutateAsync(request, write.Warnings, cancellationToken).ConfigureAwait(false) ?? incoming;
        var meta = ObjectMeta.Metadata(mutated);
        if (ObjectMeta.ResourceVersion(mutated) is not { Length: > 0 })
        {
            // Written on the version the webhooks saw; a change meanwhile is a Conflict the caller retries.
            meta["resourceVersion"] = ObjectMeta.ResourceVersion(old);
        }

        var wouldStore = Write(type, mutated, status, write with { DryRun = true, Warnings = warnFromStore ? write.Warnings : null });
        await dispatcher!.ValidateAsync(request with { Object = wouldStore }, write.Warnings, cancellationToken).ConfigureAwait(false);
        return write.DryRun ? wouldStore : Write(type, mutated, status, write with { Warnings = null });
    }

    private bool Covers(string operation, ResourceType type, string subresource) =>
        dispatcher is not null && dispatcher.Covers(operation, type, subresource);

    private JsonObject Write(ResourceType type, JsonObject obj, bool status, WriteOptions write) =>
        status ? store.UpdateStatus(type, obj, write) : store.Update(type, obj, write);

    private static JsonObject FromApplyConfiguration(ResourceType type, string? ns, string name, JsonNode patch)
    {
        var obj = patch.DeepClone() as JsonObject ?? throw StoreException.BadRequest("the apply configuration must be an object");
        var meta = ObjectMeta.Metadata(obj);
        meta["name"] = name;
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }

        return obj;
    }
}
