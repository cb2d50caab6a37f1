using System.Globalization;
using JobSet.Core.Api;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// Writes core/v1 Events for what the simulated controllers do, so <c>kubectl describe</c>
/// and <c>kubectl get events</c> tell the story. Names use a counter, not the random source,
/// so turning events off does not change pod names.
/// </summary>
internal sealed class EventRecorder(SimulationContext context)
{
    private long counter;

    /// <summary>Records an event about an object (when <see cref="SimulationOptions.RecordEvents"/> is on).</summary>
    public void Record(string component, string apiVersion, string kind, V1ObjectMeta about, string type, string reason, string message)
    {
        if (!context.Options.RecordEvents)
        {
            return;
        }

        var now = SimulationContext.Timestamp(context.Now);
        var suffix = (Interlocked.Increment(ref counter) + (now.Ticks / TimeSpan.TicksPerSecond * 1000)).ToString("x16", CultureInfo.InvariantCulture);
        var recorded = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{about.Name}.{suffix}", NamespaceProperty = about.NamespaceProperty ?? NamespaceDefaults.Default },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = apiVersion,
                Kind = kind,
                Name = about.Name,
                NamespaceProperty = about.NamespaceProperty,
                Uid = about.Uid,
                ResourceVersion = about.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = type,
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = component + "-sim",
        };
        try
        {
            context.Store.Create(ResourceType.Events, recorded);
        }
        catch (StoreException ex)
        {
            // An event is best effort (e.g. the namespace is terminating).
            SimulationLog.WorkFailed(context.Logger, WorkKind.Job, about.NamespaceProperty, about.Name, ex.Message);
        }
    }
}
