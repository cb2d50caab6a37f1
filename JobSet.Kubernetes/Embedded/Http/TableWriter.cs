using System.Globalization;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>), which
/// <c>kubectl get</c> asks for: a meta.k8s.io/v1 Table with kind-specific columns and the
/// objects' metadata in each row. Ages are human durations as the API server prints them.
/// </summary>
internal static class TableWriter
{
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public static async Task WriteAsync(HttpContext context, ResourceType type, IReadOnlyList<JsonObject> items, JsonObject metadata, TimeProvider time)
    {
        var table = Build(type, items, metadata, includeColumns: true, time);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
        await context.Response.WriteAsync(table.ToJsonString(JsonOutput.Serializer), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A Table of the items; watch events after the first omit the column definitions, as the API server does.</summary>
    public static JsonObject Build(ResourceType type, IReadOnlyList<JsonObject> items, JsonObject metadata, bool includeColumns, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var columns = Columns(type);
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata.DeepClone(),
        };
        if (includeColumns)
        {
            table["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = "string",
                ["format"] = c.Name == "Name" ? "name" : "",
                ["description"] = c.Name,
                ["priority"] = c.Name == "Node" ? 1 : 0,
            })]);
        }

        table["rows"] = new JsonArray([.. items.Select(o => (JsonNode?)new JsonObject
        {
            ["cells"] = new JsonArray([.. columns.Select(c => (JsonNode?)JsonValue.Create(c.Value(o, now)))]),
            ["object"] = new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = o["metadata"]?.DeepClone(),
            },
        })]);
        return table;
    }

    private static List<Column> Columns(ResourceType type)
    {
        var name = new Column("Name", (o, _) => ObjectMeta.Name(o) ?? "");
        var age = new Column("Age", (o, now) => Age(ObjectMeta.GetString(o, "creationTimestamp"), now));
        if (type == ResourceType.Pods)
        {
            return
            [
                name,
                new("Ready", (o, _) => $"{Count(o["status"]?["containerStatuses"], c => c?["ready"]?.GetValue<bool>() == true)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
                new("Status", (o, _) => PodStatus(o)),
                new("Restarts", (o, _) => (o["status"]?["containerStatuses"] as JsonArray ?? []).Sum(c => ObjectMeta.AsLong(c?["restartCount"])).ToString(CultureInfo.InvariantCulture)),
                age,
                Path("Node", "spec.nodeName"),
            ];
        }

        if (type == ResourceType.Jobs)
        {
            return
            [
                name,
                new("Status", (o, _) => JobStatus(o)),
                new("Completions", (o, _) => $"{OrDefault(ObjectMeta.PathValue(o, "status.succeeded"), "0")}/{OrDefault(ObjectMeta.PathValue(o, "spec.completions"), "1")}"),
                age,
            ];
        }

        if (type == ResourceType.Namespaces || type == ResourceType.PersistentVolumeClaims)
        {
            return [name, Path("Status", "status.phase"), age];
        }

        if (type == ResourceType.Nodes)
        {
            return
            [
                name,
                new("Status", (o, _) => Condition(o, "Ready") == "True" ? "Ready" : "NotReady"),
                new("Roles", (_, _) => "<none>"),
                age,
                Path("Version", "status.nodeInfo.kubeletVersion"),
            ];
        }

        // core/v1 and events.k8s.io/v1 Events show the same columns under different field names.
        if (type == ResourceType.Events)
        {
            return EventColumns(lastSeen: "lastTimestamp", involved: "involvedObject", message: "message");
        }

        if (type == ResourceType.EventsV1)
        {
            return EventColumns(lastSeen: "deprecatedLastTimestamp", involved: "regarding", message: "note");
        }

        if (type == ResourceType.JobSets)
        {
            return
            [
                name,
                Path("TerminalState", "status.terminalState"),
                Path("Restarts", "status.restarts"),
                new("Completed", (o, _) => Condition(o, "Completed")),
                Path("Suspended", "spec.suspend"),
                age,
            ];
        }

        return [name, age];
    }

    /// <summary>
    /// The STATUS column as kubectl's pod printer derives it: a container's waiting or
    /// terminated reason (ContainerCreating, Completed, Error) wins over the phase, and a pod
    /// being deleted shows Terminating.
    /// </summary>
    /// <summary>A column showing the text at a dotted path of the object.</summary>
    private static Column Path(string title, string path) => new(title, (o, _) => ObjectMeta.PathValue(o, path));

    private static List<Column> EventColumns(string lastSeen, string involved, string message) =>
    [
        new("Last Seen", (o, now) => Age(FirstPresent(o, lastSeen, "eventTime", "metadata.creationTimestamp"), now)),
        Path("Type", "type"),
        Path("Reason", "reason"),
        new("Object", (o, _) => $"{ObjectMeta.PathValue(o, involved + ".kind").ToLowerInvariant()}/{ObjectMeta.PathValue(o, involved + ".name")}"),
        Path("Message", message),
    ];

    private static string PodStatus(JsonObject pod)
    {
        if (ObjectMeta.IsDeleting(pod))
        {
            return "Terminating";
        }

        var status = ObjectMeta.PathValue(pod, "status.reason") is { Length: > 0 } reason ? reason : ObjectMeta.PathValue(pod, "status.phase");
        foreach (var container in pod["status"]?["containerStatuses"] as JsonArray ?? [])
        {
            var state = container?["state"];
            var containerReason = state?["terminated"]?["reason"] ?? state?["waiting"]?["reason"];
            if (containerReason?.GetValue<string>() is { Length: > 0 } text)
            {
                status = text;
            }
        }

        return status;
    }

    private static string JobStatus(JsonObject job) =>
        Condition(job, "Complete") == "True" ? "Complete"
        : Condition(job, "Failed") == "True" ? "Failed"
        : Condition(job, "Suspended") == "True" ? "Suspended"
        : "Running";

    private static string Condition(JsonObject o, string type) =>
        (o["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>() ?? "";

    private static string? FirstPresent(JsonObject o, params string[] paths) =>
        paths.Select(p => ObjectMeta.PathValue(o, p)).FirstOrDefault(v => v.Length > 0);

    private static string OrDefault(string value, string fallback) => value.Length > 0 ? value : fallback;

    private static int Count(JsonNode? list, Func<JsonNode?, bool> predicate) => (list as JsonArray ?? []).Count(predicate);

    /// <summary>A duration as the API server and kubectl print ages (<c>45s</c>, <c>3m12s</c>, <c>5h</c>, <c>2d3h</c>).</summary>
    internal static string Age(string? timestamp, DateTimeOffset now)
    {
        if (timestamp is null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return "<unknown>";
        }

        var d = now - t;
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (d < TimeSpan.Zero)
        {
            return "0s";
        }

        var s = (long)d.TotalSeconds;
        if (s < 120)
        {
            return $"{s}s";
        }

        var m = s / 60;
        if (m < 10)
        {
            return s % 60 == 0 ? $"{m}m" : $"{m}m{s % 60}s";
        }

        var h = m / 60;
        if (h < 3)
        {
            return $"{m}m";
        }

        if (h < 8)
        {
            return m % 60 == 0 ? $"{h}h" : $"{h}h{m % 60}m";
        }

        var days = h / 24;
        if (h < 48)
        {
            return $"{h}h";
        }

        if (h < 192)
        {
            return h % 24 == 0 ? $"{days}d" : $"{days}d{h % 24}h";
        }

        var years = days / 365;
        if (years < 2)
        {
            return $"{days}d";
        }

        return years < 8 && days % 365 != 0 ? $"{years}y{days % 365}d" : $"{years}y";
    }

    private sealed record Column(string Name, Func<JsonObject, DateTimeOffset, string> Value);
}
