using System.Text.RegularExpressions;

namespace JobSet.Core.Planning;

/// <summary>
/// onJobFailureMessagePatterns with RE2 semantics as far as .NET allows: linear-time matching
/// (non-backtracking engine, so constructs RE2 lacks, such as backreferences and lookarounds,
/// are rejected), unanchored search, Go's <c>(?P&lt;name&gt;...)</c> group syntax accepted. A
/// pattern that does not compile is skipped, as upstream logs and skips it. Each pattern is
/// compiled once per reconcile.
/// </summary>
internal sealed class FailureMessagePatterns
{
    private readonly Dictionary<string, Regex?> _compiled = new(StringComparer.Ordinal);

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

    /// <summary>The compiled pattern, or null when it is not a valid RE2 pattern.</summary>
    public Regex? Compile(string pattern)
    {
        if (_compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        try
        {
            regex = new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            regex = null;
        }

        _compiled[pattern] = regex;
        return regex;
    }
}
