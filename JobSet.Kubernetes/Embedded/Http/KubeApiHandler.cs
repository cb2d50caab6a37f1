using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Admission.Webhooks;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Serves the Kubernetes REST API over the store: discovery, CRUD, status, patch, watch. Writes
/// go through <paramref name="writes"/>, which calls admission webhooks (plain API server mode) before the store write.
/// </summary>
internal sealed partial class KubeApiHandler(InMemoryClusterStore store, WebhookWrites writes, EmbeddedClusterOptions options, ILogger logger)
{
    private const string Json = "application/json";

    /// <summary>The largest request body accepted (3 MiB, the API server's default); larger is 413 RequestEntityTooLarge.</summary>
    internal const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>
    /// How much of a too-large body is read and discarded before the 413 is sent (64 MiB), so a
    /// client still writing its body reads the Status instead of a broken pipe; beyond it, Kestrel closes.
    /// </summary>
    internal const int MaxDrainedBodyBytes = 64 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        try
        {
            RequestGuard.CheckHost(request, options);
            path = RawPath.Of(context);
            if (path is "/healthz" or "/readyz" or "/livez" || path.StartsWith("/healthz/", StringComparison.Ordinal) ||
                path.StartsWith("/readyz/", StringComparison.Ordinal) || path.StartsWith("/livez/", StringComparison.Ordinal))
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            if (options.BearerToken is { Length: > 0 } token &&
                request.Headers.Authorization.ToString() != $"Bearer {token}")
            {
                await WriteAsync(context, 401, StatusBody.Failure(401, "Unauthorized", "Unauthorized")).ConfigureAwait(false);
                return;
            }

            if (await TryDiscoveryAsync(context, path).ConfigureAwait(false))
            {
                return;
            }

            var rest = RestPath.Parse(path, (g, v, p) => store.FindType(g, v, p)?.Namespaced == true);
            var type = rest is null ? null : store.FindType(rest.Group, rest.Version, rest.Plural);
            if (rest is null || type is null)
            {
                await WriteAsync(context, 404, StatusBody.Failure(404, "NotFound", "the server could not find the requested resource")).ConfigureAwait(false);
                return;
            }

            if (!AcceptsJson(request))
            {
                await WriteAsync(context, 406, StatusBody.Failure(406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml")).ConfigureAwait(false);
                return;
            }

            await HandleResourceAsync(context, type, rest).ConfigureAwait(false);
        }
        catch (StoreException ex)
        {
            await WriteAsync(context, ex.Code, StatusBody.From(ex)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel refused the body (too large, truncated): still a Status, as the API server answers.
            var tooLarge = ex.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await WriteAsync(context, ex.StatusCode, StatusBody.Failure(
                ex.StatusCode,
                tooLarge ? "RequestEntityTooLarge" : "BadRequest",
                tooLarge ? $"Request entity too large: limit is {MaxRequestBodyBytes}" : ex.Message)).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await WriteAsync(context, 400, StatusBody.Failure(400, "BadRequest", $"the request body is not valid JSON: {ex.Message}")).ConfigureAwait(false);
        }
        catch (ManifestException ex)
        {
            await WriteAsync(context, 400, StatusBody.Failure(400, "BadRequest", ex.Message)).ConfigureAwait(false);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            await WriteAsync(context, 400, StatusBody.Failure(400, "BadRequest", $"error converting YAML to JSON: {ex.Message.ReplaceLineEndings(" ")}")).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or NullReferenceException or KeyNotFoundException or InvalidCastException)
        {
            LogRequestFailed(logger, request.Method, path, ex);
            // A body the handler could not make sense of (a field of the wrong JSON type, ...): a Status, never a dropped connection.
            await WriteAsync(context, 500, StatusBody.Failure(500, "InternalError", $"an error on the server (\"{ex.Message}\") has prevented the request from succeeding")).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed")]
    private static partial void LogRequestFailed(ILogger logger, string method, string path, Exception ex);

    private static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("json", StringComparison.OrdinalIgnoreCase) ||
               accept.Contains("*/*", StringComparison.Ordinal) || accept.Contains("yaml", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<bool> TryDiscoveryAsync(HttpContext context, string path)
    {
        if (context.Request.Method != HttpMethods.Get)
        {
            return false;
        }

        var types = store.ServedTypes;
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? body = segs switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.Versions($"{context.Request.Host}"),
            ["api", "v1"] => Discovery.Resources("v1", types.Where(t => t.Group.Length == 0)),
            ["apis"] => Discovery.Groups(types),
            ["apis", var g] when types.Any(t => t.Group == g) => Discovery.Group(g, types.Where(t => t.Group == g)),
            ["apis", var g, var v] when types.Any(t => t.Group == g && t.Version == v) =>
                Discovery.Resources($"{g}/{v}", types.Where(t => t.Group == g && t.Version == v)),
            _ => null,
        };
        if (body is not null)
        {
            await WriteAsync(context, 200, body).ConfigureAwait(false);
            return true;
        }

        if (segs is ["openapi", ..])
        {
            await OpenApi.WriteAsync(context, segs, types, store).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task HandleResourceAsync(HttpContext context, ResourceType type, RestPath rest)
    {
        var request = context.Request;
        var query = request.Query;
        var dryRun = query["dryRun"].Count > 0;
        var fieldValidation = query["fieldValidation"].FirstOrDefault() is { Length: > 0 } given ? given : "Warn";

        var warnings = new List<string>();
        context.Response.OnStarting(() =>
        {
            foreach (var warning in warnings)
            {
                context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }

            return Task.CompletedTask;
        });
        var write = new WriteOptions(dryRun, query["fieldManager"].FirstOrDefault() is { Length: > 0 } manager ? manager : UserAgentManager(request)) { FieldValidation = fieldValidation, Warnings = warnings };
        var ns = type.Namespaced ? rest.Namespace : null;
        if (type.Namespaced && rest.Name is not null && ns is null)
        {
            throw StoreException.NotFound(type, rest.Name);
        }

        if (rest.Subresource is { } sub && (sub != "status" || !type.HasStatus))
        {
            await WriteAsync(context, 404, StatusBody.Failure(404, "NotFound", "the server could not find the requested resource")).ConfigureAwait(false);
            return;
        }

        var status = rest.Subresource == "status";
        var method = request.Method;
        if (rest.Name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                var watching = QueryParameters.Bool(query, "watch");
                QueryParameters.CheckListOptions(query, watching);
                if (watching)
                {
                    await WatchStreamer.StreamAsync(context, store, type, ns, options.BookmarkInterval).ConfigureAwait(false);
                    return;
                }

                var result = store.List(type, ns, new ListOptions(
                    query["labelSelector"].FirstOrDefault(),
                    query["fieldSelector"].FirstOrDefault(),
                    (int)Math.Min(int.MaxValue, QueryParameters.Integer(query, "limit") ?? 0),
                    query["continue"].FirstOrDefault())
                {
                    ResourceVersion = query["resourceVersion"].FirstOrDefault(),
                    Exact = query["resourceVersionMatch"].FirstOrDefault() == "Exact",
                });
                await WriteListAsync(context, type, result, store.Time).ConfigureAwait(false);
                return;
            }

            if (HttpMethods.IsPost(method))
            {
                QueryParameters.CheckWriteOptions(query, "CreateOptions", apply: false);
                var obj = await RequestBodies.ReadObjectAsync(request, type.Kind, context.RequestAborted).ConfigureAwait(false);
                CheckBodyKind(type, obj);
                CheckBodyNamespace(type, ns, obj);
                var created = await writes.CreateAsync(type, obj, write, context.RequestAborted).ConfigureAwait(false);
                await WriteAsync(context, 201, created).ConfigureAwait(false);
                return;
            }

            if (HttpMethods.IsDelete(method))
            {
                var deleteOptions = await RequestBodies.ReadDeleteOptionsAsync(request).ConfigureAwait(false);
                var items = store.List(type, ns, new ListOptions(query["labelSelector"].FirstOrDefault(), query["fieldSelector"].FirstOrDefault())).Items;
                var deleted = new List<JsonObject>();
                foreach (var item in items)
                {
                    if (await writes.DeleteAsync(type, ObjectMeta.Namespace(item), ObjectMeta.Name(item)!, deleteOptions, context.RequestAborted).ConfigureAwait(false) is { } d)
                    {
                        deleted.Add(d);
                    }
                }

                await WriteListAsync(context, type, new ListResult(deleted, store.CurrentResourceVersion, null, null), store.Time).ConfigureAwait(false);
                return;
            }

            throw StoreException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }

        var name = rest.Name;
        if (HttpMethods.IsGet(method))
        {
            var obj = store.Get(type, ns, name) ?? throw StoreException.NotFound(type, name);
            if (TableWriter.Wanted(request) && !status)
            {
                await TableWriter.WriteAsync(context, type, [obj], new JsonObject { ["resourceVersion"] = ObjectMeta.ResourceVersion(obj) }, store.Time).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, 200, obj).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPut(method))
        {
            QueryParameters.CheckWriteOptions(query, "UpdateOptions", apply: false);
            var obj = await RequestBodies.ReadObjectAsync(request, type.Kind, context.RequestAborted).ConfigureAwait(false);
            CheckBodyKind(type, obj);
            CheckBodyNamespace(type, ns, obj);
            if (ObjectMeta.Name(obj) is { } bodyName && bodyName != name)
            {
                throw StoreException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            ObjectMeta.Metadata(obj)["name"] = name;
            var updated = await writes.UpdateAsync(type, obj, status, write, context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, 200, updated).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPatch(method))
        {
            var contentType = request.ContentType ?? "";
            var kind = contentType switch
            {
                _ when contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase) => PatchKind.Merge,
                _ when contentType.StartsWith("application/json-patch+json", StringComparison.OrdinalIgnoreCase) => PatchKind.Json,
                _ when contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.OrdinalIgnoreCase) => PatchKind.Strategic,
                _ when contentType.StartsWith("application/apply-patch", StringComparison.OrdinalIgnoreCase) => PatchKind.Apply,
                _ => throw new StoreException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
            };
            QueryParameters.CheckWriteOptions(query, "PatchOptions", kind == PatchKind.Apply);
            var text = await RequestBodies.ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            JsonNode patch;
            if (kind == PatchKind.Apply)
            {
                patch = RequestBodies.FirstDocument(text) ?? throw StoreException.BadRequest("the apply configuration is empty");
            }
            else
            {
                patch = JsonInput.Parse(text) ?? throw StoreException.BadRequest("the patch is empty");
            }

            var (patched, created) = await writes.PatchAsync(type, ns, name, kind, patch, status, write, context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, created ? 201 : 200, patched).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsDelete(method))
        {
            var deleteOptions = await RequestBodies.ReadDeleteOptionsAsync(request).ConfigureAwait(false);
            var last = await writes.DeleteAsync(type, ns, name, deleteOptions, context.RequestAborted).ConfigureAwait(false) ?? throw StoreException.NotFound(type, name);

            // Gone when nothing of that uid is left: a racing create may already have re-made the name.
            var gone = deleteOptions.DryRun || store.Get(type, ns, name) is not { } now || ObjectMeta.Uid(now) != ObjectMeta.Uid(last);
            await WriteAsync(context, gone ? 200 : 202, last).ConfigureAwait(false);
            return;
        }

        throw StoreException.MethodNotAllowed("the server does not allow this method on the requested resource");
    }

    // As the API server does, a writer without fieldManager is named after its user agent's program.
    private static string? UserAgentManager(HttpRequest request) => QueryParameters.ManagerFromUserAgent(request.Headers.UserAgent.ToString());

    /// <summary>A body naming another apiVersion or kind than the URL's resource is 400, as the API server's decoder refuses it; absent fields are taken from the URL.</summary>
    private static void CheckBodyKind(ResourceType type, JsonObject obj)
    {
        if (obj["apiVersion"] is { } apiVersionNode && (apiVersionNode is not JsonValue av || !av.TryGetValue<string>(out var apiVersion) || (apiVersion.Length > 0 && apiVersion != type.ApiVersion)))
        {
            throw StoreException.BadRequest($"the API version in the data ({apiVersionNode.ToJsonString().Trim('"')}) does not match the expected API version ({type.ApiVersion})");
        }

        if (obj["kind"] is { } kindNode && (kindNode is not JsonValue kv || !kv.TryGetValue<string>(out var kind) || (kind.Length > 0 && kind != type.Kind)))
        {
            throw StoreException.BadRequest($"the kind in the data ({kindNode.ToJsonString().Trim('"')}) does not match the expected kind ({type.Kind}) of {type.QualifiedResource}");
        }
    }

    private static void CheckBodyNamespace(ResourceType type, string? ns, JsonObject obj)
    {
        if (!type.Namespaced)
        {
            return;
        }

        var bodyNs = ObjectMeta.Namespace(obj);
        if (bodyNs is { Length: > 0 } && ns is not null && bodyNs != ns)
        {
            throw StoreException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (ns is null)
        {
            throw StoreException.MethodNotAllowed($"the server does not allow this method on the requested resource: {type.Plural} are namespaced");
        }

        ObjectMeta.Metadata(obj)["namespace"] = ns;
    }

    private static async Task WriteListAsync(HttpContext context, ResourceType type, ListResult result, TimeProvider time)
    {
        var metadata = new JsonObject { ["resourceVersion"] = result.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (result.Continue is not null)
        {
            metadata["continue"] = result.Continue;
        }

        if (result.RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        if (TableWriter.Wanted(context.Request))
        {
            await TableWriter.WriteAsync(context, type, result.Items, metadata, time).ConfigureAwait(false);
            return;
        }

        // Streamed item by item: a list of thousands of objects is never built as one JSON tree.
        context.Response.StatusCode = 200;
        context.Response.ContentType = Json;
        var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.Writer);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", $"{type.Kind}List");
            writer.WriteString("apiVersion", type.ApiVersion);
            writer.WritePropertyName("metadata");
            metadata.WriteTo(writer);
            writer.WriteStartArray("items");
            foreach (var item in result.Items)
            {
                item.WriteTo(writer);
                if (writer.BytesPending > 32 * 1024)
                {
                    await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    internal static async Task WriteAsync(HttpContext context, int code, JsonObject body)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        await RequestBodies.DrainAsync(context).ConfigureAwait(false);

        context.Response.StatusCode = code;
        context.Response.ContentType = Json;
        await context.Response.WriteAsync(body.ToJsonString(JsonOutput.Serializer), context.RequestAborted).ConfigureAwait(false);
    }
}
