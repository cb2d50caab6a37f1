namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>Settings of an <see cref="InMemoryClusterStore"/>.</summary>
internal sealed class StoreOptions
{
    /// <summary>The clock for timestamps (System by default; a FakeTimeProvider in tests).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>How many past events a watch can resume from; older resourceVersions get 410 Gone.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>
    /// How many bytes (serialized JSON of both states of each event) the kept history may hold,
    /// 32 MiB by default: large objects written often push older events out (410 Gone), as etcd compaction does.
    /// </summary>
    public long WatchHistoryBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// A directory for a durable copy of the store (SQLite, write-ahead logged); null keeps
    /// everything in memory only. A store opened on an existing directory resumes its objects and resourceVersions.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Seed for generated names (generateName suffixes); null for a random seed.</summary>
    public int? NameSeed { get; set; }
}

/// <summary>Options of a write.</summary>
/// <param name="DryRun">Validate and admit but do not persist.</param>
/// <param name="FieldManager">The writer's name, recorded in managedFields.</param>
internal sealed record WriteOptions(bool DryRun = false, string? FieldManager = null)
{
    /// <summary>What to do with unknown fields: <c>Strict</c> (400), <c>Warn</c> (a warning), <c>Ignore</c>; null skips the check (in-process writers).</summary>
    public string? FieldValidation { get; init; }

    /// <summary>Where admission puts warnings for the client (HTTP <c>Warning</c> headers); null drops them.</summary>
    public IList<string>? Warnings { get; init; }

    /// <summary>
    /// The managedFields operation recorded for the writer (<c>Apply</c> or <c>Update</c>); null: the store's choice.
    /// Set when a patch reaches the store as an update (after admission webhooks changed its result).
    /// </summary>
    public string? ManagerOperation { get; init; }

    /// <summary>A plain persisted write.</summary>
    public static WriteOptions Default { get; } = new();
}

/// <summary>Options of a delete.</summary>
/// <param name="PropagationPolicy">Background, Foreground or Orphan; null for the kind's default.</param>
/// <param name="DryRun">Check but do not delete.</param>
/// <param name="PreconditionUid">Delete only when the uid matches (409 otherwise).</param>
/// <param name="PreconditionResourceVersion">Delete only when the resourceVersion matches (409 otherwise).</param>
internal sealed record DeleteOptions(string? PropagationPolicy = null, bool DryRun = false, string? PreconditionUid = null, string? PreconditionResourceVersion = null);

/// <summary>Options of a list.</summary>
/// <param name="LabelSelector">Label selector text.</param>
/// <param name="FieldSelector">Field selector text.</param>
/// <param name="Limit">Page size; 0 for everything.</param>
/// <param name="Continue">The continue token of the previous page.</param>
internal sealed record ListOptions(string? LabelSelector = null, string? FieldSelector = null, int Limit = 0, string? Continue = null)
{
    /// <summary>
    /// The <c>resourceVersion</c> asked for: empty or <c>0</c> is any (the latest state); another
    /// is "not older than" (the latest state; 504 Timeout when the store has not reached it).
    /// </summary>
    public string? ResourceVersion { get; init; }

    /// <summary>With <c>resourceVersionMatch=Exact</c>: the list shows the store exactly at <see cref="ResourceVersion"/> (410 Expired when older than the kept history).</summary>
    public bool Exact { get; init; }
}

/// <summary>A page of a list.</summary>
/// <param name="Items">The objects (copies).</param>
/// <param name="ResourceVersion">The store's resourceVersion when listed.</param>
/// <param name="Continue">The token for the next page, or null on the last page.</param>
/// <param name="RemainingItemCount">How many objects follow this page, when paged.</param>
internal sealed record ListResult(IReadOnlyList<System.Text.Json.Nodes.JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

/// <summary>Options of a watch.</summary>
/// <param name="ResourceVersion">Resume after this resourceVersion; null or "0" starts with ADDED events for the current objects.</param>
/// <param name="LabelSelector">Label selector text.</param>
/// <param name="FieldSelector">Field selector text.</param>
/// <param name="SendInitialEvents">Whether to send the current objects first (implied by an unset resourceVersion).</param>
internal sealed record WatchOptions(string? ResourceVersion = null, string? LabelSelector = null, string? FieldSelector = null, bool? SendInitialEvents = null);

/// <summary>The patch formats the store applies.</summary>
internal enum PatchKind
{
    /// <summary>RFC 7386 JSON merge patch (application/merge-patch+json).</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch (application/json-patch+json).</summary>
    Json,

    /// <summary>Strategic merge patch (application/strategic-merge-patch+json), built-in kinds only.</summary>
    Strategic,

    /// <summary>Server-side apply (application/apply-patch+yaml).</summary>
    Apply,
}
