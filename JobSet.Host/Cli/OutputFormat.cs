namespace JobSet.Host.Cli;

/// <summary>The formats of <c>-o</c> (<c>--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>YAML (the default).</summary>
    Yaml,

    /// <summary>Indented JSON.</summary>
    Json,

    /// <summary>A short table for people (<c>jobset plan</c> only).</summary>
    Summary,
}
