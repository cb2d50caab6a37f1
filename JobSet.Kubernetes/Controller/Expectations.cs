
namespace JobSet.Kubernetes.Controller;

/// <summary>
/// What the controller wrote and its caches have not shown yet, per JobSet, as
/// kube-controller-manager's expectations: after creating N Jobs, deleting N Jobs or writing
/// the status, the next reconcile waits until the caches show those writes, so a lagging cache
/// never makes it create, delete or count anything twice. An expectation the cache never
/// confirms (the object was created and deleted again before the watch saw it) expires
/// <see cref="Timeout"/> after the JobSet's latest write.
/// </summary>
internal sealed class Expectations
{
    /// <summary>How long an unconfirmed expectation holds reconciles back (kube-controller-manager uses 5 minutes; the watch normally confirms within milliseconds).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<JobSetKey, Pending> pending = [];
    private readonly TimeProvider time;
    private readonly Lock gate = new();

    public Expectations(TimeProvider time) => this.time = time;

    /// <summary>Jobs of these names were created.</summary>
    public void ExpectCreated(JobSetKey key, string name)
    {
        lock (gate)
        {
            Get(key).Created.Add(name);
        }
    }

    /// <summary>The Job of this name and UID was deleted (or is being deleted).</summary>
    public void ExpectDeleted(JobSetKey key, string name, string uid)
    {
        lock (gate)
        {
            Get(key).Deleted[uid] = name;
        }
    }

    /// <summary>The JobSet's status was written over <paramref name="resourceVersion"/>.</summary>
    public void ExpectStatusWritten(JobSetKey key, string? resourceVersion)
    {
        lock (gate)
        {
            Get(key).StatusOver = resourceVersion ?? "";
        }
    }

    /// <summary>Forgets a JobSet (it was deleted).</summary>
    public void Forget(JobSetKey key)
    {
        lock (gate)
        {
            pending.Remove(key);
        }
    }

    /// <summary>
    /// Whether the caches show every write expected for <paramref name="key"/> (confirmed ones are
    /// dropped); when not, how long until the oldest expectation expires.
    /// </summary>
    public TimeSpan? Unsatisfied(JobSetKey key, IControllerCache cache)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(key, out var p))
            {
                return null;
            }

            var waited = time.GetUtcNow() - p.Since;
            if (waited >= Timeout)
            {
                pending.Remove(key);
                return null;
            }

            p.Created.RemoveWhere(name => cache.Job(key.Namespace, name) is not null);
            foreach (var (uid, name) in p.Deleted.ToList())
            {
                var job = cache.Job(key.Namespace, name);
                if (job is null || job.Metadata.Uid != uid || job.Metadata.DeletionTimestamp is not null)
                {
                    p.Deleted.Remove(uid);
                }
            }

            if (p.StatusOver is { } over && cache.JobSet(key)?.Metadata.ResourceVersion != over)
            {
                p.StatusOver = null;
            }

            if (p.Created.Count == 0 && p.Deleted.Count == 0 && p.StatusOver is null)
            {
                pending.Remove(key);
                return null;
            }

            return Timeout - waited;
        }
    }

    /// <summary>
    /// The pending writes of <paramref name="key"/>, their clock restarted: the timeout counts
    /// from the latest write, so a long apply (15,000 creates take longer than the timeout on a
    /// busy machine) does not expire its own expectations before the caches could show them.
    /// </summary>
    private Pending Get(JobSetKey key)
    {
        var now = time.GetUtcNow();
        if (!pending.TryGetValue(key, out var p))
        {
            p = new Pending(now);
            pending[key] = p;
        }

        p.Since = now;
        return p;
    }

    private sealed class Pending(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; set; } = since;

        public HashSet<string> Created { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Deleted { get; } = new(StringComparer.Ordinal);

        public string? StatusOver { get; set; }
    }
}
