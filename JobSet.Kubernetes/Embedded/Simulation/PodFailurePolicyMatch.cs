using System.Globalization;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>The podFailurePolicy rule a failed pod matched: its index, action and the batch/v1 message.</summary>
/// <param name="RuleIndex">The index of the matching rule.</param>
/// <param name="Action">FailJob, FailIndex, Ignore or Count.</param>
/// <param name="Message">The message a FailJob rule puts on the Job's Failed condition.</param>
internal sealed record PodFailurePolicyMatch(int RuleIndex, string Action, string Message)
{
    /// <summary>The first rule of the policy that matches the failed pod, or null (the failure counts).</summary>
    public static PodFailurePolicyMatch? Find(V1PodFailurePolicy? policy, V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var rules = policy?.Rules ?? [];
        var podName = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.OnExitCodes is { } onExit)
            {
                // Containers that exited 0 are left out of the check, as batch/v1 does.
                foreach (var container in pod.Status?.ContainerStatuses ?? [])
                {
                    if (container.State?.Terminated is not { ExitCode: var code and not 0 }
                        || (onExit.ContainerName is { Length: > 0 } name && name != container.Name))
                    {
                        continue;
                    }

                    var listed = (onExit.Values ?? []).Contains(code);
                    if (onExit.OperatorProperty == "In" ? listed : !listed)
                    {
                        var message = string.Create(CultureInfo.InvariantCulture, $"Container {container.Name} for pod {podName} failed with exit code {code} matching {rule.Action} rule at index {i}");
                        return new PodFailurePolicyMatch(i, rule.Action, message);
                    }
                }
            }
            else if (rule.OnPodConditions is { Count: > 0 } patterns)
            {
                foreach (var pattern in patterns)
                {
                    var wanted = pattern.Status ?? "True";
                    if (pod.Status?.Conditions?.Any(c => c.Type == pattern.Type && c.Status == wanted) == true)
                    {
                        var message = string.Create(CultureInfo.InvariantCulture, $"Pod {podName} has condition {pattern.Type} matching {rule.Action} rule at index {i}");
                        return new PodFailurePolicyMatch(i, rule.Action, message);
                    }
                }
            }
        }

        return null;
    }
}
