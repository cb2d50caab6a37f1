using System.Globalization;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>What a pod's simulation annotations say: how long its containers run and how they exit.</summary>
internal static class PodBehaviour
{
    /// <summary>How long the containers run; null means forever.</summary>
    public static TimeSpan? RunTime(V1Pod pod, TimeSpan defaultRunTime)
    {
        var text = pod.GetAnnotation(SimulationAnnotations.RunSeconds);
        if (text is null)
        {
            return defaultRunTime;
        }

        if (string.Equals(text.Trim(), "forever", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : defaultRunTime;
    }

    /// <summary>
    /// The attempt a container run is: earlier failed pods of the same index (written by the Job
    /// controller), restarts of this pod's first container, and the JobSet restart attempt.
    /// </summary>
    public static int Attempt(V1Pod pod)
    {
        var attempt = Number(pod.GetAnnotation(SimulationAnnotations.Attempt)) ?? 0;
        attempt += pod.Status?.ContainerStatuses?.FirstOrDefault()?.RestartCount ?? 0;
        attempt += Number(pod.GetLabel(WellKnownKeys.RestartAttempt)) ?? 0;
        return attempt;
    }

    /// <summary>The exit code of the current container run, from exit-code, fail-index and fail-attempts.</summary>
    public static int ExitCode(V1Pod pod)
    {
        var code = Number(pod.GetAnnotation(SimulationAnnotations.ExitCode)) ?? 0;
        var failIndex = pod.GetAnnotation(SimulationAnnotations.FailIndex);
        var failAttempts = Number(pod.GetAnnotation(SimulationAnnotations.FailAttempts));
        if (failIndex is null && failAttempts is null)
        {
            return code;
        }

        var failing = true;
        if (failIndex is not null)
        {
            var index = PodStatusFacts.CompletionIndex(pod);
            failing &= failIndex.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(part => Number(part) == index);
        }

        if (failAttempts is { } attempts)
        {
            failing &= Attempt(pod) < attempts;
        }

        return failing ? (code != 0 ? code : 1) : 0;
    }

    /// <summary>The exit code a fail-now annotation asks for (a non-number means 1).</summary>
    public static int FailNowExitCode(string value) => Number(value) is { } code and not 0 ? code : 1;

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
