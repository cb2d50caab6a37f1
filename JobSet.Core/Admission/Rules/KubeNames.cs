using System.Text.RegularExpressions;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Kubernetes' name rules (apimachinery's <c>util/validation</c>) with its exact messages:
/// DNS-1035 labels, DNS-1123 subdomains, label values and domain-prefixed paths.
/// Each check returns the messages of the rules broken (none when valid).
/// </summary>
public static partial class KubeNames
{
    /// <summary>The longest DNS-1035 label.</summary>
    public const int Dns1035LabelMaxLength = 63;

    /// <summary>The longest DNS-1123 subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>The longest label value.</summary>
    public const int LabelValueMaxLength = 63;

    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string LabelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
    private const string HttpPathFormat = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

    /// <summary>The message of a value longer than <paramref name="length"/>.</summary>
    public static string MaxLengthError(int length) => $"must be no more than {length} characters";

    /// <summary>
    /// The message of a label value longer than <paramref name="length"/>: apimachinery's label
    /// checks (its <c>content</c> package) say bytes where the DNS checks say characters.
    /// </summary>
    public static string MaxBytesError(int length) => $"must be no more than {length} bytes";

    /// <summary>Checks a DNS-1035 label: lower-case alphanumerics and '-', starting with a letter, at most 63.</summary>
    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>(2);
        if (value.Length > Dns1035LabelMaxLength)
        {
            errors.Add(MaxLengthError(Dns1035LabelMaxLength));
        }

        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                Dns1035LabelFormat,
                "my-name",
                "abc-123"));
        }

        return errors;
    }

    /// <summary>Checks a DNS-1123 label: lower-case alphanumerics and '-', alphanumeric at both ends, at most 63 (namespace names).</summary>
    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>(2);
        if (value.Length > Dns1035LabelMaxLength)
        {
            errors.Add(MaxLengthError(Dns1035LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                Dns1123LabelFormat,
                "my-name",
                "123-abc"));
        }

        return errors;
    }

    /// <summary>Checks a DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253.</summary>
    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>(2);
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLengthError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                Dns1123SubdomainFormat,
                "example.com"));
        }

        return errors;
    }

    /// <summary>Checks a label value: empty, or alphanumerics with '-', '_', '.' inside, at most 63.</summary>
    public static IReadOnlyList<string> LabelValue(string value) => LabelValue(value, MaxBytesError(LabelValueMaxLength));

    /// <summary>
    /// <see cref="LabelValue(string)"/> with the "too long" message given: Kubernetes 1.32's
    /// apimachinery says characters, the newer one upstream JobSet builds with says bytes.
    /// </summary>
    internal static IReadOnlyList<string> LabelValue(string value, string tooLongMessage)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>(2);
        if (value.Length > LabelValueMaxLength)
        {
            errors.Add(tooLongMessage);
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                LabelValueFormat,
                "MyValue",
                "my_value",
                "12345"));
        }

        return errors;
    }

    /// <summary>
    /// Checks a domain-prefixed path such as <c>acme.io/foo</c>: a DNS-1123 subdomain, a slash,
    /// then HTTP path characters. Returns (offending value, message) pairs, as upstream reports
    /// the host or the path part rather than the whole value. The caller reports an empty value
    /// as required.
    /// </summary>
    public static IReadOnlyList<(string Value, string Message)> DomainPrefixedPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return [(value, "must be a domain-prefixed path (such as \"acme.io/foo\")")];
        }

        var host = value[..slash];
        var path = value[(slash + 1)..];
        var errors = Dns1123Subdomain(host).Select(m => (host, m)).ToList();
        if (!HttpPathRegex().IsMatch(path))
        {
            errors.Add((path, RegexError("Invalid path", HttpPathFormat)));
        }

        return errors;
    }

    /// <summary>apimachinery's RegexError: the message, examples and the regular expression used.</summary>
    private static string RegexError(string message, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return $"{message} (regex used for validation is '{format}')";
        }

        // Upstream joins examples with "', " then " or ", giving the double space users know.
        var text = message + " (e.g. ";
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                text += " or ";
            }

            text += "'" + examples[i] + "', ";
        }

        return text + "regex used for validation is '" + format + "')";
    }

    [GeneratedRegex("^" + Dns1035LabelFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex("^" + Dns1123LabelFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + HttpPathFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HttpPathRegex();
}
