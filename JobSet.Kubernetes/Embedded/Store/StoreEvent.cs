using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>A committed change with the object's previous state, so filtered watches can tell when an object enters or leaves their selection.</summary>
/// <param name="Public">The event as subscribers see it.</param>
/// <param name="Previous">The object before a MODIFIED change.</param>
/// <param name="Size">What the event holds, in serialized bytes (both states), for the history's byte bound.</param>
internal sealed record StoreEvent(WatchEvent Public, JsonObject? Previous, long Size = 0)
{
    public long Rv => Public.ResourceVersion;
}
