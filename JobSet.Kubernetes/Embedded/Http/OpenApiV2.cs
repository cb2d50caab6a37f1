using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// The OpenAPI v2 (Swagger 2.0) document, for clients that read v2 (kubectl before v3 support,
/// tools built on client-go's v2 discovery): the same paths and custom resource schemas as the v3
/// documents of <see cref="OpenApi"/>, the schemas converted as the API server converts CRD
/// schemas for v2 (no <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>/<c>not</c>/<c>nullable</c>,
/// int-or-string fields untyped, no CEL rules). Served as JSON, or as the gnostic
/// <c>openapi.v2.Document</c> protobuf kubectl asks for.
/// </summary>
internal static class OpenApiV2
{
    /// <summary>The content type of the protobuf form.</summary>
    public const string ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal) { "anyOf", "oneOf", "allOf", "not", "nullable", "x-kubernetes-validations" };

    /// <summary>The document as JSON.</summary>
    public static JsonObject Document(IReadOnlyList<ResourceType> types, IClusterReader store)
    {
        var paths = new JsonObject();
        var definitions = new JsonObject();
        foreach (var t in types)
        {
            var prefix = t.Group.Length == 0 ? $"/api/{t.Version}" : $"/apis/{t.Group}/{t.Version}";
            var item = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            paths[item] = new JsonObject { ["patch"] = Patch(t) };
            if (t.HasStatus)
            {
                paths[item + "/status"] = new JsonObject { ["patch"] = Patch(t) };
            }

            if (!t.IsBuiltIn && OpenApi.CustomResourceSchema(t, store) is { } schema)
            {
                var v2 = Convert(schema);
                v2["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
                definitions[OpenApi.SchemaName(t)] = v2;
            }
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    /// <summary>The document as a gnostic <c>openapi.v2.Document</c> message.</summary>
    public static byte[] Protobuf(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var w = new ProtoWriter();
        w.String(1, document["swagger"]?.GetValue<string>());
        w.Message(2, info =>
        {
            info.String(1, document["info"]?["title"]?.GetValue<string>());
            info.String(2, document["info"]?["version"]?.GetValue<string>());
        });
        w.Message(8, paths =>
        {
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                paths.Message(2, named =>
                {
                    named.String(1, path);
                    named.Message(2, pathItem => pathItem.Message(8, op => Operation(op, item!["patch"]!.AsObject())));
                });
            }
        });
        w.Message(9, definitions =>
        {
            foreach (var (name, schema) in document["definitions"]!.AsObject())
            {
                definitions.Message(1, named =>
                {
                    named.String(1, name);
                    named.Message(2, s => Schema(s, schema!.AsObject()));
                });
            }
        });
        return w.ToArray();
    }

    /// <summary>A CRD's v3 schema as the API server publishes it in v2.</summary>
    internal static JsonObject Convert(JsonObject schema)
    {
        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (Dropped.Contains(key))
            {
                continue;
            }

            result[key] = key switch
            {
                "properties" => new JsonObject([.. value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert(p.Value!.AsObject())))]),
                "items" or "additionalProperties" when value is JsonObject inner => Convert(inner),
                _ => value?.DeepClone(),
            };
        }

        if (schema["x-kubernetes-int-or-string"] is JsonValue v && v.GetValueKind() == JsonValueKind.True)
        {
            // v2 cannot say "integer or string": the API server leaves such fields untyped.
            result.Remove("type");
            result.Remove("format");
        }

        return result;
    }

    private static JsonObject Patch(ResourceType t)
    {
        JsonObject Param(string name) => new() { ["name"] = name, ["in"] = "query", ["type"] = "string", ["uniqueItems"] = true };
        return new JsonObject
        {
            ["consumes"] = new JsonArray("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"),
            ["operationId"] = $"patch{t.Kind}",
            ["parameters"] = new JsonArray(Param("dryRun"), Param("fieldManager"), Param("fieldValidation"), Param("force")),
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version },
        };
    }

    private static void Operation(ProtoWriter op, JsonObject operation)
    {
        foreach (var consumes in operation["consumes"]?.AsArray() ?? [])
        {
            op.String(7, consumes!.GetValue<string>());
        }

        op.String(5, operation["operationId"]?.GetValue<string>());
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            // ParametersItem.parameter -> Parameter.non_body_parameter -> NonBodyParameter.query_parameter_sub_schema
            op.Message(8, item => item.Message(1, p => p.Message(2, nonBody => nonBody.Message(3, q =>
            {
                q.String(2, parameter!["in"]!.GetValue<string>());
                q.String(4, parameter["name"]!.GetValue<string>());
                q.String(6, parameter["type"]!.GetValue<string>());
                q.Bool(20, true);
            }))));
        }

        op.Message(9, responses =>
        {
            foreach (var (code, response) in operation["responses"]!.AsObject())
            {
                responses.Message(1, named =>
                {
                    named.String(1, code);
                    named.Message(2, value => value.Message(1, r => r.String(1, response!["description"]?.GetValue<string>())));
                });
            }
        });
        VendorExtensions(op, 13, operation);
    }

    private static void Schema(ProtoWriter s, JsonObject schema)
    {
        s.String(1, Text(schema["$ref"]));
        s.String(2, Text(schema["format"]));
        s.String(3, Text(schema["title"]));
        s.String(4, Text(schema["description"]));
        if (schema["default"] is { } defaultValue)
        {
            s.Message(5, any => any.String(2, defaultValue.ToJsonString()));
        }

        s.Double(6, Number(schema["multipleOf"]));
        s.Double(7, Number(schema["maximum"]));
        s.Bool(8, Flag(schema["exclusiveMaximum"]));
        s.Double(9, Number(schema["minimum"]));
        s.Bool(10, Flag(schema["exclusiveMinimum"]));
        s.Int64(11, (long)Number(schema["maxLength"]));
        s.Int64(12, (long)Number(schema["minLength"]));
        s.String(13, Text(schema["pattern"]));
        s.Int64(14, (long)Number(schema["maxItems"]));
        s.Int64(15, (long)Number(schema["minItems"]));
        s.Bool(16, Flag(schema["uniqueItems"]));
        s.Int64(17, (long)Number(schema["maxProperties"]));
        s.Int64(18, (long)Number(schema["minProperties"]));
        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            s.String(19, Text(required));
        }

        foreach (var value in schema["enum"] as JsonArray ?? [])
        {
            s.Message(20, any => any.String(2, value?.ToJsonString() ?? "null"));
        }

        switch (schema["additionalProperties"])
        {
            case JsonObject inner:
                s.Message(21, item => item.Message(1, x => Schema(x, inner)));
                break;
            case JsonValue b when b.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                s.Message(21, item => item.Bool(2, b.GetValue<bool>()));
                break;
        }

        if (Text(schema["type"]) is { Length: > 0 } type)
        {
            s.Message(22, t => t.String(1, type));
        }

        if (schema["items"] is JsonObject items)
        {
            s.Message(23, item => item.Message(1, x => Schema(x, items)));
        }

        if (schema["properties"] is JsonObject properties)
        {
            s.Message(25, props =>
            {
                foreach (var (name, property) in properties)
                {
                    props.Message(1, named =>
                    {
                        named.String(1, name);
                        named.Message(2, x => Schema(x, property!.AsObject()));
                    });
                }
            });
        }

        VendorExtensions(s, 31, schema);
    }

    private static void VendorExtensions(ProtoWriter w, int field, JsonObject obj)
    {
        foreach (var (name, value) in obj)
        {
            if (name.StartsWith("x-", StringComparison.Ordinal))
            {
                // NamedAny: the value as YAML (JSON is YAML), as gnostic reads extensions.
                w.Message(field, named =>
                {
                    named.String(1, name);
                    named.Message(2, any => any.String(2, value?.ToJsonString() ?? "null"));
                });
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static double Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static bool Flag(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
