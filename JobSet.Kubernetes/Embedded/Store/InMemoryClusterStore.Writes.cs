using System.Globalization;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Admission;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The write paths; every method here runs under the store lock.</summary>
internal sealed partial class InMemoryClusterStore
{
    private static readonly HashSet<string> NonSpecFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "status" };

    private JsonObject CreateLocked(ResourceType type, JsonObject obj, WriteOptions writeOptions, string operation = "Update")
    {
        MetadataRules.CheckTypes(obj, fromPatch: false);
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        var meta = ObjectMeta.Metadata(obj);
        string ns = "";
        if (type.Namespaced)
        {
            ns = ObjectMeta.Namespace(obj) ?? "";
            if (ns.Length == 0)
            {
                throw StoreException.Invalid(type, ObjectMeta.Name(obj) ?? "", [new("metadata.namespace", "Required value", "FieldValueRequired")]);
            }

            CheckNamespaceOpen(type, ns, ObjectMeta.Name(obj) ?? "");
        }
        else
        {
            meta.Remove("namespace");
        }

        var name = ObjectMeta.Name(obj) ?? "";
        if (name.Length == 0)
        {
            if (ObjectMeta.GetString(obj, "generateName") is not { Length: > 0 } prefix)
            {
                throw StoreException.Invalid(type, "", [new("metadata.name", "Required value: name or generateName is required", "FieldValueRequired")]);
            }

            do
            {
                name = NameRules.Generate(prefix, random);
            }
            while (Find(new(type, ns, name)) is not null);

            meta["name"] = name;
        }

        if (NameRules.Problems(type, name) is { Count: > 0 } nameProblems)
        {
            throw StoreException.Invalid(type, name, [.. nameProblems.Select(p => new StoreCause("metadata.name", $"Invalid value: \"{name}\": {p}"))]);
        }

        if (type == ResourceType.Jobs && MetadataRules.LabelValueProblems(name) is { Count: > 0 } jobNameProblems)
        {
            // The API server puts the Job's name into its pod template's job-name label, so a Job
            // name must also be a valid label value (at most 63 characters).
            throw StoreException.Invalid(type, name, [.. jobNameProblems.Select(p => new StoreCause("spec.template.labels", $"Invalid value: \"{name}\": {p}"))]);
        }

        if (ObjectMeta.ResourceVersion(obj) is { Length: > 0 })
        {
            throw StoreException.BadRequest("resourceVersion should not be set on objects to be created");
        }

        var key = new ObjectKey(type, ns, name);
        if (Find(key) is not null)
        {
            throw StoreException.AlreadyExists(type, name);
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectMeta.Timestamp(Time.GetUtcNow());
        if (UsesGeneration(type))
        {
            meta["generation"] = 1L;
        }
        else
        {
            meta.Remove("generation");
        }

        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        InitialiseForCreate(type, obj, name);
        if (MetadataRules.Problems(obj) is { Count: > 0 } problems)
        {
            throw StoreException.Invalid(type, name, problems);
        }

        ObjectMeta.Metadata(obj).Remove("managedFields");
        RecordManager(obj, writeOptions.FieldManager, operation);

        RunAdmission(new AdmissionRequest(AdmissionOperation.Create, type, obj, null, this, writeOptions.DryRun) { FieldValidation = writeOptions.FieldValidation, Warnings = writeOptions.Warnings });
        if (ObjectMeta.Name(obj) != name || (type.Namespaced && ObjectMeta.Namespace(obj) != ns))
        {
            throw StoreException.BadRequest("admission must not change the name or namespace");
        }

        if (writeOptions.DryRun)
        {
            return obj;
        }

        Put(key, obj, WatchEvent.Added, previous: null);
        if (type == ResourceType.CustomResourceDefinitions)
        {
            RegisterDefinition(obj);
        }

        return obj;
    }

    private static void InitialiseForCreate(ResourceType type, JsonObject obj, string name)
    {
        if (type == ResourceType.Namespaces)
        {
            var labels = ObjectMeta.Metadata(obj)["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = name;
            ObjectMeta.Metadata(obj)["labels"] = labels;
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type == ResourceType.Pods)
        {
            // The API server resets a new pod's status; the kubelet (simulation) fills it later.
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }
        else if (type == ResourceType.PersistentVolumeClaims)
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }
        else if (type == ResourceType.Jobs)
        {
            obj.Remove("status");
            JobCreateStrategy.PrepareForCreate(obj, name, ObjectMeta.Uid(obj) ?? "");
        }
        else if (type == ResourceType.CustomResourceDefinitions)
        {
            var names = obj["spec"]?["names"]?.DeepClone();
            obj["status"] = new JsonObject
            {
                ["acceptedNames"] = names,
                ["conditions"] = new JsonArray(
                    Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                    Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
                ["storedVersions"] = new JsonArray([.. (obj["spec"]?["versions"] as JsonArray ?? []).Where(v => v?["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)JsonValue.Create(v!["name"]!.GetValue<string>()))]),
            };
        }
        else if (type.HasStatus && type != ResourceType.Nodes)
        {
            // Status is written only through the status subresource; a create starts without one.
            obj.Remove("status");
        }
    }

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = null,
    };

    private void CheckNamespaceOpen(ResourceType type, string ns, string name)
    {
        var nsObj = Find(new(ResourceType.Namespaces, "", ns)) ?? throw StoreException.NotFound(ResourceType.Namespaces, ns);
        if (ObjectMeta.IsDeleting(nsObj))
        {
            throw StoreException.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private JsonObject UpdateLocked(ResourceType type, JsonObject obj, bool statusOnly, WriteOptions writeOptions, string operation = "Update")
    {
        MetadataRules.CheckTypes(obj, fromPatch: false);
        var name = ObjectMeta.Name(obj) ?? "";
        var ns = type.Namespaced ? ObjectMeta.Namespace(obj) ?? "" : "";
        var key = new ObjectKey(type, ns, name);
        var existing = Find(key) ?? throw StoreException.NotFound(type, name);
        if (ObjectMeta.ResourceVersion(obj) is { Length: > 0 } rv && rv != ObjectMeta.ResourceVersion(existing))
        {
            throw StoreException.Conflict(type, name);
        }

        if (ObjectMeta.Uid(obj) is { Length: > 0 } uid && uid != ObjectMeta.Uid(existing))
        {
            // A write meant for an earlier object of the same name (deleted and recreated): the uid is a precondition.
            throw new StoreException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(existing)}", new(name, type.Group, type.Plural));
        }

        JsonObject next;
        if (statusOnly)
        {
            if (!type.HasStatus)
            {
                throw StoreException.NotFound(type, name);
            }

            next = Clone(existing);
            if (obj["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        else
        {
            next = obj;
            next["apiVersion"] = type.ApiVersion;
            next["kind"] = type.Kind;
            var meta = ObjectMeta.Metadata(next);
            var oldMeta = ObjectMeta.Metadata(existing);
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace" })
            {
                if (oldMeta[field] is { } v)
                {
                    meta[field] = v.DeepClone();
                }
                else
                {
                    meta.Remove(field);
                }
            }

            if (type.HasStatus || type == ResourceType.Namespaces)
            {
                if (existing["status"] is { } oldStatus)
                {
                    next["status"] = oldStatus.DeepClone();
                }
                else
                {
                    next.Remove("status");
                }
            }

            if (ObjectMeta.IsDeleting(existing))
            {
                var added = ObjectMeta.Finalizers(next).Except(ObjectMeta.Finalizers(existing), StringComparer.Ordinal).ToList();
                if (added.Count > 0)
                {
                    throw StoreException.Forbidden(type, name, $"no new finalizers can be added if the object is being deleted, found new finalizers [{string.Join(" ", added)}]");
                }
            }

            if (MetadataRules.Problems(next) is { Count: > 0 } problems)
            {
                throw StoreException.Invalid(type, name, problems);
            }

            RunAdmission(new AdmissionRequest(AdmissionOperation.Update, type, next, existing, this, writeOptions.DryRun) { FieldValidation = writeOptions.FieldValidation, Warnings = writeOptions.Warnings });
            if (UsesGeneration(type) && SpecChanged(existing, next))
            {
                meta["generation"] = ObjectMeta.AsLong(oldMeta["generation"]) + 1;
            }
        }

        // managedFields belong to the server: keep the stored entries, and record this writer only for a real change.
        var nextMeta = ObjectMeta.Metadata(next);
        nextMeta["resourceVersion"] = ObjectMeta.ResourceVersion(existing);
        if (existing["metadata"]?["managedFields"] is { } managed)
        {
            nextMeta["managedFields"] = managed.DeepClone();
        }
        else
        {
            nextMeta.Remove("managedFields");
        }

        if (JsonNode.DeepEquals(next, existing))
        {
            return existing;
        }

        RecordManager(next, writeOptions.FieldManager, operation, statusOnly ? "status" : null);

        if (writeOptions.DryRun)
        {
            return next;
        }

        Put(key, next, WatchEvent.Modified, existing);
        if (ObjectMeta.IsDeleting(next) && ObjectMeta.Finalizers(next).Count == 0)
        {
            Remove(key);
        }
        else if (type == ResourceType.CustomResourceDefinitions)
        {
            RegisterDefinition(next);
        }

        return next;
    }

    /// <summary>Kinds whose metadata.generation counts spec changes (as on Kubernetes 1.32: Jobs, CRDs and custom resources).</summary>
    private static bool UsesGeneration(ResourceType type) =>
        type == ResourceType.Jobs || type == ResourceType.CustomResourceDefinitions || !type.IsBuiltIn;

    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        foreach (var (k, v) in after)
        {
            if (!NonSpecFields.Contains(k) && !JsonNode.DeepEquals(v, before[k]))
            {
                return true;
            }
        }

        return before.Any(p => !NonSpecFields.Contains(p.Key) && !after.ContainsKey(p.Key));
    }

    /// <summary>Stores an object with the next resourceVersion and emits its event.</summary>
    private void Put(ObjectKey key, JsonObject obj, string eventType, JsonObject? previous)
    {
        Canonicalise(obj);
        resourceVersion++;
        ObjectMeta.Metadata(obj)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        int length;
        try
        {
            length = SerializeLocked(obj);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // Never store what cannot be read back (a non-finite number from an in-process writer, ...).
            resourceVersion--;
            throw StoreException.BadRequest($"the object cannot be serialized: {ex.Message}");
        }

        journal?.Put(key, serialized.WrittenSpan.ToArray());
        if (!tables.TryGetValue(key.Type, out var table))
        {
            table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            tables[key.Type] = table;
        }

        if (previous is not null)
        {
            Unindex(key, previous);
        }

        table[key.TableKey] = obj;
        Index(key, obj);
        Emit(new StoreEvent(new WatchEvent(eventType, key.Type, Clone(obj)) { ResourceVersion = resourceVersion }, previous, 2L * length));
    }

    /// <summary>Puts the top-level fields in the API server's order: apiVersion, kind, metadata, the rest, status last.</summary>
    private static void Canonicalise(JsonObject obj)
    {
        var status = obj["status"];
        if (obj.Count > 2 && obj.ElementAt(0).Key == "apiVersion" && obj.ElementAt(1).Key == "kind" && obj.ElementAt(2).Key == "metadata" && (status is null || obj.Last().Key == "status"))
        {
            return;
        }

        var fields = obj.ToList();
        obj.Clear();
        foreach (var name in new[] { "apiVersion", "kind", "metadata" })
        {
            if (fields.FirstOrDefault(f => f.Key == name) is { Key: not null } field)
            {
                obj[name] = field.Value;
            }
        }

        foreach (var (name, value) in fields.Where(f => f.Key is not ("apiVersion" or "kind" or "metadata" or "status")))
        {
            obj[name] = value;
        }

        if (fields.Any(f => f.Key == "status"))
        {
            obj["status"] = status;
        }
    }

    /// <summary>
    /// Keeps the event for watches that resume, bounded by count and by bytes: the oldest events
    /// are dropped (those resourceVersions then get 410 Gone), so the history's memory and each
    /// write's cost stay flat however large or frequent the writes.
    /// </summary>
    private void Emit(StoreEvent e)
    {
        history.Add(e);
        historyBytes += e.Size;
        while (history.Count > 1 && (history.Count > Math.Max(1, options.WatchHistorySize) || historyBytes > options.WatchHistoryBytes))
        {
            var dropped = history.RemoveOldest();
            historyBytes -= dropped.Size;
            oldestResumableVersion = dropped.Rv;
        }

        pending.Enqueue(e);
    }

    /// <summary>
    /// Serializes into one buffer reused by every write (writes hold the lock), so that a large
    /// object's write does not allocate (on the large-object heap) a new buffer and its copy each
    /// time; returns the length. The bytes stay in <see cref="serialized"/> until the next write.
    /// </summary>
    private int SerializeLocked(JsonObject obj)
    {
        serialized.ResetWrittenCount();
        using (var writer = new System.Text.Json.Utf8JsonWriter(serialized))
        {
            obj.WriteTo(writer);
        }

        if (serialized.Capacity > 4 * 1024 * 1024 && serialized.WrittenCount < 64 * 1024)
        {
            // One huge object once must not pin a huge buffer for ever.
            serialized = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
            return SerializeLocked(obj);
        }

        return serialized.WrittenCount;
    }

    private void RunAdmission(AdmissionRequest request)
    {
        foreach (var plugin in Admission)
        {
            plugin.Admit(request);
        }
    }

    /// <summary>
    /// Simplified field ownership: one managedFields entry per manager and operation with the
    /// time of its last write; the set of owned fields is not tracked (fieldsV1 stays empty).
    /// </summary>
    private void RecordManager(JsonObject obj, string? manager, string operation, string? subresource = null)
    {
        if (string.IsNullOrEmpty(manager))
        {
            return;
        }

        var meta = ObjectMeta.Metadata(obj);
        var entries = meta["managedFields"] as JsonArray ?? [];
        var kept = new JsonArray([.. entries.Where(e => !(e?["manager"]?.GetValue<string>() == manager && e?["operation"]?.GetValue<string>() == operation)).Select(e => e?.DeepClone())]);
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
            ["time"] = ObjectMeta.Timestamp(Time.GetUtcNow()),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        kept.Add(entry);
        meta["managedFields"] = kept;
    }
}
