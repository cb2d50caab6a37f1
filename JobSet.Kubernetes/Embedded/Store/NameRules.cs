using System.Text.RegularExpressions;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The object-name rules of the API server (RFC 1123 subdomains and labels).</summary>
internal static partial class NameRules
{
    private const string SubdomainPattern = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string LabelPattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string GenerateChars = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The problem with a name, or null when valid.</summary>
    public static string? Problem(ResourceType type, string name)
    {
        if (type == ResourceType.Namespaces)
        {
            return name.Length <= 63 && Label().IsMatch(name)
                ? null
                : $"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{LabelPattern}')";
        }

        return name.Length <= 253 && Subdomain().IsMatch(name)
            ? null
            : $"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{SubdomainPattern}')";
    }

    /// <summary>A generated name: the prefix (trimmed to fit) and five random characters, as the API server does.</summary>
    public static string Generate(string prefix, Random random)
    {
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }

        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GenerateChars[random.Next(GenerateChars.Length)];
        }

        return prefix + new string(suffix);
    }

    [GeneratedRegex("^" + SubdomainPattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex("^" + LabelPattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
