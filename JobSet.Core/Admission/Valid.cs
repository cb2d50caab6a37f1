namespace JobSet.Core.Admission;

/// <summary>
/// The input is accepted: the one accepted case of every validation result in JobSet.Core
/// (<see cref="ValidationResult"/> for JobSets, <c>PodValidationResult</c> for pods). Each result
/// pairs it with its own rejected case and answers <c>IsValid</c>.
/// </summary>
public sealed record Valid
{
    /// <summary>The single accepted outcome.</summary>
    public static Valid Instance { get; } = new();
}
