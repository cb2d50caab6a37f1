using System.Globalization;
using JobSet.Core.Api;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// The coordinator names an existing pod (ReplicatedJob, Job index and pod index in range, in an
/// Indexed Job with completions) and its endpoint must fit in a label value.
/// </summary>
internal static class CoordinatorValidation
{
    public static IEnumerable<FieldError> Validate(CreateContext context)
    {
        var coordinator = context.Spec.Coordinator;
        if (coordinator is null)
        {
            yield break;
        }

        if (Placement(coordinator, context) is { } placementError)
        {
            yield return placementError;
        }

        var endpoint = Endpoint(context.Name, coordinator, context.Spec.Network?.Subdomain);
        var problems = KubeNames.LabelValue(endpoint);
        if (problems.Count > 0)
        {
            yield return FieldErrors.Plain(
                "spec.coordinator",
                $"spec will lead to invalid label value {FieldErrors.Quote(endpoint)} for coordinator label {FieldErrors.Quote(WellKnownKeys.Coordinator)} (long JobSet / ReplicatedJob / SubDomain name?): {string.Join(", ", problems)}");
        }
    }

    /// <summary>The coordinator's stable endpoint: <c>&lt;jobset&gt;-&lt;rjob&gt;-&lt;job&gt;-&lt;pod&gt;.&lt;subdomain&gt;</c>; the subdomain defaults to the JobSet name.</summary>
    public static string Endpoint(string jobSetName, V1alpha2Coordinator coordinator, string? subdomain)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var domain = string.IsNullOrEmpty(subdomain) ? jobSetName : subdomain;
        return string.Create(CultureInfo.InvariantCulture, $"{jobSetName}-{coordinator.ReplicatedJob}-{coordinator.JobIndex}-{coordinator.PodIndex}.{domain}");
    }

    /// <summary>The first placement problem, as upstream reports only one.</summary>
    private static FieldError? Placement(V1alpha2Coordinator coordinator, CreateContext context)
    {
        if (!context.ByName.TryGetValue(coordinator.ReplicatedJob, out var rjob))
        {
            return FieldErrors.Plain("spec.coordinator.replicatedJob", $"coordinator replicatedJob {coordinator.ReplicatedJob} does not exist");
        }

        if (coordinator.JobIndex < 0 || coordinator.JobIndex >= rjob.Replicas())
        {
            return FieldErrors.Plain("spec.coordinator.jobIndex", string.Create(CultureInfo.InvariantCulture, $"coordinator job index {coordinator.JobIndex} is invalid for replicatedJob {rjob.Name}"));
        }

        if (!rjob.IsIndexed() || rjob.Completions() is not { } completions)
        {
            return FieldErrors.Plain("spec.coordinator.replicatedJob", "job for coordinator pod must be indexed completion mode, and completions number must be set");
        }

        if (coordinator.PodIndex < 0 || coordinator.PodIndex >= completions)
        {
            return FieldErrors.Plain(
                "spec.coordinator.podIndex",
                string.Create(CultureInfo.InvariantCulture, $"coordinator pod index {coordinator.PodIndex} is invalid for replicatedJob {coordinator.ReplicatedJob} job index {coordinator.JobIndex}"));
        }

        return null;
    }
}
