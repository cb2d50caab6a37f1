namespace JobSet.Core.Admission;

/// <summary>One validation problem: the field path (<c>spec.replicatedJobs[0].name</c>) and what is wrong.</summary>
/// <param name="Path">The field path, as Kubernetes prints it.</param>
/// <param name="Message">What is wrong, worded with upstream's key words.</param>
public sealed record FieldError(string Path, string Message)
{
    /// <summary>The one-line form printed by the command line: <c>path: message</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
