using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using YamlDotNet.Core;
using JobSet.Core.Api;

namespace JobSet.Core.Serialization;

/// <summary>
/// Reads Kubernetes manifests (YAML or JSON, single or multi-document, or a v1 List) into
/// objects. Every failure is a <see cref="ManifestException"/> with one line naming the source.
/// </summary>
public static class ManifestReader
{
    /// <summary>
    /// Every object in the text: documents of a multi-document stream, the items of any
    /// <c>*List</c> kind flattened, empty documents skipped.
    /// </summary>
    public static IReadOnlyList<JsonObject> ReadObjects(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.ParseDocuments(text);
        }
        catch (YamlException ex)
        {
            throw new ManifestException($"{source}: not valid YAML or JSON at line {ex.Start.Line}, column {ex.Start.Column}: {FirstLine(ex.Message)}", ex);
        }

        var objects = new List<JsonObject>();
        for (var i = 0; i < documents.Count; i++)
        {
            switch (documents[i])
            {
                case null:
                    continue;
                case JsonObject obj when IsList(obj):
                    AddListItems(obj, source, i, objects);
                    break;
                case JsonObject obj:
                    objects.Add(obj);
                    break;
                default:
                    throw new ManifestException($"{source}: document {i + 1} is not a Kubernetes object (expected a mapping with apiVersion and kind)");
            }
        }

        return objects;
    }

    /// <summary>
    /// Exactly one JobSet: the text must hold one JobSet (<c>jobset.x-k8s.io/v1alpha2</c>), alone
    /// or beside other objects, with metadata.name or metadata.generateName.
    /// Unknown fields are rejected so that no field is silently lost.
    /// </summary>
    public static V1alpha2JobSet ReadJobSet(string text, string source)
    {
        var objects = ReadObjects(text, source);
        switch (objects.Count)
        {
            case 0:
                throw new ManifestException($"{source}: no object found; expected a JobSet");
            case 1:
                return ToJobSet(objects[0], source);
        }

        // A manifest file may carry companions (a ServiceAccount, a ConfigMap) beside its JobSet.
        var jobSets = objects.Where(o => TypeOf(o) == (Api.ApiGroup.ApiVersion, Api.ApiGroup.JobSetKind)).ToList();
        return jobSets.Count switch
        {
            1 => ToJobSet(jobSets[0], source),
            0 => throw new ManifestException($"{source}: no JobSet among its {objects.Count} objects"),
            _ => throw new ManifestException($"{source}: {jobSets.Count} JobSets found; expected exactly one"),
        };
    }

    /// <summary>Converts one object node to a JobSet, checking identity and unknown fields.</summary>
    public static V1alpha2JobSet ToJobSet(JsonObject node, string source)
    {
        ArgumentNullException.ThrowIfNull(node);
        var (apiVersion, kind) = TypeOf(node);
        if (kind != Api.ApiGroup.JobSetKind || apiVersion != Api.ApiGroup.ApiVersion)
        {
            var found = kind.Length == 0 ? "an object without kind" : $"{kind} ({(apiVersion.Length == 0 ? "no apiVersion" : apiVersion)})";
            throw new ManifestException($"{source}: expected a JobSet ({Api.ApiGroup.ApiVersion}), found {found}");
        }

        var jobSet = FromNodeStrict<V1alpha2JobSet>(node, source);

        if (string.IsNullOrEmpty(jobSet.Metadata?.Name) && string.IsNullOrEmpty(jobSet.Metadata?.GenerateName))
        {
            throw new ManifestException($"{source}: metadata.name is required");
        }

        jobSet.Metadata!.NamespaceProperty ??= NamespaceDefaults.Default;
        return jobSet;
    }

    /// <summary>
    /// Reads a typed object and rejects unknown (misspelt) fields, so that no field is silently
    /// lost: a <see cref="ManifestException"/> names the first one.
    /// </summary>
    public static T FromNodeStrict<T>(JsonObject node, string source)
    {
        var value = KubeSerializer.FromNode<T>(node, source);
        var dropped = KubeSerializer.UnknownFields<T>(node);
        if (dropped.Count > 0)
        {
            throw new ManifestException($"{source}: unknown field \"{dropped[0]}\"{(dropped.Count > 1 ? $" (and {dropped.Count - 1} more)" : "")}");
        }

        return value;
    }

    /// <summary>
    /// Converts an object node to its typed <c>k8s.Models</c> form when it is one of the kinds
    /// the project reads (Job, Service, PersistentVolumeClaim, Pod, Node, JobSet); null otherwise.
    /// </summary>
    public static object? ToTyped(JsonObject node, string source)
    {
        ArgumentNullException.ThrowIfNull(node);
        var (apiVersion, kind) = TypeOf(node);
        var where = $"{source}: {kind} {node["metadata"]?["name"]?.ToString() ?? "(unnamed)"}";
        return (apiVersion, kind) switch
        {
            ("batch/v1", "Job") => KubeSerializer.FromNode<V1Job>(node, where),
            ("v1", "Service") => KubeSerializer.FromNode<V1Service>(node, where),
            ("v1", "PersistentVolumeClaim") => KubeSerializer.FromNode<V1PersistentVolumeClaim>(node, where),
            ("v1", "Pod") => KubeSerializer.FromNode<V1Pod>(node, where),
            ("v1", "Node") => KubeSerializer.FromNode<V1Node>(node, where),
            (Api.ApiGroup.ApiVersion, Api.ApiGroup.JobSetKind) => ToJobSet(node, source),
            _ => null,
        };
    }

    /// <summary>The apiVersion and kind of an object node (empty strings when absent).</summary>
    public static (string ApiVersion, string Kind) TypeOf(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (StringField(node, "apiVersion"), StringField(node, "kind"));
    }

    private static string StringField(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    private static bool IsList(JsonObject obj) =>
        StringField(obj, "kind").EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray;

    private static void AddListItems(JsonObject list, string source, int documentIndex, List<JsonObject> objects)
    {
        var items = (JsonArray)list["items"]!;
        var listKind = StringField(list, "kind");
        for (var j = 0; j < items.Count; j++)
        {
            if (items[j] is not JsonObject item)
            {
                throw new ManifestException($"{source}: document {documentIndex + 1}: items[{j}] is not a Kubernetes object");
            }

            // Typed lists (JobList, PodList) may leave kind and apiVersion off their items.
            if (!item.ContainsKey("kind") && listKind.Length > 4 && listKind != "List")
            {
                item["kind"] = listKind[..^4];
                item["apiVersion"] ??= list["apiVersion"]?.DeepClone();
            }

            objects.Add(item);
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        // YamlDotNet prefixes "(Line: x, Col: y, Idx: z) - (Line: ...): "; the position is already given.
        var marker = line.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 ? line[(marker + 3)..] : line;
    }
}
