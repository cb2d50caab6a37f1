using OneOf;

namespace JobSet.Core.Admission;

/// <summary>The input is rejected for these reasons (never empty).</summary>
/// <param name="Errors">The problems, in the order the rules run.</param>
public sealed record Invalid(IReadOnlyList<FieldError> Errors);

/// <summary>The outcome of validating a JobSet: <see cref="Valid"/> or <see cref="Invalid"/>.</summary>
public sealed class ValidationResult : OneOfBase<Valid, Invalid>
{
    private ValidationResult(OneOf<Valid, Invalid> value)
        : base(value)
    {
    }

    /// <summary>Wraps the accepted outcome.</summary>
    public static implicit operator ValidationResult(Valid value) => new(value);

    /// <summary>Wraps the rejected outcome.</summary>
    public static implicit operator ValidationResult(Invalid value) => new(value);

    /// <summary>Valid when there are no errors, else Invalid with them.</summary>
    public static ValidationResult From(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? Valid.Instance : new Invalid(errors);
    }

    /// <summary>Whether the input was accepted.</summary>
    public bool IsValid => IsT0;

    /// <summary>The errors (empty when valid).</summary>
    public IReadOnlyList<FieldError> Errors => Match(_ => (IReadOnlyList<FieldError>)[], invalid => invalid.Errors);
}
