using System.Text.Json.Nodes;
using JobSet.Core.Api;

namespace JobSet.Kubernetes.Embedded;

/// <summary>
/// The JobSet CustomResourceDefinition the embedded cluster is seeded with: upstream's names,
/// scope, single served and stored version v1alpha2, status subresource (no scale), printer
/// columns (with their descriptions) and top-level schema. Below spec and status the schema
/// preserves unknown fields; the JobSet admission plugin does the typed decoding, pruning,
/// defaulting and validation instead, so <c>kubectl explain</c> shows no field documentation.
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
            ["conversion"] = new JsonObject { ["strategy"] = "None" },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = ApiGroup.Version,
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["schema"] = new JsonObject
                {
                    // Upstream's top level with its types; below spec and status, unknown fields are
                    // preserved here and the JobSet admission plugin decodes, prunes and validates.
                    ["openAPIV3Schema"] = new JsonObject
                    {
                        ["description"] = "JobSet is the Schema for the jobsets API",
                        ["properties"] = new JsonObject
                        {
                            ["apiVersion"] = new JsonObject { ["type"] = "string" },
                            ["kind"] = new JsonObject { ["type"] = "string" },
                            ["metadata"] = new JsonObject { ["type"] = "object" },
                            ["spec"] = Preserved("spec is the specification for jobset"),
                            ["status"] = Preserved("status is the status of the jobset"),
                        },
                        ["type"] = "object",
                    },
                },
                ["additionalPrinterColumns"] = new JsonArray(
                    Column("TerminalState", ".status.terminalState", "string", "Final state of JobSet"),
                    Column("Restarts", ".status.restarts", "string", "Number of restarts"),
                    Column("Completed", ".status.conditions[?(@.type==\"Completed\")].status", "string", null),
                    Column("Suspended", ".spec.suspend", "string", "JobSet suspended"),
                    Column("Age", ".metadata.creationTimestamp", "date", "Time this JobSet was created")),
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

    private static JsonObject Preserved(string description) => new()
    {
        ["description"] = description,
        ["type"] = "object",
        ["x-kubernetes-preserve-unknown-fields"] = true,
    };
}
