using System.Net;
using k8s.Autorest;
using k8s.Models;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// The resourceVersion a watch (or a list continuation) asked for is older than the server keeps
/// (HTTP 410 Gone, reason Expired): the informer must list again.
/// </summary>
public sealed class ResourceExpiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResourceExpiredException()
        : this("the requested resourceVersion is too old (410 Expired)")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ResourceExpiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ResourceExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether an exception from a list or watch means "410 Expired / Gone".</summary>
    public static bool IsExpired(Exception exception) => exception switch
    {
        ResourceExpiredException => true,
        k8s.KubernetesException k => IsExpired(k.Status),
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    /// <summary>Whether a Status says "410 Expired / Gone".</summary>
    public static bool IsExpired(V1Status? status) =>
        status is not null && (status.Code == 410 || status.Reason is "Expired" or "Gone");
}
