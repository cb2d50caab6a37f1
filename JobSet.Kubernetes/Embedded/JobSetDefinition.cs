using System.Text.Json.Nodes;
using JobSet.Kubernetes.Manifests;

namespace JobSet.Kubernetes.Embedded;

/// <summary>
/// The JobSet CustomResourceDefinition the embedded cluster is seeded with: the one
/// <c>jobset manifests</c> prints (<see cref="JobSetCrd"/>), generated from the C# model. The JobSet
/// admission plugin still does the typed decoding, pruning, defaulting and validation; the schema
/// is what discovery, OpenAPI and <c>kubectl explain</c> publish.
/// </summary>
public static class JobSetDefinition
{
    /// <summary>The CRD object.</summary>
    public static JsonObject Create()
    {
        var crd = JobSetCrd.Create();
        crd["spec"]!["conversion"] = new JsonObject { ["strategy"] = "None" };
        return crd;
    }
}
