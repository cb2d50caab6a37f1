using JobSet.Core.Placement;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// Runs the embedded cluster's simulated workloads against a store: nodes, a Job controller,
/// a scheduler and a kubelet, all reacting to store changes through one deduplicated work
/// queue and taking time from the store's clock. <see cref="Start"/> reacts in the background;
/// <see cref="RunUntilIdle"/> does all pending work synchronously for deterministic tests.
/// </summary>
public sealed class WorkloadSimulator : IAsyncDisposable
{
    /// <summary>A bound on rounds per pass, so a component that keeps rewriting an object cannot spin forever.</summary>
    private const int MaxRoundsPerPass = 10_000;

    private readonly SimulationContext context;
    private readonly Kubelet kubelet;
    private readonly JobController jobs;
    private readonly Scheduler scheduler;
    private readonly Lock processing = new();
    private readonly CancellationTokenSource stop = new();
    private IDisposable? subscription;
    private Task? loop;

    /// <summary>Creates the simulator; nothing happens until <see cref="Start"/> or <see cref="RunUntilIdle"/>.</summary>
    internal WorkloadSimulator(IClusterStore store, SimulationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        context = new SimulationContext(store, options, logger ?? NullLogger.Instance);
        var events = new EventRecorder(context);
        kubelet = new Kubelet(context);
        jobs = new JobController(context, kubelet, events);
        scheduler = new Scheduler(context, events);
    }

    /// <summary>Creates the nodes, subscribes to the store and reacts to changes in the background.</summary>
    internal void Start()
    {
        lock (processing)
        {
            if (loop is not null)
            {
                return;
            }

            Attach();
            EnqueueEverything();
            loop = Task.Run(() => LoopAsync(stop.Token));
        }
    }

    /// <summary>
    /// Does all work that is due now: reconciles every Job and pod and follows the consequences
    /// until nothing changes. Timers in the future wait for the clock (advance a fake clock and call again).
    /// </summary>
    public void RunUntilIdle()
    {
        lock (processing)
        {
            Attach();
            EnqueueEverything();
            Drain();
        }
    }

    /// <summary>Does the queued and due work only, without the full resync of <see cref="RunUntilIdle"/> (what the background loop does; <paramref name="parallel"/> as it does).</summary>
    internal void DrainPending(bool parallel = false)
    {
        lock (processing)
        {
            Attach();
            Drain(parallel);
        }
    }

    /// <summary>Fails a pod now (phase Failed, containers exited with <paramref name="exitCode"/>), whatever its restart policy.</summary>
    /// <returns>Whether the pod existed and was not finished yet.</returns>
    public bool FailPod(string ns, string name, int exitCode = 1)
    {
        lock (processing)
        {
            var pod = context.Store.Get<V1Pod>(ResourceType.Pods, ns, name);
            if (pod is null || PodFacts.IsFinished(pod))
            {
                return false;
            }

            kubelet.Fail(pod, exitCode, "Error", disruption: null);
            return true;
        }
    }

    /// <summary>Fails every active pod of a Job now.</summary>
    /// <returns>How many pods were failed.</returns>
    public int FailJobPods(string ns, string jobName, int exitCode = 1)
    {
        lock (processing)
        {
            var failed = 0;
            foreach (var pod in context.Store.List<V1Pod>(ResourceType.Pods, ns, $"{JobSet.Core.Api.WellKnownKeys.JobNameLabel}={jobName}"))
            {
                if (!PodFacts.IsFinished(pod) && pod.Metadata.DeletionTimestamp is null)
                {
                    kubelet.Fail(pod, exitCode, "Error", disruption: null);
                    failed++;
                }
            }

            return failed;
        }
    }

    /// <summary>
    /// Removes a node, as when a machine goes away: the node is deleted and its pods fail with a
    /// DisruptionTarget condition (reason DeletionByPodGC) and are deleted, as pod GC does.
    /// </summary>
    /// <returns>Whether the node existed.</returns>
    public bool RemoveNode(string nodeName)
    {
        lock (processing)
        {
            var existed = context.Store.Delete(ResourceType.Nodes, null, nodeName) is not null;
            FailPodsOfLostNode(nodeName);
            return existed;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        subscription?.Dispose();
        stop.Dispose();
    }

    private void Attach()
    {
        if (subscription is not null)
        {
            return;
        }

        var nodes = NodeProvisioner.EnsureNodes(context);
        subscription = context.Store.Subscribe(OnStoreEvent);
        SimulationLog.Started(context.Logger, nodes);
    }

    private void EnqueueEverything()
    {
        foreach (var node in context.Store.List(ResourceType.Nodes, null))
        {
            Observe(ResourceType.Nodes, node, deleted: false);
        }

        foreach (var job in context.Store.List(ResourceType.Jobs, null))
        {
            context.Enqueue(new WorkItem(WorkKind.Job, ObjectMeta.Namespace(job), ObjectMeta.Name(job) ?? ""));
        }

        foreach (var pod in context.Store.List(ResourceType.Pods, null))
        {
            Observe(ResourceType.Pods, pod, deleted: false);
            context.Enqueue(new WorkItem(WorkKind.Pod, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod) ?? ""));
        }
    }

    /// <summary>Store events only enqueue keys; the work itself happens under the processing lock.</summary>
    private void OnStoreEvent(WatchEvent change)
    {
        if (change.Type == WatchEvent.Bookmark)
        {
            return;
        }

        var ns = ObjectMeta.Namespace(change.Object);
        var name = ObjectMeta.Name(change.Object) ?? "";
        Observe(change.Resource, change.Object, change.Type == WatchEvent.Deleted);
        if (change.Resource == ResourceType.Jobs)
        {
            context.Enqueue(new WorkItem(WorkKind.Job, ns, name));
        }
        else if (change.Resource == ResourceType.Pods)
        {
            if (change.Type != WatchEvent.Deleted)
            {
                context.Enqueue(new WorkItem(WorkKind.Pod, ns, name));
            }
            else
            {
                context.Enqueue(new WorkItem(WorkKind.RetryUnschedulable, null, ""));
            }

            if (change.Object["metadata"]?["ownerReferences"] is System.Text.Json.Nodes.JsonArray owners)
            {
                foreach (var owner in owners)
                {
                    if (owner?["kind"]?.GetValue<string>() == "Job" && owner["controller"]?.GetValue<bool>() == true
                        && owner["name"]?.GetValue<string>() is { } jobName)
                    {
                        context.Enqueue(new WorkItem(WorkKind.Job, ns, jobName));
                    }
                }
            }
        }
        else if (change.Resource == ResourceType.Nodes)
        {
            context.Enqueue(new WorkItem(WorkKind.RetryUnschedulable, null, ""));
            if (change.Type == WatchEvent.Deleted)
            {
                context.Enqueue(new WorkItem(WorkKind.NodeGone, null, name));
            }
        }
        else if (change.Resource == ResourceType.Namespaces)
        {
            context.Enqueue(new WorkItem(WorkKind.RetryUnschedulable, null, ""));
        }
    }

    private void Observe(ResourceType type, System.Text.Json.Nodes.JsonObject obj, bool deleted)
    {
        try
        {
            context.Cache.Observe(type, obj, deleted);
        }
#pragma warning disable CA1031 // an object the models cannot read is left out of the cache, not fatal
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SimulationLog.WorkFailed(context.Logger, WorkKind.Pod, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj) ?? "", ex.Message);
        }
    }

    /// <summary>
    /// Processes batches until the queue stays empty. A batch is at most
    /// <see cref="SimulationOptions.MaxKeysPerPass"/> keys, in queue order: lost nodes, then
    /// pods (kubelet), then Jobs, then the pods those Jobs just created, then one scheduling pass
    /// (with the unschedulable pods when capacity was freed, also by this batch), and the kubelet
    /// starts what was just bound. So a pod goes from created to Running in the batch that
    /// creates it, as a real scheduler binds a pod when it arrives and a kubelet starts a bound
    /// pod at once, instead of one batch per step with every other queued key in between.
    /// With <paramref name="parallel"/> the Jobs of a batch, and then its pods, are reconciled by
    /// <see cref="SimulationOptions.Workers"/> threads (each object by one of them; a Job's pods
    /// are its own, a pod's writes its own); the scheduler binds in batch order.
    /// </summary>
    private void Drain(bool parallel = false)
    {
        var workers = parallel ? Math.Max(1, context.Options.Workers) : 1;
        for (var round = 0; round < MaxRoundsPerPass; round++)
        {
            var batch = context.TakeBatch(Math.Max(1, context.Options.MaxKeysPerPass));
            var retry = context.TakeRetryRequest();
            if (batch.Count == 0 && !retry)
            {
                return;
            }

            foreach (var item in batch.Where(i => i.Kind == WorkKind.NodeGone))
            {
                Safely(item, () => FailPodsOfLostNode(item.Name));
            }

            // Pods first (the kubelet's work in parallel; what is left to schedule is collected in
            // order), so that a Job of the batch sees its pods' latest state: a deleted Job whose
            // pod the kubelet just terminated is finished in this batch, not one batch later.
            var podItems = batch.Where(i => i.Kind == WorkKind.Pod).Distinct().ToList();
            var (pending, pendingKeys) = Reconcile(podItems, workers);

            var jobItems = batch.Where(i => i.Kind == WorkKind.Job).Distinct().ToList();
            ForEach(jobItems.Count, workers, i => Safely(jobItems[i], () => jobs.Reconcile(jobItems[i].Namespace!, jobItems[i].Name)));

            // The pods the Jobs just created are scheduled and started in this batch too.
            var created = context.TakeCreatedPods().Where(k => !pendingKeys.Contains(k)).Distinct().ToList();
            var (fresh, freshKeys) = Reconcile(created, workers);
            pending.AddRange(fresh);
            pendingKeys.UnionWith(freshKeys);

            // Capacity freed by this batch too (a pod finished or deleted, a node added) lets the
            // unschedulable pods try again now, not one batch later.
            retry |= context.TakeRetryRequest();
            if (retry)
            {
                var retried = context.Unschedulable.Where(k => !pendingKeys.Contains(k)).ToList();
                var (more, _) = Reconcile(retried, workers);
                pending.AddRange(more);
            }

            var bound = new List<V1Pod>();
            Safely(new WorkItem(WorkKind.RetryUnschedulable, null, "scheduler"), () => bound = scheduler.Schedule(pending));

            // A kubelet starts a pod as soon as it is bound to its node. It is given the pod as
            // the bind stored it and writes only its status, which the scheduler's view ignores.
            ForEach(bound.Count, workers, i => Safely(new WorkItem(WorkKind.Pod, bound[i].Metadata.NamespaceProperty, bound[i].Metadata.Name), () => kubelet.Reconcile(bound[i])));
        }

        SimulationLog.NotSettled(context.Logger, MaxRoundsPerPass);
    }

    /// <summary>
    /// Advances the pods: the kubelet's work for bound or deleted ones (on up to <paramref name="workers"/>
    /// threads); returns the ones left to schedule, in order. A pod that is not (gone, bound, finished) leaves the unschedulable set.
    /// </summary>
    private (List<V1Pod> Pending, HashSet<WorkItem> Keys) Reconcile(List<WorkItem> podItems, int workers)
    {
        var toSchedule = new V1Pod?[podItems.Count];
        ForEach(podItems.Count, workers, i => Safely(podItems[i], () =>
        {
            var pod = context.Store.Get<V1Pod>(ResourceType.Pods, podItems[i].Namespace, podItems[i].Name);
            if (pod is null)
            {
                return;
            }

            if (Scheduler.WantsToSchedule(pod))
            {
                toSchedule[i] = pod;
            }
            else
            {
                kubelet.Reconcile(pod);
            }
        }));

        var pending = new List<V1Pod>();
        var pendingKeys = new HashSet<WorkItem>();
        for (var i = 0; i < podItems.Count; i++)
        {
            if (toSchedule[i] is not { } pod)
            {
                // Gone, bound or finished: no longer the scheduler's.
                context.Unschedulable.Remove(podItems[i]);
            }
            else if (pendingKeys.Add(podItems[i]))
            {
                pending.Add(pod);
            }
        }

        return (pending, pendingKeys);
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1: in order on this thread, or on up to <paramref name="workers"/> threads.</summary>
    private static void ForEach(int count, int workers, Action<int> work)
    {
        if (workers <= 1 || count < 2)
        {
            for (var i = 0; i < count; i++)
            {
                work(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, work);
    }

    private void FailPodsOfLostNode(string nodeName)
    {
        if (context.Store.Get(ResourceType.Nodes, null, nodeName) is not null)
        {
            return;
        }

        foreach (var pod in context.Store.List<V1Pod>(ResourceType.Pods, null, fieldSelector: $"spec.nodeName={nodeName}"))
        {
            kubelet.Reconcile(pod);
        }
    }

    /// <summary>A conflict retries the item; any other error is logged and the item dropped (the next change to the object brings it back).</summary>
    private void Safely(WorkItem item, Action work)
    {
        try
        {
            work();
        }
        catch (StoreException ex) when (ex.Reason == "Conflict")
        {
            SimulationLog.Conflict(context.Logger, item.Kind, item.Namespace, item.Name);
            context.Enqueue(item);
        }
#pragma warning disable CA1031 // one bad object (e.g. a field the models cannot read) must not stop the simulation
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            SimulationLog.WorkFailed(context.Logger, item.Kind, item.Namespace, item.Name, ex.Message);
        }
    }

    private async Task LoopAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            context.ResetWake();
            try
            {
                lock (processing)
                {
                    Drain(parallel: true);
                }
            }
#pragma warning disable CA1031 // the background loop must survive a failing component
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SimulationLog.LoopError(context.Logger, ex);
            }

            var wake = context.WakeTask;
            if (context.HasQueuedWork)
            {
                continue;
            }

            var next = context.NextDue;
            if (context.Store.Time is VirtualTimeProvider clock)
            {
                // Idle for a moment of real time: jump the clock to the next thing that happens.
                var quiet = Task.Delay(context.Options.VirtualClockQuietPeriod, TimeProvider.System, cancel);
                if (await Task.WhenAny(wake, quiet).ConfigureAwait(false) == wake)
                {
                    continue;
                }

                if (!clock.JumpToNextTimer(next))
                {
                    await wake.WaitAsync(cancel).ConfigureAwait(false);
                }

                continue;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var delay = next is { } due
                ? Task.Delay(Max(due - context.Now, TimeSpan.Zero), context.Store.Time, timer.Token)
                : Task.Delay(Timeout.InfiniteTimeSpan, timer.Token);
            await Task.WhenAny(wake, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
