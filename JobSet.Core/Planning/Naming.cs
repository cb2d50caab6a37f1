using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JobSet.Core.Api;

namespace JobSet.Core.Planning;

/// <summary>Names and derived values the controller gives to the objects it makes.</summary>
public static class Naming
{
    /// <summary>A child Job's name: <c>&lt;jobset&gt;-&lt;replicatedJob&gt;-&lt;index&gt;</c>.</summary>
    public static string JobName(string jobSetName, string replicatedJobName, int jobIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobSetName}-{replicatedJobName}-{jobIndex}");

    /// <summary>The job-key label value: hex SHA-1 of <c>&lt;namespace&gt;/&lt;job name&gt;</c>.</summary>
    public static string JobKey(string ns, string jobName)
    {
        ns ??= "";
        jobName ??= "";

        // Hashed on the stack: the only allocation is the returned string (once per Job created).
        var length = Encoding.UTF8.GetMaxByteCount(ns.Length + 1 + jobName.Length);
        var input = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(ns, input);
        input[written++] = (byte)'/';
        written += Encoding.UTF8.GetBytes(jobName, input[written..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];

        // SHA-1 is not used for security here: it is upstream's short unique label value.
#pragma warning disable CA5350
        SHA1.HashData(input[..written], hash);
#pragma warning restore CA5350
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The node label value of the node-selector strategy: <c>&lt;namespace&gt;_&lt;job name&gt;</c>.</summary>
    public static string NamespacedJobName(string ns, string jobName) => ns + "_" + jobName;

    /// <summary>A claim's name: <c>&lt;claim template&gt;-&lt;jobset&gt;</c>.</summary>
    public static string ClaimName(string jobSetName, string claimTemplateName) => claimTemplateName + "-" + jobSetName;

    /// <summary>The headless Service's name and the pods' subdomain: <c>network.subdomain</c>, else the JobSet's name.</summary>
    public static string Subdomain(V1alpha2JobSet jobSet)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        return jobSet.Spec.Network?.Subdomain is { Length: > 0 } subdomain ? subdomain : jobSet.Metadata.Name ?? "";
    }

    /// <summary>The coordinator's endpoint: <c>&lt;jobset&gt;-&lt;rjob&gt;-&lt;job&gt;-&lt;pod&gt;.&lt;subdomain&gt;</c>.</summary>
    public static string CoordinatorEndpoint(V1alpha2JobSet jobSet, V1alpha2Coordinator coordinator)
    {
        ArgumentNullException.ThrowIfNull(jobSet);
        ArgumentNullException.ThrowIfNull(coordinator);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{jobSet.Metadata.Name}-{coordinator.ReplicatedJob}-{coordinator.JobIndex}-{coordinator.PodIndex}.{Subdomain(jobSet)}");
    }
}
