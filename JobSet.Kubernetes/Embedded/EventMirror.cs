using System.Text.Json.Nodes;
using System.Threading.Channels;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded;

/// <summary>
/// A real API server stores <c>events.k8s.io/v1</c> and <c>core/v1</c> Events as one object seen
/// through two APIs; the embedded store keeps one collection per API. This mirror copies every
/// <c>events.k8s.io/v1</c> Event into <c>core/v1</c> (same namespace and name, fields converted
/// as the API server converts them), so <c>kubectl get events</c> and <c>kubectl describe</c>
/// show what a controller records through the newer API. Writes happen off the store's
/// notification path, in order.
/// </summary>
internal sealed partial class EventMirror : IAsyncDisposable
{
    private readonly IClusterStore store;
    private readonly ILogger logger;
    private readonly Channel<WatchEvent> pending = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDisposable subscription;
    private readonly Task pump;

    public EventMirror(IClusterStore store, ILogger logger)
    {
        this.store = store;
        this.logger = logger;
        subscription = store.Subscribe(change =>
        {
            if (change.Resource == ResourceType.EventsV1 && change.Type != WatchEvent.Bookmark)
            {
                pending.Writer.TryWrite(change);
            }
        });
        pump = Task.Run(PumpAsync);
    }

    /// <summary>The core/v1 form of an events.k8s.io/v1 Event.</summary>
    public static JsonObject ToCore(JsonObject v1)
    {
        var metadata = v1["metadata"]?.DeepClone() as JsonObject ?? [];
        metadata.Remove("resourceVersion");
        metadata.Remove("uid");
        metadata.Remove("creationTimestamp");
        metadata.Remove("managedFields");
        var eventTime = v1["eventTime"]?.GetValue<string>();
        var series = v1["series"] as JsonObject;
        var core = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = metadata,
            ["involvedObject"] = v1["regarding"]?.DeepClone() ?? new JsonObject(),
            ["reason"] = v1["reason"]?.DeepClone(),
            ["message"] = v1["note"]?.DeepClone(),
            ["type"] = v1["type"]?.DeepClone(),
            ["action"] = v1["action"]?.DeepClone(),
            ["source"] = new JsonObject { ["component"] = v1["reportingController"]?.DeepClone() },
            ["reportingComponent"] = v1["reportingController"]?.DeepClone() ?? "",
            ["reportingInstance"] = v1["reportingInstance"]?.DeepClone() ?? "",
            ["count"] = series?["count"]?.DeepClone() ?? v1["deprecatedCount"]?.DeepClone() ?? 1,
        };
        if (eventTime is not null)
        {
            // core/v1 timestamps have whole seconds.
            var seconds = eventTime.Length >= 19 ? eventTime[..19] + "Z" : eventTime;
            core["firstTimestamp"] = v1["deprecatedFirstTimestamp"]?.DeepClone() ?? seconds;
            var last = series?["lastObservedTime"]?.GetValue<string>();
            core["lastTimestamp"] = last is { Length: >= 19 } ? last[..19] + "Z" : seconds;
            core["eventTime"] = eventTime;
        }

        if (v1["related"] is JsonNode related)
        {
            core["related"] = related.DeepClone();
        }

        return core;
    }

    public async ValueTask DisposeAsync()
    {
        subscription.Dispose();
        pending.Writer.TryComplete();
        await pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        await foreach (var change in pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var ns = ObjectMeta.Namespace(change.Object);
            var name = ObjectMeta.Name(change.Object) ?? "";
            try
            {
                var existing = store.Get(ResourceType.Events, ns, name);
                if (change.Type == WatchEvent.Deleted)
                {
                    if (existing is not null)
                    {
                        store.Delete(ResourceType.Events, ns, name);
                    }

                    continue;
                }

                var core = ToCore(change.Object);
                if (existing is null)
                {
                    store.Create(ResourceType.Events, core);
                }
                else
                {
                    ((JsonObject)core["metadata"]!)["resourceVersion"] = ObjectMeta.ResourceVersion(existing);
                    store.Update(ResourceType.Events, core);
                }
            }
            catch (StoreException ex)
            {
                LogMirrorFailed(logger, ns, name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "could not mirror events.k8s.io/v1 Event {Namespace}/{Name} to core/v1: {Error}")]
    private static partial void LogMirrorFailed(ILogger logger, string? @namespace, string name, string error);
}
