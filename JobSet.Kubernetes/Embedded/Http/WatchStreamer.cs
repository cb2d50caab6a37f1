using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Streams a watch as JSON lines (<c>{"type":...,"object":...}</c>): ADDED/MODIFIED/DELETED
/// events, BOOKMARKs when asked for (periodically, and after initial events with the
/// <c>k8s.io/initial-events-end</c> annotation), an ERROR event with a 410 Expired Status when the
/// resourceVersion is too old, and the end of the stream after <c>timeoutSeconds</c>.
/// </summary>
internal static class WatchStreamer
{
    public static async Task StreamAsync(HttpContext context, InMemoryClusterStore store, ResourceType type, string? ns, TimeSpan bookmarkInterval)
    {
        var query = context.Request.Query;
        var asTable = TableWriter.Wanted(context.Request);
        var firstTable = true;
        JsonObject Shape(WatchEvent e)
        {
            if (!asTable || e.Type == WatchEvent.Bookmark)
            {
                return e.Object;
            }

            var table = TableWriter.Build(type, [e.Object], new JsonObject { ["resourceVersion"] = e.Object["metadata"]?["resourceVersion"]?.DeepClone() }, firstTable, store.Time);
            firstTable = false;
            return table;
        }

        // Bad parameters are a plain 400 Status before the stream starts; only an expired
        // resourceVersion is reported inside the stream (an ERROR event), as the watch cache does.
        var bookmarks = QueryParameters.Bool(query, "allowWatchBookmarks");
        bool? sendInitial = query["sendInitialEvents"].Count > 0 ? QueryParameters.Bool(query, "sendInitialEvents") : null;
        var timeout = QueryParameters.Integer(query, "timeoutSeconds") is { } seconds and > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(1).TotalSeconds))
            : TimeSpan.FromMinutes(30);

        var response = context.Response;
        StoreWatch watch;
        try
        {
            watch = store.Watch(type, ns, new WatchOptions(query["resourceVersion"].FirstOrDefault(), query["labelSelector"].FirstOrDefault(), query["fieldSelector"].FirstOrDefault(), sendInitial));
        }
        catch (StoreException ex) when (ex.Code == 410)
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await WriteLineAsync(response, "ERROR", StatusBody.From(ex), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";

        using (watch)
        {
            await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            // A stopping server ends every watch cleanly (the chunked stream is terminated, not
            // reset), so shutdown does not wait for the watches' timeouts and clients simply re-watch.
            var stopping = context.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            cts.CancelAfter(timeout);
            var token = cts.Token;
            long lastSent = watch.InitialEventsEnd ?? 0;
            var initialEndPending = bookmarks && sendInitial == true && watch.InitialEventsEnd is not null;
            try
            {
                while (!token.IsCancellationRequested)
                {
                    while (watch.Events.TryRead(out var e))
                    {
                        await WriteLineAsync(response, e.Type, Shape(e), token).ConfigureAwait(false);
                        lastSent = Math.Max(lastSent, e.ResourceVersion);
                    }

                    if (initialEndPending)
                    {
                        initialEndPending = false;
                        await WriteLineAsync(response, WatchEvent.Bookmark, Bookmark(type, watch.InitialEventsEnd!.Value, initialEnd: true), token).ConfigureAwait(false);
                    }

                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                    wait.CancelAfter(bookmarkInterval);
                    try
                    {
                        await watch.Events.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        if (bookmarks && !watch.Events.TryPeek(out _))
                        {
                            var seen = Math.Max(lastSent, watch.LastSeenVersion);
                            if (watch.Events.TryPeek(out _))
                            {
                                continue;
                            }

                            await WriteLineAsync(response, WatchEvent.Bookmark, Bookmark(type, seen, initialEnd: false), token).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away or timeoutSeconds passed: the stream simply ends, as on a real server.
            }
            catch (IOException)
            {
                // The connection dropped.
            }
        }
    }

    private static JsonObject Bookmark(ResourceType type, long rv, bool initialEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture), ["creationTimestamp"] = null };
        if (initialEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = meta };
    }


    private static async Task WriteLineAsync(HttpResponse response, string type, JsonObject obj, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, JsonOutput.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, token).ConfigureAwait(false);
    }
}
