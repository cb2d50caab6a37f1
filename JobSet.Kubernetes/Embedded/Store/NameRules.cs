using JobSet.Core.Admission.Rules;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>The store's use of Core's object-name rules (<see cref="ObjectMetaRules"/>): the checks, and generated names with the store's random source.</summary>
internal static class NameRules
{
    /// <summary>The problems with a name (none when valid).</summary>
    public static IReadOnlyList<string> Problems(ResourceType type, string name) =>
        ObjectMetaRules.NameProblems(name, isNamespace: type == ResourceType.Namespaces);

    /// <summary>A generated name: the prefix (trimmed to fit) and five random characters, as the API server does.</summary>
    public static string Generate(string prefix, Random random)
    {
        Span<char> suffix = stackalloc char[ObjectMetaRules.GeneratedSuffixLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = ObjectMetaRules.GeneratedSuffixAlphabet[random.Next(ObjectMetaRules.GeneratedSuffixAlphabet.Length)];
        }

        return ObjectMetaRules.GenerateNamePrefix(prefix) + new string(suffix);
    }
}
