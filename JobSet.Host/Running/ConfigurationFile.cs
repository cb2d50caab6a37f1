using System.Globalization;
using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Host.Cli;

namespace JobSet.Host.Running;

/// <summary>
/// Reads upstream's controller configuration file (<c>config.jobset.x-k8s.io/v1alpha1</c>,
/// kind <c>Configuration</c>) into run settings: leader election, metrics and health addresses,
/// the webhook server, client QPS and burst, feature gates. Flags given on the command line win
/// over the file. A field this controller does not know is a usage error naming it, never
/// silently ignored.
/// </summary>
internal static class ConfigurationFile
{
    private const string ApiVersion = "config.jobset.x-k8s.io/v1alpha1";

    private static readonly Dictionary<string, string[]> Known = new(StringComparer.Ordinal)
    {
        [""] = ["apiVersion", "kind", "leaderElection", "metrics", "health", "webhook", "clientConnection", "featureGates", "internalCertManagement"],
        ["leaderElection"] = ["leaderElect", "resourceNamespace", "resourceName", "resourceLock", "leaseDuration", "renewDeadline", "retryPeriod"],
        ["metrics"] = ["bindAddress"],
        ["health"] = ["healthProbeBindAddress", "readinessEndpointName", "livenessEndpointName"],
        ["webhook"] = ["port", "host", "certDir"],
        ["clientConnection"] = ["qps", "burst"],
        ["internalCertManagement"] = ["enable", "webhookServiceName", "webhookSecretName"],
    };

    /// <summary>The settings the file gives, over the defaults.</summary>
    public static RunSettings Read(string path, string text)
    {
        var documents = YamlJson.ParseDocuments(text);
        if (documents.Count != 1 || documents[0] is not JsonObject root)
        {
            throw Bad(path, "expected one Configuration document");
        }

        if (root["apiVersion"]?.ToString() != ApiVersion || root["kind"]?.ToString() != "Configuration")
        {
            throw Bad(path, $"expected apiVersion {ApiVersion} and kind Configuration");
        }

        CheckFields(path, root);
        var settings = new RunSettings();
        if (root["leaderElection"] is JsonObject election)
        {
            settings = settings with
            {
                LeaderElect = Bool(path, election, "leaderElection.leaderElect") ?? settings.LeaderElect,
                Namespace = election["resourceNamespace"]?.ToString() ?? settings.Namespace,
            };
        }

        settings = settings with
        {
            MetricsBindAddress = root["metrics"]?["bindAddress"]?.ToString() ?? settings.MetricsBindAddress,
            HealthProbeBindAddress = root["health"]?["healthProbeBindAddress"]?.ToString() ?? settings.HealthProbeBindAddress,
        };

        if (root["webhook"] is JsonObject webhook)
        {
            var port = Number(path, webhook, "port", "webhook.port");
            settings = settings with
            {
                WebhookBindAddress = port is null ? null : $"{webhook["host"]?.ToString() ?? ""}:{port.Value.ToString(CultureInfo.InvariantCulture)}",
                WebhookCertDir = webhook["certDir"]?.ToString(),
            };
        }

        if (root["clientConnection"] is JsonObject client)
        {
            settings = settings with
            {
                ClientQps = Number(path, client, "qps", "clientConnection.qps") ?? settings.ClientQps,
                ClientBurst = (int?)Number(path, client, "burst", "clientConnection.burst") ?? settings.ClientBurst,
            };
        }

        if (root["featureGates"] is JsonObject gates)
        {
            var value = FeatureGates.Default;
            foreach (var (name, node) in gates)
            {
                var on = node?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? node.GetValue<bool>() : throw Bad(path, $"featureGates.{name}: expected true or false");
                value = name switch
                {
                    "RestartJob" => value with { RestartJob = on },
                    "ElasticJobSet" => value with { ElasticJobSet = on },
                    "InPlaceRestart" => value with { InPlaceRestart = on },
                    _ => throw Bad(path, $"featureGates.{name}: unknown feature gate (known: {string.Join(", ", FeatureGates.Names)})"),
                };
            }

            settings = settings with { FeatureGates = value };
        }

        return settings;
    }

    private static void CheckFields(string path, JsonObject root)
    {
        foreach (var (section, fields) in Known)
        {
            var node = section.Length == 0 ? root : root[section];
            if (node is null)
            {
                continue;
            }

            if (node is not JsonObject obj)
            {
                throw Bad(path, $"{section}: expected an object");
            }

            foreach (var (name, _) in obj)
            {
                if (!fields.Contains(name, StringComparer.Ordinal))
                {
                    throw Bad(path, $"{(section.Length == 0 ? "" : section + ".")}{name}: unknown field");
                }
            }
        }
    }

    private static bool? Bool(string path, JsonObject obj, string field)
    {
        var node = obj[field[(field.LastIndexOf('.') + 1)..]];
        return node is null ? null : node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? node.GetValue<bool>() : throw Bad(path, $"{field}: expected true or false");
    }

    private static double? Number(string path, JsonObject obj, string name, string field)
    {
        var node = obj[name];
        return node is null ? null
            : node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
                && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d) ? d
            : throw Bad(path, $"{field}: expected a non-negative number");
    }

    private static UsageException Bad(string path, string message) => new($"jobset run: --config {path}: {message}");
}
