using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// What the API server's batch/v1 Job strategy and defaulting do to a new Job, so that clients
/// see the Job a real cluster would store: the generated selector on the Job's own UID with the
/// matching pod-template labels (unless <c>spec.manualSelector</c> is true), and the Job-level
/// defaults (parallelism and completions, backoffLimit, completionMode, suspend,
/// podReplacementPolicy). Pod-template defaults are not applied.
/// </summary>
internal static class JobCreateStrategy
{
    /// <summary>The label keys the server puts on a Job's pod template, with their legacy forms.</summary>
    private static readonly (string Key, bool IsUid)[] TemplateLabels =
    [
        ("batch.kubernetes.io/controller-uid", true),
        ("batch.kubernetes.io/job-name", false),
        ("controller-uid", true),
        ("job-name", false),
    ];

    /// <summary>Applies the selector, template labels and defaults to a Job being created.</summary>
    public static void PrepareForCreate(JsonObject job, string name, string uid)
    {
        if (job["spec"] is not JsonObject spec)
        {
            return;
        }

        ApplyDefaults(spec);
        if (spec["manualSelector"]?.GetValue<bool>() == true)
        {
            return;
        }

        var template = spec["template"] as JsonObject ?? [];
        spec["template"] = template;
        var metadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = metadata;
        var labels = metadata["labels"] as JsonObject ?? [];
        metadata["labels"] = labels;
        foreach (var (key, isUid) in TemplateLabels)
        {
            labels[key] = isUid ? uid : name;
        }

        spec["selector"] = new JsonObject
        {
            ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid },
        };
    }

    private static void ApplyDefaults(JsonObject spec)
    {
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
        }

        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed";
    }
}
