using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// A minimal OpenAPI v3 surface: the root index and one document per group/version whose PATCH
/// operations name their kind (<c>x-kubernetes-group-version-kind</c>) and the
/// <c>fieldValidation</c> parameter. That is what kubectl checks to leave field validation to the
/// server, so plain <c>kubectl apply -f</c> works without schemas. Custom resources publish their
/// CRD's schema as a component tagged with their kind, which is what <c>kubectl explain</c> reads;
/// built-in kinds publish none. Strategic merge is not advertised, so kubectl computes apply patches
/// from its compiled-in types (built-in kinds) or as JSON merge patches (custom resources).
/// OpenAPI v2 (<see cref="OpenApiV2"/>) carries the same paths and schemas.
/// </summary>
internal static class OpenApi
{
    public static async Task WriteAsync(HttpContext context, string[] segments, IReadOnlyList<ResourceType> types, IClusterReader store)
    {
        if (segments is ["openapi", "v2"])
        {
            var v2 = OpenApiV2.Document(types, store);
            if (context.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.OrdinalIgnoreCase))
            {
                // What client-go's discovery asks for (gnostic's openapi.v2.Document).
                context.Response.StatusCode = 200;
                context.Response.ContentType = OpenApiV2.ProtobufContentType;
                await context.Response.Body.WriteAsync(OpenApiV2.Protobuf(v2), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await KubeApiHandler.WriteAsync(context, 200, v2).ConfigureAwait(false);
            return;
        }

        JsonObject? body = segments switch
        {
            ["openapi", "v3"] => Root(types),
            ["openapi", "v3", "api", "v1"] => Document("", "v1", types, store),
            ["openapi", "v3", "apis", var g, var v] => types.Any(t => t.Group == g && t.Version == v) ? Document(g, v, types, store) : null,
            _ => null,
        };
        if (body is null)
        {
            await KubeApiHandler.WriteAsync(context, 404, StatusBody.Failure(404, "NotFound", "the server could not find the requested resource")).ConfigureAwait(false);
            return;
        }

        await KubeApiHandler.WriteAsync(context, 200, body).ConfigureAwait(false);
    }

    private static JsonObject Root(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}";
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static JsonObject Document(string group, string version, IReadOnlyList<ResourceType> types, IClusterReader store)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in types.Where(t => t.Group == group && t.Version == version))
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var item = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            paths[item] = new JsonObject { ["patch"] = Patch(t) };
            if (t.HasStatus)
            {
                paths[item + "/status"] = new JsonObject { ["patch"] = Patch(t) };
            }

            if (!t.IsBuiltIn && CustomResourceSchema(t, store) is { } schema)
            {
                schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
                schemas[SchemaName(t)] = schema;
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>The CRD's schema for the served version, or null when it declares none.</summary>
    internal static JsonObject? CustomResourceSchema(ResourceType t, IClusterReader store)
    {
        var crd = store.Get(ResourceType.CustomResourceDefinitions, null, $"{t.Plural}.{t.Group}");
        var version = (crd?["spec"]?["versions"] as JsonArray)?.FirstOrDefault(v => v?["name"]?.GetValue<string>() == t.Version);
        return version?["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject;
    }

    /// <summary>The component name a real API server uses: the group reversed, then version and kind (<c>io.x-k8s.jobset.v1alpha2.JobSet</c>).</summary>
    internal static string SchemaName(ResourceType t) => $"{string.Join('.', t.Group.Split('.').Reverse())}.{t.Version}.{t.Kind}";

    private static JsonObject Patch(ResourceType t)
    {
        JsonObject Param(string name) => new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } };
        JsonObject Body() => new() { ["schema"] = new JsonObject { ["type"] = "object" } };
        return new JsonObject
        {
            ["operationId"] = $"patch{t.Kind}",
            ["parameters"] = new JsonArray(Param("dryRun"), Param("fieldManager"), Param("fieldValidation"), Param("force")),
            ["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = Body(),
                    ["application/merge-patch+json"] = Body(),
                    ["application/apply-patch+yaml"] = Body(),
                },
            },
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
        };
    }
}
