using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Admission;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The in-memory store with API-server semantics. One lock guards all state (writes are short);
/// committed changes are queued in resourceVersion order and delivered to subscribers outside
/// the lock by a single draining thread, so a subscriber may write back without deadlock.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Most stores are in memory and own nothing; a durable store is closed with Close() by its cluster. Not IDisposable so that the many in-memory stores in tests and tools need no disposal.")]
internal sealed partial class InMemoryClusterStore : IClusterStore
{
    /// <summary>The finalizer that holds an owner deleted with Foreground propagation until its dependents are gone.</summary>
    public const string ForegroundDeletionFinalizer = "foregroundDeletion";

    private readonly object gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> tables = [];
    private readonly Dictionary<string, ObjectKey> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ObjectKey>> dependentsByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> namespaceCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Plural), ResourceType> customTypes = [];
    private readonly Dictionary<ResourceType, KindIndex> indexes = [];
    private readonly EventHistory history = new();
    private System.Buffers.ArrayBufferWriter<byte> serialized = new(64 * 1024);
    private readonly Queue<StoreEvent> pending = new();
    private readonly List<Subscriber> subscribers = [];
    private readonly StoreOptions options;
    private readonly Random random;
    private readonly ILogger logger;
    private readonly SqliteJournal? journal;
    private long resourceVersion;
    private long oldestResumableVersion;
    private long historyBytes;
    private int dispatching;

    /// <summary>
    /// Creates an empty store (no namespaces: the embedded cluster seeds them), or, with
    /// <see cref="StoreOptions.DataDirectory"/>, opens the durable store there and loads its objects.
    /// </summary>
    public InMemoryClusterStore(StoreOptions? options = null, ILogger? logger = null)
    {
        this.options = options ?? new StoreOptions();
        random = this.options.NameSeed is { } seed ? new Random(seed) : new Random();
        this.logger = logger ?? NullLogger.Instance;
        if (this.options.DataDirectory is { } directory)
        {
            journal = new SqliteJournal(directory);
            try
            {
                Load(journal);
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }
    }

    /// <summary>The durable database file, or null when the store is in memory only.</summary>
    public string? DataFile => journal?.Path;

    /// <summary>Closes the durable store (its committed writes are already on disk); an in-memory store has nothing to close.</summary>
    public void Close()
    {
        lock (gate)
        {
            journal?.Dispose();
        }
    }

    /// <inheritdoc />
    public TimeProvider Time => options.Time;

    /// <summary>The admission plugins, run in order on every create and update (add before serving traffic).</summary>
    public IList<IAdmissionPlugin> Admission { get; } = [];

    /// <summary>The store-wide resourceVersion of the last committed change.</summary>
    public long CurrentResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>The kinds served now: the built-in ones and one per served custom resource definition.</summary>
    public IReadOnlyList<ResourceType> ServedTypes
    {
        get
        {
            lock (gate)
            {
                return [.. ResourceType.BuiltIn, .. customTypes.Values.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal)];
            }
        }
    }

    /// <inheritdoc />
    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (gate)
        {
            return Find(Key(type, ns, name)) is { } obj ? Clone(obj) : null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonObject> List(ResourceType type, string? ns, string? labelSelector = null, string? fieldSelector = null) =>
        List(type, ns, new ListOptions(labelSelector, fieldSelector)).Items;

    /// <summary>A page of a list, with the store's resourceVersion and a continue token.</summary>
    public ListResult List(ResourceType type, string? ns, ListOptions listOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(listOptions);
        var labels = LabelSelector.Parse(listOptions.LabelSelector);
        var fields = FieldSelector.Parse(listOptions.FieldSelector);
        lock (gate)
        {
            string? after = null;
            var snapshot = resourceVersion;
            if (string.IsNullOrEmpty(listOptions.Continue) && listOptions.ResourceVersion is { Length: > 0 } rvText && rvText != "0")
            {
                if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked))
                {
                    throw StoreException.BadRequest($"invalid resource version \"{rvText}\"");
                }

                if (asked > resourceVersion)
                {
                    throw new StoreException(504, "Timeout", $"Too large resource version: {asked}, current: {resourceVersion}", new("", type.Group, type.Plural) { Causes = [new("", $"Too large resource version: {asked}, current: {resourceVersion}", "ResourceVersionTooLarge")] });
                }

                if (listOptions.Exact)
                {
                    // An exact read of the past is served from the kept history, as etcd serves an old revision until compaction.
                    snapshot = asked >= oldestResumableVersion
                        ? asked
                        : throw StoreException.Gone("The resourceVersion for the provided list is too old.");
                }
            }

            if (!string.IsNullOrEmpty(listOptions.Continue))
            {
                (snapshot, after) = DecodeContinue(listOptions.Continue);
                if (snapshot < oldestResumableVersion || snapshot > resourceVersion)
                {
                    throw StoreException.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
                }
            }

            var items = new List<JsonObject>();
            string? lastKey = null;
            long remaining = 0;
            // Without selectors nothing is read from an object but its namespace: counting the rest of a paged list stays cheap.
            var everything = ReferenceEquals(labels, LabelSelector.Everything) && ReferenceEquals(fields, FieldSelector.Everything);
            foreach (var (key, obj) in Candidates(type, snapshot, ns, labels, fields, after))
            {
                if (!InScope(type, obj, ns) || (!everything && (!labels.Matches(ObjectMeta.Labels(obj)) || !fields.Matches(obj))))
                {
                    continue;
                }

                if (listOptions.Limit > 0 && items.Count >= listOptions.Limit)
                {
                    remaining++;
                    continue;
                }

                items.Add(Clone(obj));
                lastKey = key;
            }

            var token = remaining > 0 && lastKey is not null ? EncodeContinue(snapshot, lastKey) : null;
            return new ListResult(items, snapshot, token, remaining > 0 ? remaining : null);
        }
    }

    /// <inheritdoc />
    public JsonObject Create(ResourceType type, JsonObject obj) => Create(type, obj, WriteOptions.Default);

    /// <summary>Creates an object with write options (dry-run, field manager).</summary>
    public JsonObject Create(ResourceType type, JsonObject obj, WriteOptions writeOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(writeOptions);
        return Write(() => Clone(CreateLocked(type, Clone(obj), writeOptions, writeOptions.ManagerOperation ?? "Update")));
    }

    /// <inheritdoc />
    public JsonObject Update(ResourceType type, JsonObject obj) => Update(type, obj, WriteOptions.Default);

    /// <summary>Updates metadata and spec with write options.</summary>
    public JsonObject Update(ResourceType type, JsonObject obj, WriteOptions writeOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(writeOptions);
        return Write(() => Clone(UpdateLocked(type, Clone(obj), statusOnly: false, writeOptions, writeOptions.ManagerOperation ?? "Update")));
    }

    /// <inheritdoc />
    public JsonObject UpdateStatus(ResourceType type, JsonObject obj) => UpdateStatus(type, obj, WriteOptions.Default);

    /// <summary>Writes the status with write options.</summary>
    public JsonObject UpdateStatus(ResourceType type, JsonObject obj, WriteOptions writeOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(writeOptions);
        return Write(() => Clone(UpdateLocked(type, Clone(obj), statusOnly: true, writeOptions, writeOptions.ManagerOperation ?? "Update")));
    }

    /// <inheritdoc />
    public JsonObject? Delete(ResourceType type, string? ns, string name, string? propagationPolicy = null) =>
        Delete(type, ns, name, new DeleteOptions(propagationPolicy));

    /// <summary>Deletes with options (propagation, dry-run, preconditions). Returns null when absent.</summary>
    public JsonObject? Delete(ResourceType type, string? ns, string name, DeleteOptions deleteOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(deleteOptions);
        try
        {
            lock (gate)
            {
                using var commit = new CommitScope(this);
                var key = Key(type, ns, name);
                if (Find(key) is not { } existing)
                {
                    return null;
                }

                if ((deleteOptions.PreconditionUid is { Length: > 0 } uid && uid != ObjectMeta.Uid(existing)) ||
                    (deleteOptions.PreconditionResourceVersion is { Length: > 0 } rv && rv != ObjectMeta.ResourceVersion(existing)))
                {
                    throw new StoreException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the precondition does not match the object", new(name, type.Group, type.Plural));
                }

                if (type == ResourceType.Namespaces && name is "default" or "kube-system" or "kube-public")
                {
                    throw StoreException.Forbidden(type, name, "this namespace may not be deleted");
                }

                var policy = deleteOptions.PropagationPolicy ?? (type == ResourceType.Jobs ? "Orphan" : "Background");
                if (policy is not ("Background" or "Foreground" or "Orphan"))
                {
                    throw StoreException.BadRequest($"propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
                }

                if (deleteOptions.DryRun)
                {
                    return Clone(existing);
                }

                return DeleteLocked(key, policy) is { } last ? Clone(last) : null;
            }
        }
        finally
        {
            Dispatch();
        }
    }

    /// <summary>Applies a patch to the object (or its status) and returns the result. Server-side apply creates a missing object.</summary>
    public JsonObject Patch(ResourceType type, string? ns, string name, PatchKind kind, JsonNode patch, bool status, WriteOptions writeOptions)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(writeOptions);
        return Write(() => Clone(PatchLocked(type, ns, name, kind, patch, status, writeOptions)));
    }

    /// <summary>
    /// Runs one write under the store's lock, then delivers the events it produced to the
    /// subscribers outside the lock (so a subscriber may write back without deadlocking).
    /// </summary>
    private JsonObject Write(Func<JsonObject> writeLocked)
    {
        try
        {
            lock (gate)
            {
                using var commit = new CommitScope(this);
                return writeLocked();
            }
        }
        finally
        {
            Dispatch();
        }
    }

    /// <summary>The kept watch history: its event count and serialized bytes (bounded by the options).</summary>
    internal (int Count, long Bytes) HistorySize
    {
        get
        {
            lock (gate)
            {
                return (history.Count, historyBytes);
            }
        }
    }

    /// <summary>How many subscribers (watches included) are registered: a watch whose client went away must not linger.</summary>
    internal int SubscriberCount
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }

    /// <summary>The served kind for a REST group and plural (built-in or custom), or null.</summary>
    public ResourceType? FindType(string group, string version, string plural)
    {
        lock (gate)
        {
            var t = ResourceType.BuiltIn.FirstOrDefault(b => b.Group == group && b.Version == version && b.Plural == plural);
            if (t is not null)
            {
                return t;
            }

            return customTypes.TryGetValue((group, plural), out var c) && c.Version == version ? c : null;
        }
    }

    private static bool InScope(ResourceType type, JsonObject obj, string? ns) =>
        !type.Namespaced || string.IsNullOrEmpty(ns) || ObjectMeta.Namespace(obj) == ns;

    private static ObjectKey Key(ResourceType type, string? ns, string name) =>
        new(type, type.Namespaced ? ns ?? "" : "", name);

    private static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    // Unpadded URL-safe base64, as the API server's continue tokens are; decoding also takes the padded standard form.
    private static string EncodeContinue(long rv, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = rv, ["start"] = lastKey }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long Rv, string After) DecodeContinue(string token)
    {
        try
        {
            var standard = token.Replace('-', '+').Replace('_', '/');
            standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(standard)));
            return (node!["rv"]!.GetValue<long>(), node["start"]!.GetValue<string>());
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw StoreException.BadRequest("invalid continue token");
        }
    }

    /// <summary>
    /// The objects of a kind that the namespace and selectors can match (a superset from the
    /// smallest index, or the whole kind), in key order after <paramref name="after"/>, as they
    /// were at <paramref name="rv"/>: later pages of a paged list show the first page's snapshot,
    /// as with etcd. The state at an older rv is the current one with each key changed since
    /// then replaced by its state before its first later event (stored objects are never
    /// mutated, so the previous states in the history are exact). The caller still filters.
    /// </summary>
    private IEnumerable<(string Key, JsonObject Obj)> Candidates(ResourceType type, long rv, string? ns, LabelSelector labels, FieldSelector fields, string? after)
    {
        tables.TryGetValue(type, out var table);
        if (table is null && rv >= resourceVersion)
        {
            yield break;
        }

        var index = indexes.GetValueOrDefault(type);
        var keys = index?.Candidates(ns, labels, fields) ?? index?.All ?? new SortedSet<string>(StringComparer.Ordinal);
        Dictionary<string, JsonObject?>? past = null;
        if (rv < resourceVersion)
        {
            past = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
            foreach (var e in history.After(rv))
            {
                if (e.Public.Resource == type)
                {
                    // The first event after rv holds the state at rv (null: created since).
                    past.TryAdd($"{(type.Namespaced ? ObjectMeta.Namespace(e.Public.Object) : "")}/{ObjectMeta.Name(e.Public.Object)}", e.Previous);
                }
            }

            if (past.Count > 0)
            {
                keys = new SortedSet<string>(keys, StringComparer.Ordinal);
                keys.UnionWith(past.Keys);
            }
        }

        foreach (var key in KindIndex.After(keys, after))
        {
            JsonObject? obj = null;
            if (past is null || !past.TryGetValue(key, out obj))
            {
                obj = table?.GetValueOrDefault(key);
            }

            if (obj is not null)
            {
                yield return (key, obj);
            }
        }
    }

    private JsonObject? Find(ObjectKey key) =>
        tables.TryGetValue(key.Type, out var table) && table.TryGetValue(key.TableKey, out var obj) ? obj : null;

    /// <summary>
    /// Ends a write under the lock: what it changed goes to the durable store as one transaction
    /// before the lock is released and the client answered (also when the write failed half-way,
    /// so memory and disk agree).
    /// </summary>
    private readonly struct CommitScope(InMemoryClusterStore store) : IDisposable
    {
        public void Dispose() => store.journal?.Commit(store.resourceVersion);
    }

    /// <summary>Loads a durable store: its objects, indexes and resourceVersion. Watches from before the restart get 410 Gone.</summary>
    private void Load(SqliteJournal source)
    {
        foreach (var (group, plural, obj) in source.ReadAll())
        {
            var type = ResourceType.BuiltIn.FirstOrDefault(b => b.Group == group && b.Plural == plural)
                       ?? customTypes.GetValueOrDefault((group, plural));
            if (type is null || ObjectMeta.Name(obj) is not { } name)
            {
                continue;
            }

            var key = new ObjectKey(type, type.Namespaced ? ObjectMeta.Namespace(obj) ?? "" : "", name);
            if (!tables.TryGetValue(type, out var table))
            {
                table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
                tables[type] = table;
            }

            table[key.TableKey] = obj;
            Index(key, obj);
            if (type == ResourceType.CustomResourceDefinitions)
            {
                RegisterDefinition(obj);
            }

            if (long.TryParse(ObjectMeta.ResourceVersion(obj), NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                resourceVersion = Math.Max(resourceVersion, rv);
            }
        }

        resourceVersion = Math.Max(resourceVersion, source.ResourceVersion());
        oldestResumableVersion = resourceVersion;
    }
}
