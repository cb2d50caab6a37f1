using System.Net;
using k8s.Autorest;

namespace JobSet.Kubernetes.Controller;

/// <summary>Reads the HTTP status of a failed KubernetesClient call.</summary>
internal static class KubeErrors
{
    public static HttpStatusCode? Status(Exception ex) => ex switch
    {
        HttpOperationException http => http.Response?.StatusCode,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Status(aggregate.InnerExceptions[0]),
        _ => null,
    };

    public static bool IsNotFound(Exception ex) => Status(ex) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception ex) => Status(ex) == HttpStatusCode.Conflict;

    public static bool IsAlreadyExists(Exception ex) => Status(ex) == HttpStatusCode.Conflict && Body(ex).Contains("AlreadyExists", StringComparison.Ordinal);

    /// <summary>A one-line description: the Status message the server sent, else the exception's.</summary>
    public static string Message(Exception ex)
    {
        if (ex is HttpOperationException http && http.Response?.Content is { Length: > 0 } content)
        {
            try
            {
                var status = k8s.KubernetesJson.Deserialize<k8s.Models.V1Status>(content);
                if (!string.IsNullOrEmpty(status?.Message))
                {
                    return status.Message;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a Status body: fall through to the exception's own message.
            }
        }

        return ex.Message.ReplaceLineEndings(" ");
    }

    private static string Body(Exception ex) => ex switch
    {
        HttpOperationException http => http.Response?.Content ?? "",
        AggregateException { InnerExceptions.Count: 1 } aggregate => Body(aggregate.InnerExceptions[0]),
        _ => "",
    };
}
