using JobSet.Host.Cli;

namespace JobSet.Host;

/// <summary>The <c>jobset</c> command.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await CommandLineApp.RunAsync(args, Console.In, Console.Out, Console.Error, cancel.Token, stdoutIsTerminal: !Console.IsOutputRedirected).ConfigureAwait(false);
    }
}
