using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// The API server's checks of <c>metadata</c>: JSON types first (a real server cannot decode a body
/// whose labels are a list or whose resourceVersion is a number), then label and annotation syntax
/// (ObjectMeta validation). Every write path runs them, so a malformed object never reaches the
/// store, the selectors or the simulation.
/// </summary>
internal static partial class MetadataRules
{
    private const int MaxAnnotationBytes = 256 * 1024;
    private const string NamePattern = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static readonly string[] StringFields = ["name", "generateName", "namespace", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "selfLink"];
    private static readonly string[] OwnerStringFields = ["apiVersion", "kind", "name", "uid"];

    /// <summary>
    /// Throws when a metadata field has the wrong JSON type: 400 BadRequest for a request body (it
    /// cannot be decoded), 422 Invalid on field <c>patch</c> when a patch produced it (as the API
    /// server reports a patched object it cannot decode).
    /// </summary>
    public static void CheckTypes(JsonObject obj, bool fromPatch)
    {
        if (TypeProblem(obj) is not { } problem)
        {
            return;
        }

        var message = $"json: cannot unmarshal {problem.Actual} into Go struct field ObjectMeta.metadata.{problem.Field} of type {problem.Expected}";
        throw fromPatch
            ? new StoreException(422, "Invalid", $"the server rejected our request due to an error in our request: {message}", new("", "", "") { Causes = [new("patch", message)] })
            : StoreException.BadRequest(message);
    }

    /// <summary>The label and annotation problems of an object (empty when valid), as ObjectMeta validation reports them.</summary>
    public static List<StoreCause> Problems(JsonObject obj)
    {
        var causes = new List<StoreCause>();
        var meta = obj["metadata"] as JsonObject;
        if (meta?["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (KeyProblem(key) is { } keyProblem)
                {
                    causes.Add(new("metadata.labels", $"Invalid value: \"{key}\": {keyProblem}"));
                }

                if (LabelValueProblem(value?.GetValue<string>() ?? "") is { } valueProblem)
                {
                    causes.Add(new("metadata.labels", $"Invalid value: \"{value}\": {valueProblem}"));
                }
            }
        }

        if (meta?["annotations"] is JsonObject annotations)
        {
            long size = 0;
            foreach (var (key, value) in annotations)
            {
                if (KeyProblem(key.ToLowerInvariant()) is { } keyProblem)
                {
                    causes.Add(new("metadata.annotations", $"Invalid value: \"{key}\": {keyProblem}"));
                }

                size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value?.GetValue<string>() ?? "");
            }

            if (size > MaxAnnotationBytes)
            {
                causes.Add(new("metadata.annotations", $"Too long: may not be more than {MaxAnnotationBytes} bytes", "FieldValueTooLong"));
            }
        }

        return causes;
    }

    /// <summary>Why a label value is invalid (at most 63 characters, alphanumeric at both ends), or null.</summary>
    public static string? LabelValueProblem(string value)
    {
        if (value.Length > 63)
        {
            return "must be no more than 63 characters";
        }

        return value.Length == 0 || Name().IsMatch(value)
            ? null
            : $"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(({NamePattern})?')";
    }

    /// <summary>Why a label or annotation key is invalid (an optional DNS subdomain prefix and a name of at most 63 characters), or null.</summary>
    public static string? KeyProblem(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !Prefix().IsMatch(prefix))
            {
                return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > 63)
        {
            return "name part must be no more than 63 characters";
        }

        return Name().IsMatch(name)
            ? null
            : $"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '{NamePattern}')";
    }

    private static (string Field, string Actual, string Expected)? TypeProblem(JsonObject obj)
    {
        if (!obj.TryGetPropertyValue("metadata", out var metaNode) || metaNode is null)
        {
            return null;
        }

        if (metaNode is not JsonObject meta)
        {
            return ("", Describe(metaNode), "v1.ObjectMeta");
        }

        foreach (var field in StringFields)
        {
            if (meta[field] is { } v && !IsString(v))
            {
                return (field, Describe(v), "string");
            }
        }

        foreach (var field in new[] { "labels", "annotations" })
        {
            switch (meta[field])
            {
                case null:
                    break;
                case JsonObject map when map.FirstOrDefault(p => p.Value is not null && !IsString(p.Value)) is { Key: not null } bad:
                    return (field, Describe(bad.Value!), "string");
                case JsonObject:
                    break;
                case var other:
                    return (field, Describe(other), "map[string]string");
            }
        }

        switch (meta["finalizers"])
        {
            case null:
                break;
            case JsonArray list when list.FirstOrDefault(f => f is null || !IsString(f)) is { } badFinalizer:
                return ("finalizers", Describe(badFinalizer), "string");
            case JsonArray list when list.Any(f => f is null):
                return ("finalizers", "null", "string");
            case JsonArray:
                break;
            case var other:
                return ("finalizers", Describe(other), "[]string");
        }

        switch (meta["ownerReferences"])
        {
            case null:
                break;
            case JsonArray refs:
                foreach (var r in refs)
                {
                    if (r is not JsonObject owner)
                    {
                        return ("ownerReferences", r is null ? "null" : Describe(r), "v1.OwnerReference");
                    }

                    foreach (var field in OwnerStringFields)
                    {
                        if (owner[field] is { } v && !IsString(v))
                        {
                            return ($"ownerReferences.{field}", Describe(v), "string");
                        }
                    }
                }

                break;
            case var other:
                return ("ownerReferences", Describe(other), "[]v1.OwnerReference");
        }

        return null;
    }

    private static bool IsString(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out _);

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<bool>(out _) => "bool",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        _ => "number",
    };

    [GeneratedRegex("^" + NamePattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
