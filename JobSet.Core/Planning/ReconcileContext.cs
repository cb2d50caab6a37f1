using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The working state of one reconcile: a private copy of the JobSet whose status the policies
/// change, the actions and events collected so far, and whether the status must be written
/// (upstream's statusUpdateOpts).
/// </summary>
internal sealed class ReconcileContext
{
    public ReconcileContext(V1alpha2JobSet jobSet, DateTimeOffset now, FeatureGates gates)
    {
        JobSet = jobSet;
        jobSet.Status ??= new V1alpha2JobSetStatus();
        Now = now;
        // The API server stores condition times with whole seconds.
        NowSeconds = Times.WholeSeconds(now);
        Gates = gates;
        Layout = new JobSetLayout(jobSet);
    }

    public V1alpha2JobSet JobSet { get; }

    public V1alpha2JobSetStatus Status => JobSet.Status!;

    public string Namespace => JobSet.NamespaceOrDefault();

    public string Name => InputCheckStep.NameOf(JobSet);

    public DateTimeOffset Now { get; }

    public DateTime NowSeconds { get; }

    public FeatureGates Gates { get; }

    public JobSetLayout Layout { get; }

    public List<PlanAction> Actions { get; } = [];

    public List<PlanEvent> Events { get; } = [];

    public bool StatusChanged { get; set; }

    public TimeSpan? RequeueAfter { get; set; }

    public bool Suspended => JobSet.Spec.Suspend ?? false;

    public void Create(k8s.IKubernetesObject<V1ObjectMeta> obj) => Actions.Add(new CreateAction(obj));

    public void Update(V1Job job, JobChanges changes) => Actions.Add(new UpdateAction(job) { Changes = changes });

    /// <summary>Deletes with foreground propagation, skipping objects already being deleted (as upstream).</summary>
    public void Delete(k8s.IKubernetesObject<V1ObjectMeta> obj)
    {
        if (obj.Metadata?.DeletionTimestamp is null)
        {
            Actions.Add(new DeleteAction(obj, PropagationPolicy.Foreground));
        }
    }
}
