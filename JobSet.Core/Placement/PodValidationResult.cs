using JobSet.Core.Admission;
using OneOf;

namespace JobSet.Core.Placement;

/// <summary>The outcome of validating a pod's creation: <see cref="Valid"/> or a <see cref="PlacementDenial"/>.</summary>
public sealed class PodValidationResult : OneOfBase<Valid, PlacementDenial>
{
    private PodValidationResult(OneOf<Valid, PlacementDenial> value)
        : base(value)
    {
    }

    /// <summary>Wraps the accepted outcome.</summary>
    public static implicit operator PodValidationResult(Valid value) => new(value);

    /// <summary>Wraps a denial.</summary>
    public static implicit operator PodValidationResult(PlacementDenial denial) => new(denial);

    /// <summary>Whether the pod may be created.</summary>
    public bool IsValid => IsT0;
}
