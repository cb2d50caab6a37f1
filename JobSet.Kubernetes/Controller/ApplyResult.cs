namespace JobSet.Kubernetes.Controller;

/// <summary>How applying one plan ended.</summary>
/// <param name="Error">Null when every write succeeded; otherwise one line saying what failed.</param>
/// <param name="Conflict">The JobSet's status write met a newer version (retry with fresh state; not a failure).</param>
/// <param name="StatusWritten">The JobSet's status was written.</param>
internal readonly record struct ApplyResult(string? Error, bool Conflict, bool StatusWritten)
{
    public static ApplyResult Succeeded(bool statusWritten) => new(null, false, statusWritten);

    public static ApplyResult Failed(string error) => new(error, false, false);

    public static ApplyResult Conflicted { get; } = new("the JobSet changed since it was read (conflict)", true, false);
}
