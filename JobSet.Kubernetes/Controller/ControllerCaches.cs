using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// The informers the controller watches through, and the reads the reconcilers make of them.
/// JobSets; Jobs and PersistentVolumeClaims carrying the jobset-name label; Services reduced to
/// their metadata (the headless Service carries no JobSet label, as upstream's, and a Service a
/// user made under the subdomain's name must be seen); for exclusive placement, pods carrying
/// the jobset-name label (pods without the exclusive-topology annotation reduced to metadata)
/// and nodes reduced to their labels.
/// </summary>
internal sealed class ControllerCaches : IControllerCache, IPlacementCache
{
    public const string ByOwner = Indexes.ControllerUidName;
    public const string ByJobSetName = "jobset-name";
    public const string ByJobKey = "job-key";

    private static readonly string JobSetLabel = WellKnownKeys.JobSetName;

    public ControllerCaches(k8s.IKubernetes client, bool placement, TimeProvider time, ILoggerFactory loggers)
    {
        JobSets = new Informer<V1alpha2JobSet>(
            ListWatches.CustomObjects<V1alpha2JobSet>(client, ApiGroup.Name, ApiGroup.Version, ApiGroup.JobSetPlural, null),
            new InformerOptions { Time = time },
            loggers.CreateLogger<Informer<V1alpha2JobSet>>());
        Jobs = new Informer<V1Job>(ListWatches.Jobs(client, JobSetLabel), new InformerOptions<V1Job> { Time = time, Transform = JobCacheTransform.Apply }, loggers.CreateLogger<Informer<V1Job>>());
        Jobs.AddIndex(ByOwner, Indexes.ControllerUid);
        Services = new Informer<V1Service>(
            ListWatches.Services(client, null),
            new InformerOptions<V1Service> { Time = time, Transform = s => { s.Spec = null; s.Status = null; s.Metadata.ManagedFields = null; s.Metadata.Annotations = null; } },
            loggers.CreateLogger<Informer<V1Service>>());
        Claims = new Informer<V1PersistentVolumeClaim>(ListWatches.PersistentVolumeClaims(client, JobSetLabel), new InformerOptions { Time = time }, loggers.CreateLogger<Informer<V1PersistentVolumeClaim>>());
        Claims.AddIndex(ByJobSetName, c => [(c.Metadata.NamespaceProperty ?? "") + "/" + (c.GetLabel(JobSetLabel) ?? "")]);
        if (placement)
        {
            Pods = new Informer<V1Pod>(
                ListWatches.Pods(client, JobSetLabel),
                new InformerOptions<V1Pod> { Time = time, Transform = ReducePod },
                loggers.CreateLogger<Informer<V1Pod>>());
            Pods.AddIndex(ByJobKey, p => p.GetLabel(WellKnownKeys.JobKey) is { } key ? [(p.Metadata.NamespaceProperty ?? "") + "/" + key] : []);
            Nodes = new Informer<V1Node>(
                ListWatches.Nodes(client, null),
                new InformerOptions<V1Node> { Time = time, Transform = n => { n.Spec = null; n.Status = null; n.Metadata.ManagedFields = null; n.Metadata.Annotations = null; } },
                loggers.CreateLogger<Informer<V1Node>>());
        }
    }

    public Informer<V1alpha2JobSet> JobSets { get; }

    public Informer<V1Job> Jobs { get; }

    public Informer<V1Service> Services { get; }

    public Informer<V1PersistentVolumeClaim> Claims { get; }

    public Informer<V1Pod>? Pods { get; }

    public Informer<V1Node>? Nodes { get; }

    /// <summary>Whether every informer finished its first list.</summary>
    public bool Synced => JobSets.HasSynced && Jobs.HasSynced && Services.HasSynced && Claims.HasSynced && (Pods?.HasSynced ?? true) && (Nodes?.HasSynced ?? true);

    /// <summary>Runs every informer until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var runs = new List<Task> { JobSets.RunAsync(cancellationToken), Jobs.RunAsync(cancellationToken), Services.RunAsync(cancellationToken), Claims.RunAsync(cancellationToken) };
        if (Pods is not null && Nodes is not null)
        {
            runs.Add(Pods.RunAsync(cancellationToken));
            runs.Add(Nodes.RunAsync(cancellationToken));
        }

        return Task.WhenAll(runs);
    }

    /// <summary>Waits until every informer finished its first list.</summary>
    public async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        await JobSets.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        await Jobs.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        await Services.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        await Claims.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        if (Pods is not null && Nodes is not null)
        {
            await Pods.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            await Nodes.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public V1alpha2JobSet? JobSet(JobSetKey key) => JobSets.Get(key.Namespace, key.Name);

    public IReadOnlyList<V1Job> JobsOwnedBy(string uid) => Jobs.ByIndex(ByOwner, uid);

    public V1Job? Job(string ns, string name) => Jobs.Get(ns, name);

    public V1Service? Service(string ns, string name) => Services.Get(ns, name);

    public IReadOnlyList<V1PersistentVolumeClaim> ClaimsOf(JobSetKey key) => Claims.ByIndex(ByJobSetName, key.Namespace + "/" + key.Name);

    public V1Pod? Pod(string ns, string name) => Pods?.Get(ns, name);

    public IReadOnlyList<V1Pod> PodsOfJob(string ns, string jobKey) => Pods?.ByIndex(ByJobKey, ns + "/" + jobKey) ?? [];

    public V1Node? Node(string name) => Nodes?.Get(null, name);

    /// <summary>Pods placement never judges keep only their metadata; the others lose what placement never reads.</summary>
    private static void ReducePod(V1Pod pod)
    {
        pod.Metadata.ManagedFields = null;
        if (PodFacts.ExclusiveTopologyKey(pod) is null)
        {
            pod.Spec = null;
            pod.Status = null;
            return;
        }

        if (pod.Spec is { } spec)
        {
            pod.Spec = new V1PodSpec { NodeName = spec.NodeName, NodeSelector = spec.NodeSelector, Containers = [] };
        }
    }
}
