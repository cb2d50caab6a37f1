namespace JobSet.Core.Serialization;

/// <summary>
/// The bounds every reader of untrusted YAML or JSON applies, in the command line and in the
/// embedded API server alike, so that no input can exhaust the stack or the memory.
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// The deepest nesting of mappings and sequences (64): System.Text.Json's default, so every
    /// object read from YAML can also be read back as JSON by any client.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// How many nodes alias expansion (<c>*alias</c> and <c>&lt;&lt;</c> merge keys) may copy into one
    /// document: 100,000 nodes. A 400-byte "billion laughs" document reaches it in a few levels.
    /// </summary>
    public const int MaxAliasNodes = 100_000;

    /// <summary>How many nodes one YAML or JSON stream may produce in total (4,000,000).</summary>
    public const int MaxNodes = 4_000_000;

    /// <summary>The largest manifest file the command line reads (64 MiB).</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The longest number literal accepted (100 characters). Numbers must also be a 64-bit
    /// integer or a finite 64-bit float, as the API server's decoder requires.
    /// </summary>
    public const int MaxNumberLength = 100;
}
