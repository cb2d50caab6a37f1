namespace JobSet.Core.Serialization;

/// <summary>
/// Input that cannot be read as the expected Kubernetes objects. The message is one line
/// that names the source and, where known, the field.
/// </summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ManifestException()
        : base("the manifest could not be read")
    {
    }
}
