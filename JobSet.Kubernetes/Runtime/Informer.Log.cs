using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Runtime;

/// <summary>The informer's log messages (source-generated).</summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} informer synced: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogSynced(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} informer relisted: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogRelisted(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} watch: resourceVersion {ResourceVersion} expired; relisting")]
    private static partial void LogExpired(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Operation} failed; retrying in {DelaySeconds:0.###} s")]
    private static partial void LogFailed(ILogger logger, string kind, string operation, double delaySeconds, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} watch sent nothing for {IdleSeconds} s; restarting it")]
    private static partial void LogIdle(ILogger logger, string kind, double idleSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Kind} informer handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string kind, Exception ex);
}
