using JobSet.Host.Cli;

namespace JobSet.Tests.TestSupport;

/// <summary>The outcome of one in-process run of the <c>jobset</c> command.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the <c>jobset</c> command in-process, exactly as Program.Main does.</summary>
public static class CliRunner
{
    /// <summary>Runs <c>jobset args...</c> with empty stdin.</summary>
    public static CliResult Run(params string[] args) => RunWithInput("", args);

    /// <summary>Runs <c>jobset args...</c> with the given stdin (for <c>-f -</c>).</summary>
    public static CliResult RunWithInput(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CommandLineApp.RunAsync(args, input, output, error, CancellationToken.None).GetAwaiter().GetResult();
        return new CliResult(code, output.ToString(), error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
