using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using JobSet.Kubernetes.Manifests;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// What the API server does with a custom resource before storing it, from its CRD's structural
/// schema: defaults applied (<c>default</c>), unknown fields pruned (unless
/// <c>x-kubernetes-preserve-unknown-fields</c>), then validation (<see cref="SchemaValidator"/>:
/// types, required, enums, bounds, keyed lists); a failure is 422 Invalid naming the fields.
/// CEL rules (<c>x-kubernetes-validations</c>) are not evaluated. Used by the plain API server mode.
/// </summary>
internal sealed class CustomResourceSchemaAdmission : IAdmissionPlugin
{
    private static readonly HashSet<string> RootFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    /// <inheritdoc />
    public void Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource.IsBuiltIn || Schema(request) is not { } schema)
        {
            return;
        }

        Default(request.Object, schema, root: true);
        var errors = SchemaValidator.Validate(request.Object, schema);
        if (errors.Count > 0)
        {
            var causes = errors.Select(e => e.IndexOf(": ", StringComparison.Ordinal) is var i and > 0 ? new StoreCause(e[..i], e[(i + 2)..]) : new StoreCause("", e)).ToList();
            throw StoreException.Invalid(request.Resource, ObjectMeta.Name(request.Object) ?? "", causes);
        }
    }

    private static JsonObject? Schema(AdmissionRequest request)
    {
        var t = request.Resource;
        var crd = request.Objects.Get(ResourceType.CustomResourceDefinitions, null, $"{t.Plural}.{t.Group}");
        var version = (crd?["spec"]?["versions"] as JsonArray)?.FirstOrDefault(v => v?["name"]?.GetValue<string>() == t.Version);
        return version?["schema"]?["openAPIV3Schema"] as JsonObject;
    }

    /// <summary>Applies defaults and prunes unknown fields, depth first (as the API server's structural defaulting and pruning).</summary>
    private static void Default(JsonNode? node, JsonObject schema, bool root = false)
    {
        switch (node)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                var keepUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
                foreach (var (name, child) in obj.ToList())
                {
                    if (root && RootFields.Contains(name))
                    {
                        continue;
                    }

                    if (properties?[name] is JsonObject p)
                    {
                        Default(child, p);
                    }
                    else if (additional is not null)
                    {
                        Default(child, additional);
                    }
                    else if (!keepUnknown && (properties is not null || schema["type"]?.GetValue<string>() == "object"))
                    {
                        obj.Remove(name);
                    }
                }

                foreach (var (name, p) in properties ?? [])
                {
                    if (!obj.ContainsKey(name) && p?["default"] is { } value)
                    {
                        obj[name] = value.DeepClone();
                        Default(obj[name], p.AsObject());
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                foreach (var item in array)
                {
                    Default(item, items);
                }

                break;
        }
    }
}
