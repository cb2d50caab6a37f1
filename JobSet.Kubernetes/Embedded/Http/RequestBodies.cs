using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Reading request bodies within the API's limits (<see cref="KubeApiHandler.MaxRequestBodyBytes"/>;
/// a larger body is drained before the 413 so clients see the Status): objects in JSON, YAML or
/// protobuf, and DeleteOptions.
/// </summary>
internal static class RequestBodies
{
    internal static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await ReadBodyBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw StoreException.BadRequest("the request body is not valid UTF-8");
        }
    }

    /// <summary>
    /// The body, at most <see cref="KubeApiHandler.MaxRequestBodyBytes"/>. A larger body is read to its end
    /// (up to <see cref="KubeApiHandler.MaxDrainedBodyBytes"/>) and discarded before the 413 Status is written.
    /// </summary>
    internal static async Task<ReadOnlyMemory<byte>> ReadBodyBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();

        // Pooled: a fresh 80 KB chunk per request was a third of what a request allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total <= KubeApiHandler.MaxRequestBodyBytes)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (total > KubeApiHandler.MaxRequestBodyBytes)
        {
            throw new StoreException(413, "RequestEntityTooLarge", $"Request entity too large: limit is {KubeApiHandler.MaxRequestBodyBytes}");
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads and discards what is left of the request body before an answer, so the client sees
    /// the Status rather than a reset connection (up to <see cref="KubeApiHandler.MaxDrainedBodyBytes"/>).
    /// </summary>
    internal static async Task DrainAsync(HttpContext context)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while (total <= KubeApiHandler.MaxDrainedBodyBytes && (read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The body is broken or the client left: the answer is still written if it can be.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    internal static async Task<JsonObject> ReadObjectAsync(HttpRequest request, string expectedKind, CancellationToken cancellationToken)
    {
        var format = RequestGuard.ObjectBodyFormat(request);
        if (format == BodyFormat.Protobuf)
        {
            var bytes = await ReadBodyBytesAsync(request, cancellationToken).ConfigureAwait(false);
            var decoded = ProtobufDecoder.Decode(bytes.Span, expectedKind);
            JsonInput.CheckNumbers(decoded, "");
            MetadataRules.CheckTypes(decoded, fromPatch: false);
            return decoded;
        }

        var text = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var node = format == BodyFormat.Yaml
            ? FirstDocument(text)
            : JsonInput.Parse(text);
        var obj = node as JsonObject ?? throw StoreException.BadRequest("the request body must be a JSON object");
        MetadataRules.CheckTypes(obj, fromPatch: false);
        return obj;
    }

    internal static JsonNode? FirstDocument(string yaml)
    {
        try
        {
            return YamlJson.ParseDocuments(yaml) is [var first, ..] ? first : null;
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw StoreException.BadRequest($"error converting YAML to JSON: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    internal static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpRequest request)
    {
        var query = request.Query;
        string? policy = query["propagationPolicy"].FirstOrDefault();
        var dryRun = query["dryRun"].Count > 0;
        string? uid = null, rv = null;
        var text = await ReadBodyAsync(request, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (RequestGuard.ObjectBodyFormat(request) == BodyFormat.Protobuf)
            {
                throw new StoreException(415, "UnsupportedMediaType", "the body of a delete request must be a JSON DeleteOptions object");
            }

            var parsed = RequestGuard.ObjectBodyFormat(request) == BodyFormat.Yaml ? FirstDocument(text) : JsonInput.Parse(text);
            if (parsed is not JsonObject body)
            {
                throw StoreException.BadRequest("the body of a delete request must be a DeleteOptions object");
            }

            policy = OptionalString(body, "propagationPolicy", "DeleteOptions") ?? policy;
            if (body["orphanDependents"] is { } orphanNode)
            {
                if (orphanNode is not JsonValue orphan || !orphan.TryGetValue<bool>(out var o))
                {
                    throw StoreException.BadRequest("json: cannot unmarshal into Go struct field DeleteOptions.orphanDependents of type bool");
                }

                policy ??= o ? "Orphan" : "Background";
            }

            dryRun |= body["dryRun"] is JsonArray { Count: > 0 };
            switch (body["preconditions"])
            {
                case null:
                    break;
                case JsonObject preconditions:
                    uid = OptionalString(preconditions, "uid", "Preconditions");
                    rv = OptionalString(preconditions, "resourceVersion", "Preconditions");
                    break;
                default:
                    throw StoreException.BadRequest("json: cannot unmarshal into Go struct field DeleteOptions.preconditions of type v1.Preconditions");
            }
        }

        return new DeleteOptions(policy, dryRun, uid, rv);
    }

    internal static string? OptionalString(JsonObject obj, string field, string owner) => obj[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw StoreException.BadRequest($"json: cannot unmarshal into Go struct field {owner}.{field} of type string"),
    };
}
