namespace JobSet.Host.Cli;

/// <summary>The exit codes of every verb (a fixed contract).</summary>
internal static class ExitCodes
{
    /// <summary>Success (for <c>admit-pod</c>, also a denied pod).</summary>
    public const int Success = 0;

    /// <summary>The input is invalid or rejected; one line per problem on stderr.</summary>
    public const int Invalid = 1;

    /// <summary>A usage error or unreadable input; one clear line on stderr.</summary>
    public const int Usage = 2;
}
