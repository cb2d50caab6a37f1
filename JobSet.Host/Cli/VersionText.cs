using System.Reflection;

namespace JobSet.Host.Cli;

/// <summary>The version <c>jobset --version</c> and <c>jobset run</c> print.</summary>
internal static class VersionText
{
    /// <summary>
    /// The package version, with the first 7 characters of the commit when the build knew it
    /// (<c>0.1.0+1a2b3c4</c>).
    /// </summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(VersionText).Assembly.GetName().Version?.ToString(3)
            ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && informational.Length > plus + 8 ? informational[..(plus + 8)] : informational;
    }
}
