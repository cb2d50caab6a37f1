namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// A webhook could not be called or gave no usable answer (the API server's <c>ErrCallingWebhook</c>):
/// its failurePolicy decides whether the request is refused.
/// </summary>
internal sealed class WebhookCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookCallException()
    {
    }

    /// <summary>Creates the exception with the reason the call failed.</summary>
    public WebhookCallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public WebhookCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
