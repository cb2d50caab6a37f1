using JobSet.Core.Api;
using System.Globalization;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Names the JobSet declares or makes: the network subdomain, managedBy, group names, and the
/// names of the child Jobs and pods, which must be DNS-1035 labels of at most 63 characters.
/// </summary>
internal static class NameValidation
{
    /// <summary>The longest managedBy value.</summary>
    public const int MaxManagedByLength = 63;

    /// <summary>Upstream's replacement for a DNS-1035 "too long" message on a group name.</summary>
    public const string GroupNameTooLong = ".spec.replicatedJob[].groupName is too long, must be less than 63 characters";

    /// <summary>Upstream's replacement for a DNS-1035 "too long" message on the longest Job name.</summary>
    public const string JobNameTooLong = "JobSet name is too long, job names generated for this JobSet will exceed 63 characters";

    /// <summary>Upstream's replacement for a DNS-1035 "too long" message on the longest pod name.</summary>
    public const string PodNameTooLong = "JobSet name is too long, pod names generated for this JobSet will exceed 63 characters";

    /// <summary>Upstream's replacement for a DNS-1035 "too long" message on the subdomain.</summary>
    public const string SubdomainTooLong = ".spec.network.subdomain is too long, must be less than 63 characters";

    /// <summary>A stand-in for the random 5-character suffix the Job controller gives pod names.</summary>
    private const string PodSuffix = "-abcde";

    private static readonly string MaxLengthMessage = KubeNames.MaxLengthError(KubeNames.Dns1035LabelMaxLength);

    /// <summary>The subdomain is both a DNS-1123 subdomain and (being a Service name) a DNS-1035 label.</summary>
    public static IEnumerable<FieldError> Subdomain(CreateContext context)
    {
        var subdomain = context.Spec.Network?.Subdomain;
        if (string.IsNullOrEmpty(subdomain))
        {
            yield break;
        }

        const string path = "spec.network.subdomain";
        foreach (var message in KubeNames.Dns1123Subdomain(subdomain))
        {
            yield return FieldErrors.Invalid(path, subdomain, message);
        }

        foreach (var message in KubeNames.Dns1035Label(subdomain))
        {
            yield return FieldErrors.Invalid(path, subdomain, Replace(message, SubdomainTooLong));
        }
    }

    /// <summary>managedBy is a domain-prefixed path of at most 63 characters.</summary>
    public static IEnumerable<FieldError> ManagedBy(CreateContext context)
    {
        var manager = context.Spec.ManagedBy;
        if (manager is null)
        {
            yield break;
        }

        const string path = "spec.managedBy";
        if (manager.Length == 0)
        {
            yield return FieldErrors.Required(path);
            yield break;
        }

        foreach (var (value, message) in KubeNames.DomainPrefixedPath(manager))
        {
            yield return FieldErrors.Invalid(path, value, message);
        }

        if (manager.Length > MaxManagedByLength)
        {
            yield return FieldErrors.TooLong(path, MaxManagedByLength);
        }
    }

    /// <summary>The group name, and the longest Job and pod names the ReplicatedJob at <paramref name="index"/> generates.</summary>
    public static IEnumerable<FieldError> GeneratedNames(CreateContext context, int index)
    {
        var rjob = context.ReplicatedJobs[index];
        var path = FieldPath.ReplicatedJob(index);
        var group = rjob.GroupName ?? "";
        foreach (var message in KubeNames.Dns1035Label(group))
        {
            yield return FieldErrors.Invalid(path + ".groupName", group, Replace(message, GroupNameTooLong));
        }

        // The last Job index gives the longest name.
        var maxJobIndex = (rjob.Replicas() - 1).ToString(CultureInfo.InvariantCulture);
        var longestJobName = $"{context.Name}-{rjob.Name}-{maxJobIndex}";
        foreach (var message in KubeNames.Dns1035Label(longestJobName))
        {
            yield return FieldErrors.Invalid(path + ".name", longestJobName, Replace(message, JobNameTooLong));
        }

        if (rjob.IsIndexed() && rjob.Completions() is { } completions)
        {
            var maxPodIndex = (completions - 1).ToString(CultureInfo.InvariantCulture);
            var longestPodName = $"{context.Name}-{rjob.Name}-{maxJobIndex}-{maxPodIndex}{PodSuffix}";
            foreach (var message in KubeNames.Dns1035Label(longestPodName))
            {
                // Upstream reports the Job name as the value here too.
                yield return FieldErrors.Invalid(path + ".name", longestJobName, Replace(message, PodNameTooLong));
            }
        }
    }

    private static string Replace(string message, string tooLong) =>
        message.Contains(MaxLengthMessage, StringComparison.Ordinal) ? tooLong : message;
}
