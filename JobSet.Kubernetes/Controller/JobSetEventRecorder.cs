using JobSet.Core.Api;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// Writes Kubernetes Events about JobSets as client-go's recorder does: through
/// <c>events.k8s.io/v1</c> (falling back to <c>core/v1</c> when the server does not serve it),
/// correlated so that a repeat of the same event on the same object bumps the existing object's
/// count instead of creating a new one. Failures are logged and never fail a reconcile.
/// </summary>
internal sealed partial class JobSetEventRecorder
{
    /// <summary>The reporting controller, as upstream's recorder names it.</summary>
    public const string ReportingController = "jobset";

    /// <summary>The action upstream records with every event.</summary>
    public const string Action = "Reconciling";

    // client-go keeps 4096 correlation entries; older ones are forgotten (a repeat then creates a new object).
    private const int MaxCorrelations = 4096;

    private readonly IKubernetes client;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string instance;
    private readonly ConcurrentDictionary<(string Uid, string Type, string Reason, string Message), Series> seen = new();
    private volatile bool coreOnly;

    public JobSetEventRecorder(IKubernetes client, TimeProvider time, ILogger logger, string instance)
    {
        this.client = client;
        this.time = time;
        this.logger = logger;
        this.instance = instance;
    }

    /// <summary>Records one event on <paramref name="regarding"/>.</summary>
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var key = (regarding.Metadata?.Uid ?? regarding.Metadata?.Name ?? "", type, reason, message);
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            if (seen.TryGetValue(key, out var series))
            {
                await BumpAsync(series, now, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (seen.Count >= MaxCorrelations)
            {
                seen.Clear();
            }

            seen[key] = await CreateAsync(regarding, type, reason, message, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            seen.TryRemove(key, out _);
            LogEventFailed(logger, reason, regarding.Metadata?.NamespaceProperty, regarding.Metadata?.Name, KubeErrors.Message(ex));
        }
    }

    private async Task<Series> CreateAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, DateTime now, CancellationToken cancellationToken)
    {
        var ns = regarding.NamespaceOrDefault();
        var name = EventName(regarding.Metadata?.Name ?? "", now);
        var reference = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Name = regarding.Metadata?.Name,
            NamespaceProperty = ns,
            Uid = regarding.Metadata?.Uid,
            ResourceVersion = regarding.Metadata?.ResourceVersion,
        };
        if (!coreOnly)
        {
            try
            {
                var created = await client.EventsV1.CreateNamespacedEventAsync(
                    new Eventsv1Event
                    {
                        ApiVersion = "events.k8s.io/v1",
                        Kind = "Event",
                        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                        EventTime = now,
                        ReportingController = ReportingController,
                        ReportingInstance = instance,
                        Action = Action,
                        Reason = reason,
                        Regarding = reference,
                        Note = message,
                        Type = type,
                    },
                    ns,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return new Series(ns, created.Metadata.Name, Core: false, now) { Count = 1 };
            }
            catch (Exception ex) when (KubeErrors.Status(ex) == HttpStatusCode.NotFound && !KubeErrors.Message(ex).Contains("namespace", StringComparison.OrdinalIgnoreCase))
            {
                // The server does not serve events.k8s.io/v1: use core/v1 from now on.
                coreOnly = true;
            }
        }

        var core = await client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                ApiVersion = "v1",
                Kind = "Event",
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                InvolvedObject = reference,
                Reason = reason,
                Message = message,
                Type = type,
                Action = Action,
                Count = 1,
                FirstTimestamp = now,
                LastTimestamp = now,
                Source = new V1EventSource { Component = ReportingController },
                ReportingComponent = ReportingController,
                ReportingInstance = instance,
            },
            ns,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Series(ns, core.Metadata.Name, Core: true, now) { Count = 1 };
    }

    private async Task BumpAsync(Series series, DateTime now, CancellationToken cancellationToken)
    {
        var count = Interlocked.Increment(ref series.Count);
        var stamp = now.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        if (series.Core)
        {
            var body = new JsonObject { ["count"] = count, ["lastTimestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
            var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
            await client.CoreV1.PatchNamespacedEventAsync(patch, series.Name, series.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var body = new JsonObject { ["series"] = new JsonObject { ["count"] = count, ["lastObservedTime"] = stamp } };
            var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
            await client.EventsV1.PatchNamespacedEventAsync(patch, series.Name, series.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>client-go's event names: the object's name and the time in hexadecimal nanoseconds.</summary>
    private static string EventName(string objectName, DateTime now) =>
        objectName + "." + ((now.Ticks - DateTime.UnixEpoch.Ticks) * 100).ToString("x", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} on JobSet {Namespace}/{Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string? @namespace, string? name, string error);

    private sealed record Series(string Namespace, string Name, bool Core, DateTime First)
    {
        public int Count;
    }
}
