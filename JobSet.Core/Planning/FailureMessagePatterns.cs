using System.Text.RegularExpressions;

namespace JobSet.Core.Planning;

/// <summary>
/// onJobFailureMessagePatterns with Go's RE2 semantics: each pattern is rewritten from Go's
/// dialect into .NET's (<see cref="Re2Syntax"/>) and run on the non-backtracking engine
/// (linear time, unanchored search, as Go's <c>regexp.MatchString</c>). A pattern Go would not
/// compile is skipped, as upstream logs and skips it. Each pattern is compiled once per reconcile.
/// </summary>
internal sealed class FailureMessagePatterns
{
    private readonly Dictionary<string, Regex?> compiled = new(StringComparer.Ordinal);

    /// <summary>Whether any valid pattern matches the message.</summary>
    public bool AnyMatch(IEnumerable<string> patterns, string message)
    {
        foreach (var pattern in patterns)
        {
            if (Compile(pattern) is { } regex && regex.IsMatch(message))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The compiled pattern, or null when Go would not compile it (or .NET cannot express it).</summary>
    public Regex? Compile(string pattern)
    {
        if (compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        try
        {
            regex = Re2Syntax.ToDotNet(pattern) is { } translated
                ? new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)
                : null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            regex = null;
        }

        compiled[pattern] = regex;
        return regex;
    }
}
