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
