using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The patch path: merge, JSON, strategic merge and apply patches turned into an update.</summary>
internal sealed partial class InMemoryClusterStore
{
    private JsonObject PatchLocked(ResourceType type, string? ns, string name, PatchKind kind, JsonNode patch, bool status, WriteOptions writeOptions)
    {
        if (kind == PatchKind.Strategic && !type.IsBuiltIn)
        {
            throw new StoreException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        var key = Key(type, ns, name);
        var existing = Find(key);
        if (existing is null)
        {
            if (kind != PatchKind.Apply || status)
            {
                throw StoreException.NotFound(type, name);
            }

            if (patch is not JsonObject applied)
            {
                throw StoreException.BadRequest("the apply configuration must be an object");
            }

            var created = Clone(applied);
            var meta = ObjectMeta.Metadata(created);
            meta["name"] = name;
            if (type.Namespaced)
            {
                meta["namespace"] = key.Namespace;
            }

            return CreateLocked(type, created, writeOptions, "Apply");
        }

        var current = Clone(existing);
        JsonNode? patched = kind switch
        {
            PatchKind.Merge => JsonMergePatch.Apply(current, patch),
            PatchKind.Json => JsonPatch.Apply(current, patch),
            PatchKind.Strategic => StrategicMergePatch.Apply(current, patch),
            _ => type.IsBuiltIn ? StrategicMergePatch.Apply(current, patch) : JsonMergePatch.Apply(current, patch),
        };
        if (patched is not JsonObject next)
        {
            throw StoreException.BadRequest("the patch does not produce an object");
        }

        MetadataRules.CheckTypes(next, fromPatch: true);

        var nextMeta = ObjectMeta.Metadata(next);
        if (ObjectMeta.Name(next) != name)
        {
            throw StoreException.BadRequest($"the name of the object ({ObjectMeta.Name(next)}) does not match the name on the URL ({name})");
        }

        if (type.Namespaced)
        {
            nextMeta["namespace"] = key.Namespace;
        }

        if (ObjectMeta.ResourceVersion(next) is not { Length: > 0 })
        {
            nextMeta["resourceVersion"] = ObjectMeta.ResourceVersion(existing);
        }

        var operation = kind == PatchKind.Apply ? "Apply" : "Update";
        return UpdateLocked(type, next, status, writeOptions, operation);
    }
}
