using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>An <c>admission.k8s.io/v1</c> AdmissionReview, as the API server posts it to a webhook and reads the answer.</summary>
public sealed class AdmissionReview
{
    /// <summary>Always <c>admission.k8s.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "admission.k8s.io/v1";

    /// <summary>Always <c>AdmissionReview</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "AdmissionReview";

    /// <summary>The request (set by the API server).</summary>
    [JsonPropertyName("request")]
    public AdmissionReviewRequest? Request { get; set; }

    /// <summary>The answer (set by the webhook).</summary>
    [JsonPropertyName("response")]
    public AdmissionReviewResponse? Response { get; set; }
}

/// <summary>A group, version and kind (or resource) as the AdmissionReview names them.</summary>
public sealed class GroupVersionName
{
    /// <summary>The API group (empty for core).</summary>
    [JsonPropertyName("group")]
    public string Group { get; set; } = "";

    /// <summary>The version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; set; } = "";

    /// <summary>The kind (in <c>kind</c>).</summary>
    [JsonPropertyName("kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; set; }

    /// <summary>The resource (in <c>resource</c>).</summary>
    [JsonPropertyName("resource")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Resource { get; set; }
}

/// <summary>What is being admitted.</summary>
public sealed class AdmissionReviewRequest
{
    /// <summary>Identifies this request; the response repeats it.</summary>
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = "";

    /// <summary>The kind of the object.</summary>
    [JsonPropertyName("kind")]
    public GroupVersionName? Kind { get; set; }

    /// <summary>The resource being written.</summary>
    [JsonPropertyName("resource")]
    public GroupVersionName? Resource { get; set; }

    /// <summary>The subresource, if any.</summary>
    [JsonPropertyName("subResource")]
    public string? SubResource { get; set; }

    /// <summary>The object's name (empty on create with generateName).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    [JsonPropertyName("operation")]
    public string Operation { get; set; } = "";

    /// <summary>The incoming object.</summary>
    [JsonPropertyName("object")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The admission.k8s.io field name.")]
    public JsonObject? Object { get; set; }

    /// <summary>The stored object (update, delete).</summary>
    [JsonPropertyName("oldObject")]
    public JsonObject? OldObject { get; set; }

    /// <summary>Whether the write will not be persisted.</summary>
    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; set; }
}

/// <summary>The webhook's answer.</summary>
public sealed class AdmissionReviewResponse
{
    /// <summary>The request's uid.</summary>
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = "";

    /// <summary>Whether the request is admitted.</summary>
    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    /// <summary>Why not (a metav1 Status: code, reason, message).</summary>
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AdmissionStatus? Status { get; set; }

    /// <summary>A base64-encoded RFC 6902 JSON patch for a mutating webhook.</summary>
    [JsonPropertyName("patch")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Patch { get; set; }

    /// <summary><c>JSONPatch</c> when <see cref="Patch"/> is set.</summary>
    [JsonPropertyName("patchType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PatchType { get; set; }

    /// <summary>Warnings for the client.</summary>
    [JsonPropertyName("warnings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<string>? Warnings { get; set; }
}

/// <summary>The status of a refused request.</summary>
public sealed class AdmissionStatus
{
    /// <summary>The HTTP code the API server returns (403 forbidden, 422 invalid, 400 bad request).</summary>
    [JsonPropertyName("code")]
    public int Code { get; set; }

    /// <summary>Forbidden, Invalid, BadRequest.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; set; }

    /// <summary>The message the user sees.</summary>
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}
