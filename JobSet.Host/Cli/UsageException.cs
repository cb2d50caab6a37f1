namespace JobSet.Host.Cli;

/// <summary>A command line that cannot be run as given; exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
