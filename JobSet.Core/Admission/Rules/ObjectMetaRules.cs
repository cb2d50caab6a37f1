using System.Text;
using System.Text.RegularExpressions;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// The API server's ObjectMeta rules (apimachinery's <c>ValidateObjectMeta</c>): object names,
/// generated names, label keys and values, annotation keys and the annotations' total size.
/// The one implementation used by the embedded cluster's store and by <c>jobset validate</c>,
/// so the command line accepts exactly what the server accepts.
/// </summary>
public static partial class ObjectMetaRules
{
    /// <summary>The most bytes all annotations of one object may hold (keys and values): 256 KiB.</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    /// <summary>The longest generateName prefix kept; the API server appends <see cref="GeneratedSuffixLength"/> random characters.</summary>
    public const int MaxGenerateNamePrefixLength = 58;

    /// <summary>How many random characters a generated name gets.</summary>
    public const int GeneratedSuffixLength = 5;

    /// <summary>The characters of generated-name suffixes (no vowels, no confusable digits), as the API server uses.</summary>
    public const string GeneratedSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private const string QualifiedNamePattern = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    /// <summary>The problems of an object name: a DNS-1123 label for namespaces, a DNS-1123 subdomain otherwise.</summary>
    public static IReadOnlyList<string> NameProblems(string name, bool isNamespace)
    {
        ArgumentNullException.ThrowIfNull(name);
        return isNamespace ? KubeNames.Dns1123Label(name) : KubeNames.Dns1123Subdomain(name);
    }

    /// <summary>The prefix a generated name starts with: <paramref name="generateName"/> cut to <see cref="MaxGenerateNamePrefixLength"/>.</summary>
    public static string GenerateNamePrefix(string generateName)
    {
        ArgumentNullException.ThrowIfNull(generateName);
        return generateName.Length > MaxGenerateNamePrefixLength ? generateName[..MaxGenerateNamePrefixLength] : generateName;
    }

    /// <summary>The label and annotation problems of an object's metadata (empty when valid).</summary>
    public static IReadOnlyList<FieldError> Validate(IEnumerable<KeyValuePair<string, string>>? labels, IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        var errors = new List<FieldError>();
        foreach (var (key, value) in labels ?? [])
        {
            if (KeyProblem(key) is { } keyProblem)
            {
                errors.Add(new("metadata.labels", $"Invalid value: \"{key}\": {keyProblem}"));
            }

            if (LabelValueProblem(value ?? "") is { } valueProblem)
            {
                errors.Add(new("metadata.labels", $"Invalid value: \"{value}\": {valueProblem}"));
            }
        }

        long size = 0;
        foreach (var (key, value) in annotations ?? [])
        {
            if (KeyProblem(key.ToLowerInvariant()) is { } keyProblem)
            {
                errors.Add(new("metadata.annotations", $"Invalid value: \"{key}\": {keyProblem}"));
            }

            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value ?? "");
        }

        if (size > TotalAnnotationSizeLimitBytes)
        {
            errors.Add(new("metadata.annotations", $"Too long: may not be more than {TotalAnnotationSizeLimitBytes} bytes"));
        }

        return errors;
    }

    /// <summary>Why a label value is invalid (at most 63 characters, alphanumeric at both ends), or null.</summary>
    public static string? LabelValueProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > KubeNames.LabelValueMaxLength)
        {
            return KubeNames.MaxLengthError(KubeNames.LabelValueMaxLength);
        }

        return value.Length == 0 || QualifiedName().IsMatch(value)
            ? null
            : $"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(({QualifiedNamePattern})?')";
    }

    /// <summary>Why a label or annotation key is invalid (an optional DNS subdomain prefix and a name of at most 63 characters), or null.</summary>
    public static string? KeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || KubeNames.Dns1123Subdomain(prefix).Count > 0)
            {
                return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > 63)
        {
            return "name part must be no more than 63 characters";
        }

        return QualifiedName().IsMatch(name)
            ? null
            : $"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '{QualifiedNamePattern}')";
    }

    [GeneratedRegex("^" + QualifiedNamePattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();
}
