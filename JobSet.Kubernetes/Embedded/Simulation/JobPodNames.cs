using System.Globalization;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// Pod names as the Job controller and the API server's generateName make them: a prefix and
/// five characters from the alphabet Kubernetes uses for generated names (no vowels, no
/// look-alike digits, so no words appear).
/// </summary>
internal static class JobPodNames
{
    /// <summary>The alphabet of Kubernetes' random name suffixes.</summary>
    public const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The generateName prefix of a Job's pod: <c>job-index-</c> for Indexed Jobs, <c>job-</c> otherwise.</summary>
    public static string Prefix(string jobName, int completionIndex) =>
        completionIndex >= 0 ? string.Create(CultureInfo.InvariantCulture, $"{jobName}-{completionIndex}-") : jobName + "-";

    /// <summary>The pod hostname of an Indexed Job's pod: <c>job-index</c>.</summary>
    public static string Hostname(string jobName, int completionIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobName}-{completionIndex}");

    /// <summary>Five random characters of <see cref="Alphabet"/>.</summary>
    public static string Suffix(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
#pragma warning disable CA5394 // the simulation wants reproducible, not secure, names
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
#pragma warning restore CA5394
        }

        return new string(chars);
    }
}
