using JobSet.Host.Cli;

namespace JobSet.Host.Verbs;

/// <summary>One verb of the <c>jobset</c> command.</summary>
internal interface IVerb
{
    /// <summary>The verb as typed (<c>validate</c>).</summary>
    string Name { get; }

    /// <summary>One line saying what it does.</summary>
    string Summary { get; }

    /// <summary>The options it accepts.</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs the verb and returns its exit code (<see cref="ExitCodes"/>).</summary>
    Task<int> RunAsync(VerbContext context);
}
