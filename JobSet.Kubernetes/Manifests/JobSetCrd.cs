using System.Text.Json.Nodes;
using JobSet.Core.Api;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// The JobSet CustomResourceDefinition, generated from the C# model (<see cref="V1alpha2JobSet"/>
/// and the KubernetesClient types it embeds): upstream's names, scope, single served and stored
/// version v1alpha2, status subresource, printer columns, and a structural OpenAPI v3 schema for
/// every field with upstream's enums, defaults, bounds, keyed lists and CEL rules.
/// </summary>
public static class JobSetCrd
{
    private static readonly Lazy<JsonObject> Schema = new(() =>
        new SchemaGenerator(JobSetApiMarkers.AddTo(KubernetesApiMarkers.Create())).Root(typeof(V1alpha2JobSet), null));

    /// <summary>The CRD's name: <c>jobsets.jobset.x-k8s.io</c>.</summary>
    public const string Name = ApiGroup.JobSetPlural + "." + ApiGroup.Name;

    /// <summary>The OpenAPI v3 schema of a JobSet (a fresh copy).</summary>
    public static JsonObject OpenApiV3Schema() => Schema.Value.DeepClone().AsObject();

    /// <summary>The CRD object (a fresh copy).</summary>
    public static JsonObject Create() => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = Name },
        ["spec"] = new JsonObject
        {
            ["group"] = ApiGroup.Name,
            ["names"] = new JsonObject
            {
                ["kind"] = ApiGroup.JobSetKind,
                ["listKind"] = ApiGroup.JobSetKind + "List",
                ["plural"] = ApiGroup.JobSetPlural,
                ["singular"] = "jobset",
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["additionalPrinterColumns"] = new JsonArray(
                    Column("TerminalState", ".status.terminalState", "string", "Final state of JobSet"),
                    Column("Restarts", ".status.restarts", "string", "Number of restarts"),
                    Column("Completed", ".status.conditions[?(@.type==\"Completed\")].status", "string", null),
                    Column("Suspended", ".spec.suspend", "string", "JobSet suspended"),
                    Column("Age", ".metadata.creationTimestamp", "date", "Time this JobSet was created")),
                ["name"] = ApiGroup.Version,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = OpenApiV3Schema() },
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
            }),
        },
    };

    private static JsonObject Column(string name, string path, string type, string? description)
    {
        var column = new JsonObject();
        if (description is not null)
        {
            column["description"] = description;
        }

        column["jsonPath"] = path;
        column["name"] = name;
        column["type"] = type;
        return column;
    }
}
