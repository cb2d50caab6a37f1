using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Core.Api;

namespace JobSet.Host.Cli;

/// <summary>
/// <c>jobset plan -o summary</c>: the plan document read by a person. A table of the actions
/// (action, kind, name, why), then what changed in the status, then the events. It reads the
/// document <c>jobset plan</c> prints (the fixed contract), so it shows exactly what YAML and JSON do.
/// </summary>
internal static class PlanSummary
{
    /// <summary>The summary of a plan document.</summary>
    /// <param name="plan">The <c>kind: ReconcilePlan</c> document.</param>
    /// <param name="before">The JobSet's status before the reconcile (the input's), or null.</param>
    public static string Format(JsonObject plan, JsonNode? before)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        var jobSet = $"{plan["jobSet"]?["namespace"]}/{plan["jobSet"]?["name"]}";
        var skipped = plan["skipped"]?.GetValue<string>() ?? "";
        if (skipped.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{jobSet}: skipped ({skipped}), nothing to do\n");
            return text.ToString();
        }

        var actions = plan["actions"]?.AsArray() ?? [];
        var after = plan["status"];
        var rows = actions.Select(a => Row(a!, after)).ToList();
        text.Append(CultureInfo.InvariantCulture, $"{jobSet}: {(rows.Count == 0 ? "no actions" : rows.Count == 1 ? "1 action" : $"{rows.Count} actions")}\n");
        if (rows.Count > 0)
        {
            rows.Insert(0, ["ACTION", "KIND", "NAME", "WHY"]);
            var widths = Enumerable.Range(0, 3).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                text.Append(string.Join("  ", row.Take(3).Select((cell, c) => cell.PadRight(widths[c])))).Append("  ").Append(row[3]).Append('\n');
            }
        }

        var changes = StatusChanges(before, after).ToList();
        if (changes.Count > 0)
        {
            text.Append("\nstatus changes:\n");
            changes.ForEach(c => text.Append("  ").Append(c).Append('\n'));
        }

        var events = plan["events"]?.AsArray() ?? [];
        if (events.Count > 0)
        {
            text.Append("\nevents:\n");
            foreach (var e in events)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {e?["type"]} {e?["reason"]}: {e?["message"]}\n");
            }
        }

        if (plan["requeueAfterSeconds"] is { } requeue)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nreconcile again in {requeue}s at the latest\n");
        }

        if (plan["error"] is { } error)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nstopped early: {error}\n");
        }

        return text.ToString();
    }

    private static string[] Row(JsonNode action, JsonNode? status)
    {
        var type = action["type"]?.GetValue<string>() ?? "";
        var obj = action["object"];
        var kind = obj?["kind"]?.GetValue<string>() ?? "";
        var name = obj?["metadata"]?["name"]?.GetValue<string>() ?? "";
        return [type, kind, name, Why(type, kind, obj, status)];
    }

    private static string Why(string type, string kind, JsonNode? obj, JsonNode? status)
    {
        var labels = obj?["metadata"]?["labels"];
        string? Label(string key) => labels?[key]?.GetValue<string>();
        var suspend = obj?["spec"]?["suspend"]?.GetValue<bool>();
        return (type, kind) switch
        {
            ("Create", "Job") => $"ReplicatedJob {Label(WellKnownKeys.ReplicatedJobName)} index {Label(WellKnownKeys.JobIndex)}, restart attempt {Label(WellKnownKeys.RestartAttempt)}{(suspend == true ? ", suspended" : "")}",
            ("Create", "Service") => "headless Service for the pods' DNS names",
            ("Create", "PersistentVolumeClaim") => "volume claim policy",
            ("Update", "Job") when suspend == true => "suspend",
            ("Update", "Job") when suspend == false => "resume",
            ("Update", "Job") => "new size (ElasticJobSet)",
            ("UpdateStatus", "Job") => "clear startTime before resuming",
            ("UpdateStatus", _) => "status changed",
            ("Delete", "Job") when int.TryParse(Label(WellKnownKeys.RestartAttempt), out var attempt)
                && status?["restarts"]?.GetValue<int>() is { } restarts && attempt < restarts => $"from restart attempt {attempt}, now {restarts}",
            ("Delete", "Job") when status?["terminalState"] is not null => $"JobSet {status["terminalState"]}",
            ("Delete", "JobSet") => "ttlSecondsAfterFinished expired",
            _ => "",
        };
    }

    private static IEnumerable<string> StatusChanges(JsonNode? before, JsonNode? after)
    {
        foreach (var field in Scalars)
        {
            var (was, now) = (Text(before?[field]), Text(after?[field]));
            if (was != now)
            {
                yield return $"{field}: {was} -> {now}";
            }
        }

        var oldConditions = ByKey(before?["conditions"], "type");
        foreach (var (type, condition) in ByKey(after?["conditions"], "type"))
        {
            var now = $"{condition["status"]} ({condition["reason"]})";
            var was = oldConditions.TryGetValue(type, out var old) ? $"{old["status"]} ({old["reason"]})" : "(none)";
            if (was != now)
            {
                yield return $"condition {type}: {was} -> {now}";
            }
        }

        var oldJobs = ByKey(before?["replicatedJobsStatus"], "name");
        foreach (var (name, counts) in ByKey(after?["replicatedJobsStatus"], "name"))
        {
            if (!oldJobs.TryGetValue(name, out var old))
            {
                yield return $"replicatedJob {name}: {string.Join(", ", Counts.Select(c => $"{c} {Text(counts[c])}"))}";
                continue;
            }

            var changed = Counts
                .Where(c => Text(old?[c]) != Text(counts[c]))
                .Select(c => $"{c} {Text(old?[c])} -> {Text(counts[c])}")
                .ToList();
            if (changed.Count > 0)
            {
                yield return $"replicatedJob {name}: {string.Join(", ", changed)}";
            }
        }
    }

    private static readonly string[] Scalars = ["restarts", "restartsCountTowardsMax", "terminalState"];

    private static readonly string[] Counts = ["ready", "succeeded", "failed", "active", "suspended"];

    private static string Text(JsonNode? value) => value?.ToString() ?? "(none)";

    private static Dictionary<string, JsonNode> ByKey(JsonNode? list, string key)
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in list?.AsArray() ?? [])
        {
            if (item?[key]?.GetValue<string>() is { } k)
            {
                result[k] = item;
            }
        }

        return result;
    }
}
