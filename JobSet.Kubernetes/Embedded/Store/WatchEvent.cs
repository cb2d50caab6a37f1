using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>One committed change, as a watch delivers it.</summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c> or <c>BOOKMARK</c>.</param>
/// <param name="Resource">The kind of the object.</param>
/// <param name="Object">The object after the change (for DELETED: its last state). Treat as read-only.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Object is the Kubernetes watch event field name.")]
internal sealed record WatchEvent(string Type, ResourceType Resource, JsonObject Object)
{
    /// <summary>The event type of a created object.</summary>
    public const string Added = "ADDED";

    /// <summary>The event type of a changed object.</summary>
    public const string Modified = "MODIFIED";

    /// <summary>The event type of a removed object.</summary>
    public const string Deleted = "DELETED";

    /// <summary>The event type of a progress marker carrying only a resourceVersion.</summary>
    public const string Bookmark = "BOOKMARK";

    /// <summary>The store-wide resourceVersion of the change.</summary>
    public long ResourceVersion { get; init; }
}
