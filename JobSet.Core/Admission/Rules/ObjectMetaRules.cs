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

    /// <summary>The longest name part of a label or annotation key.</summary>
    private const int QualifiedNameMaxLength = 63;

    /// <summary>apimachinery's RegexError for a qualified name, with its examples.</summary>
    private const string QualifiedNameError =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
        + QualifiedNamePattern + "')";

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
        return generateName[..Math.Min(generateName.Length, MaxGenerateNamePrefixLength)];
    }

    /// <summary>
    /// The label and annotation problems of an object's metadata (empty when valid): one error per
    /// problem, as the API server reports them (a bad key can break several rules).
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(IEnumerable<KeyValuePair<string, string>>? labels, IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        var errors = new List<FieldError>();
        foreach (var (key, value) in labels ?? [])
        {
            // A null value (JSON null) reads as the empty string, as Go reads it into a map[string]string.
            var text = value ?? "";
            errors.AddRange(KeyProblems(key).Select(problem => FieldErrors.Invalid("metadata.labels", key, problem)));
            errors.AddRange(LabelValueProblems(text).Select(problem => FieldErrors.Invalid("metadata.labels", text, problem)));
        }

        long size = 0;
        foreach (var (key, value) in annotations ?? [])
        {
            // Annotation keys are label keys, except that case does not matter.
            errors.AddRange(KeyProblems(key.ToLowerInvariant()).Select(problem => FieldErrors.Invalid("metadata.annotations", key, problem)));
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value ?? "");
        }

        if (size > TotalAnnotationSizeLimitBytes)
        {
            errors.Add(FieldErrors.TooLong("metadata.annotations", TotalAnnotationSizeLimitBytes));
        }

        return errors;
    }

    /// <summary>Why a label value is invalid (more than 63 characters, not alphanumeric at both ends); empty when valid.</summary>
    public static IReadOnlyList<string> LabelValueProblems(string value) =>
        KubeNames.LabelValue(value, KubeNames.MaxLengthError(KubeNames.LabelValueMaxLength));

    /// <summary>
    /// Why a label or annotation key is invalid (apimachinery's <c>IsQualifiedName</c>): an
    /// optional DNS-1123 subdomain prefix and a slash, then a name of at most 63 characters,
    /// alphanumeric at both ends; every rule broken, in upstream's order. Empty when valid.
    /// </summary>
    public static IReadOnlyList<string> KeyProblems(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length > 2)
        {
            return ["a qualified name " + QualifiedNameError + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        var errors = new List<string>();
        if (parts.Length == 2)
        {
            if (parts[0].Length == 0)
            {
                errors.Add("prefix part must be non-empty");
            }
            else
            {
                errors.AddRange(KubeNames.Dns1123Subdomain(parts[0]).Select(problem => "prefix part " + problem));
            }
        }

        var name = parts[^1];
        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > QualifiedNameMaxLength)
        {
            errors.Add("name part " + KubeNames.MaxLengthError(QualifiedNameMaxLength));
        }

        if (!QualifiedName().IsMatch(name))
        {
            errors.Add("name part " + QualifiedNameError);
        }

        return errors;
    }

    [GeneratedRegex("^" + QualifiedNamePattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();
}
