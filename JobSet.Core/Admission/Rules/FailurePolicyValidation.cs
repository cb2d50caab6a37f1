using System.Globalization;
using System.Text.RegularExpressions;
using JobSet.Core.Api;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Failure-policy rules: names (length, format, uniqueness), known job failure reasons, known
/// target ReplicatedJobs, and the RestartJob actions (feature gate, at most 1024 replicas).
/// </summary>
internal static partial class FailurePolicyValidation
{
    /// <summary>The most replicas a ReplicatedJob may have with a RestartJob action (status.replicatedJobsStatus[].jobRestarts holds at most 1024 items).</summary>
    public const int MaxReplicasWithRestartJob = 1024;

    /// <summary>The shortest rule name.</summary>
    public const int MinRuleNameLength = 1;

    /// <summary>The longest rule name.</summary>
    public const int MaxRuleNameLength = 128;

    /// <summary>Upstream's message when a RestartJob action is used with the gate off.</summary>
    public const string RestartJobGateDisabled =
        "RestartJob and RestartJobAndIgnoreMaxRestarts failure policy actions are not allowed when RestartJob feature gate is disabled";

    /// <summary>The Job failure reasons a rule may match (batch/v1 JobReason* values).</summary>
    public static IReadOnlyList<string> KnownJobFailureReasons { get; } =
        ["BackoffLimitExceeded", "DeadlineExceeded", "FailedIndexes", "MaxFailedIndexesExceeded", "PodFailurePolicy"];

    public static IEnumerable<FieldError> Validate(CreateContext context)
    {
        var rules = context.Spec.FailurePolicy?.Rules;
        if (rules is null)
        {
            return [];
        }

        var errors = new List<FieldError>();
        var restartJobRule = IndexOfRestartJobRule(rules);
        if (restartJobRule >= 0)
        {
            if (!context.Gates.RestartJob)
            {
                // Upstream stops here: nothing else about the policy is checked.
                return [FieldErrors.Plain(FieldPath.Rule(restartJobRule) + ".action", RestartJobGateDisabled)];
            }

            for (var i = 0; i < context.ReplicatedJobs.Count; i++)
            {
                if (context.ReplicatedJobs[i].Replicas() > MaxReplicasWithRestartJob)
                {
                    errors.Add(FieldErrors.Plain(
                        FieldPath.ReplicatedJob(i) + ".replicas",
                        $"JobSet cannot have a failure policy rule with RestartJob or RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > {MaxReplicasWithRestartJob}"));
                    break;
                }
            }
        }

        var indicesByName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var namesInOrder = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = FieldPath.Rule(i);
            var name = rule.Name ?? "";
            if (name.Length is < MinRuleNameLength or > MaxRuleNameLength)
            {
                errors.Add(FieldErrors.Plain(
                    path + ".name",
                    $"invalid failure policy rule name of length {name.Length}, the rule name must be at least {MinRuleNameLength} characters long and at most {MaxRuleNameLength} characters long"));
            }

            if (!indicesByName.TryGetValue(name, out var indices))
            {
                indicesByName[name] = indices = [];
                namesInOrder.Add(name);
            }

            indices.Add(i);

            if (!RuleNameRegex().IsMatch(name))
            {
                errors.Add(FieldErrors.Plain(
                    path + ".name",
                    $"invalid failure policy rule name '{name}', a failure policy rule name must start with an alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'"));
            }

            var targets = rule.TargetReplicatedJobs ?? [];
            for (var t = 0; t < targets.Count; t++)
            {
                if (!context.ByName.ContainsKey(targets[t]))
                {
                    errors.Add(FieldErrors.Plain(
                        FieldPath.Index(path + ".targetReplicatedJobs", t),
                        $"invalid replicatedJob name '{targets[t]}' in failure policy does not appear in .spec.ReplicatedJobs"));
                }
            }

            var reasons = rule.OnJobFailureReasons ?? [];
            for (var r = 0; r < reasons.Count; r++)
            {
                if (!KnownJobFailureReasons.Contains(reasons[r]))
                {
                    errors.Add(FieldErrors.Plain(
                        FieldPath.Index(path + ".onJobFailureReasons", r),
                        $"invalid job failure reason '{reasons[r]}' in failure policy is not a recognized job failure reason"));
                }
            }
        }

        foreach (var name in namesInOrder)
        {
            var indices = indicesByName[name];
            if (indices.Count > 1)
            {
                var list = string.Join(' ', indices.Select(i => i.ToString(CultureInfo.InvariantCulture)));
                errors.Add(FieldErrors.Plain(
                    FieldPath.Rule(indices[1]) + ".name",
                    $"rule names are not unique, rules with indices [{list}] all have the same name '{name}'"));
            }
        }

        return errors;
    }

    private static int IndexOfRestartJobRule(IList<V1alpha2FailurePolicyRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Action is FailurePolicyAction.RestartJob or FailurePolicyAction.RestartJobAndIgnoreMaxRestarts)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RuleNameRegex();
}
