using System.Text.Json.Nodes;
using JobSet.Core.Api;

namespace JobSet.Kubernetes.Embedded;

/// <summary>
/// The JobSet CustomResourceDefinition the embedded cluster is seeded with: the upstream names,
/// scope, version, status subresource and printer columns. The schema preserves unknown fields;
/// the JobSet admission plugin does the typed decoding, defaulting and validation instead.
/// </summary>
public static class JobSetDefinition
{
    /// <summary>The CRD object.</summary>
    public static JsonObject Create() => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{ApiGroup.JobSetPlural}.{ApiGroup.Name}" },
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
                ["name"] = ApiGroup.Version,
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                },
                ["additionalPrinterColumns"] = new JsonArray(
                    Column("TerminalState", ".status.terminalState", "string"),
                    Column("Restarts", ".status.restarts", "string"),
                    Column("Completed", ".status.conditions[?(@.type==\"Completed\")].status", "string"),
                    Column("Suspended", ".spec.suspend", "string"),
                    Column("Age", ".metadata.creationTimestamp", "date")),
            }),
        },
    };

    private static JsonObject Column(string name, string path, string type) => new() { ["name"] = name, ["jsonPath"] = path, ["type"] = type };
}
