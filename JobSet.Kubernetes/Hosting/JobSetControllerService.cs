using JobSet.Core.Api;
using JobSet.Kubernetes.Controller;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobSet.Kubernetes.Hosting;

/// <summary>
/// The JobSet controller as a hosted service, shaped like controller-runtime's manager: watch-fed
/// caches, a work queue of JobSet keys and one of leader pods, workers that reconcile them, all
/// gated on the caches' first sync and (when enabled) on holding the leader Lease. Stopping
/// finishes in-flight reconciles; losing the Lease cancels them at once.
/// </summary>
internal sealed partial class JobSetControllerService : BackgroundService, IJobSetControllerState
{
    private readonly IKubernetes client;
    private readonly JobSetControllerOptions options;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly ControllerCaches caches;
    private readonly WorkQueue<JobSetKey> queue;
    private readonly WorkQueue<(string Namespace, string Name)>? placementQueue;
    private readonly JobSetReconciler reconciler;
    private readonly PlacementReconciler? placement;
    private LeaderElection? election;

    public JobSetControllerService(IKubernetes client, IOptions<JobSetControllerOptions> options, ControllerMetrics metrics, ILoggerFactory loggers, System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        this.client = client;
        this.options = options.Value;
        this.loggers = loggers;
        logger = loggers.CreateLogger("JobSet.Controller");
        var time = this.options.Time;
        caches = new ControllerCaches(client, this.options.PlacementController, time, loggers);
        queue = new WorkQueue<JobSetKey>("jobset", new WorkQueueOptions { Time = time, MeterFactory = meters });
        var expectations = new Expectations(time);
        var recorder = new JobSetEventRecorder(client, time, loggers.CreateLogger("JobSet.Events"), Environment.MachineName);
        var applier = new PlanApplier(client, recorder, expectations, logger);
        reconciler = new JobSetReconciler(caches, applier, expectations, this.options.FeatureGates, time, metrics, logger);
        reconciler.StatusWritten += (key, before, after) => StatusWritten?.Invoke(after);

        caches.JobSets.AddHandler(new EnqueueHandler<V1alpha2JobSet>(KeyMaps.Self, queue.Add));
        caches.Jobs.AddHandler(new EnqueueHandler<V1Job>(KeyMaps.ControllingJobSet, queue.Add));
        caches.Services.AddHandler(new EnqueueHandler<V1Service>(KeyMaps.ControllingJobSet, queue.Add));
        caches.Claims.AddHandler(new EnqueueHandler<V1PersistentVolumeClaim>(KeyMaps.LabelledJobSet, queue.Add));
        if (caches.Pods is not null)
        {
            placementQueue = new WorkQueue<(string, string)>("jobset-pods", new WorkQueueOptions { Time = time, MeterFactory = meters });
            placement = new PlacementReconciler(caches, client, time, loggers.CreateLogger("JobSet.Placement"));
            caches.Pods.AddHandler(new EnqueueHandler<V1Pod>(
                p => PlacementReconciler.Watches(p) ? new JobSetKey(p.NamespaceOrDefault(), p.Metadata.Name) : null,
                key => placementQueue.Add((key.Namespace, key.Name))));
        }
    }

    /// <inheritdoc/>
    public bool Synced => caches.Synced;

    /// <inheritdoc/>
    public bool Leading => !options.LeaderElect || (election?.IsLeader ?? false);

    /// <inheritdoc/>
    public event Action<V1alpha2JobSet>? StatusWritten;

    /// <inheritdoc/>
    public IReadOnlyList<V1alpha2JobSet> JobSets() => caches.JobSets.List();

    /// <inheritdoc/>
    public long CacheBytes() => caches.JobSets.ApproximateBytes() + caches.Jobs.ApproximateBytes() + caches.Services.ApproximateBytes() + caches.Claims.ApproximateBytes()
        + (caches.Pods?.ApproximateBytes() ?? 0) + (caches.Nodes?.ApproximateBytes() ?? 0);

    /// <inheritdoc/>
    public int CachedJobs => caches.Jobs.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var informers = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var running = caches.RunAsync(informers.Token);
        try
        {
            await caches.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            LogSynced(logger, caches.JobSets.Count, caches.Jobs.Count);
            if (options.LeaderElect)
            {
                election = new LeaderElection(client, new LeaderElectionOptions
                {
                    Namespace = options.LeaderElectionNamespace,
                    LeaseName = options.LeaderElectionId,
                    LeaseDuration = options.LeaseDuration,
                    RenewDeadline = options.RenewDeadline,
                    RetryPeriod = options.RetryPeriod,
                }, loggers.CreateLogger("JobSet.LeaderElection"));
                await election.RunAsync(leading => RunWorkersAsync(leading, stoppingToken), stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await RunWorkersAsync(CancellationToken.None, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await informers.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The informers stop by cancellation.
            }
        }
    }

    /// <summary>
    /// Runs the workers until <paramref name="stopping"/> (drain: in-flight reconciles finish) or
    /// <paramref name="leading"/> is cancelled (lost the Lease: in-flight reconciles are cancelled).
    /// </summary>
    private async Task RunWorkersAsync(CancellationToken leading, CancellationToken stopping)
    {
        LogStarted(logger, options.Workers);

        // Taking keys stops on either; a reconcile in flight is cancelled only by a lost Lease.
        using var take = CancellationTokenSource.CreateLinkedTokenSource(leading, stopping);
        var workers = new List<Task>();
        for (var i = 0; i < options.Workers; i++)
        {
            workers.Add(Task.Run(() => JobSetWorkerAsync(take.Token, leading), CancellationToken.None));
        }

        if (placementQueue is not null)
        {
            workers.Add(Task.Run(() => PlacementWorkerAsync(take.Token, leading), CancellationToken.None));
        }

        try
        {
            await Task.Delay(Timeout.Infinite, take.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (leading.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                LogLostLease(logger);
            }
        }

        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Workers end by cancellation.
        }

        stopping.ThrowIfCancellationRequested();
    }

    private async Task JobSetWorkerAsync(CancellationToken stop, CancellationToken leading)
    {
        while (!stop.IsCancellationRequested)
        {
            JobSetKey key;
            try
            {
                (key, var shutdown) = await queue.GetAsync(stop).ConfigureAwait(false);
                if (shutdown)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // A reconcile started before a stop finishes its writes; only a lost Lease cancels it.
                var result = await reconciler.ReconcileAsync(key, leading).ConfigureAwait(false);
                Requeue(queue, key, result);
            }
            catch (OperationCanceledException)
            {
                queue.Add(key);
            }
            catch (Exception ex)
            {
                LogWorkerError(logger, key.ToString(), ex);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private async Task PlacementWorkerAsync(CancellationToken stop, CancellationToken leading)
    {
        while (!stop.IsCancellationRequested && placementQueue is not null && placement is not null)
        {
            (string Namespace, string Name) key;
            try
            {
                (key, var shutdown) = await placementQueue.GetAsync(stop).ConfigureAwait(false);
                if (shutdown)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                Requeue(placementQueue, key, await placement.ReconcileAsync(key.Namespace, key.Name, leading).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                placementQueue.Add(key);
            }
            catch (Exception ex)
            {
                LogWorkerError(logger, key.Namespace + "/" + key.Name, ex);
                placementQueue.AddRateLimited(key);
            }
            finally
            {
                placementQueue.Done(key);
            }
        }
    }

    /// <summary>controller-runtime's result handling: an error backs off; success forgets the backoff and honours RequeueAfter.</summary>
    private static void Requeue<TKey>(WorkQueue<TKey> queue, TKey key, ReconcileResult result)
        where TKey : notnull
    {
        if (result.Error is not null)
        {
            queue.AddRateLimited(key);
            return;
        }

        queue.Forget(key);
        if (result.RequeueAfter is { } after)
        {
            queue.AddAfter(key, after);
        }
    }

    public override void Dispose()
    {
        queue.Dispose();
        placementQueue?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "caches synced: {JobSets} JobSets, {Jobs} child Jobs")]
    private static partial void LogSynced(ILogger logger, int jobSets, int jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "reconciling with {Workers} workers")]
    private static partial void LogStarted(ILogger logger, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lost the leader Lease: stopped reconciling")]
    private static partial void LogLostLease(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "reconcile of {Key} threw; retrying with backoff")]
    private static partial void LogWorkerError(ILogger logger, string key, Exception exception);
}
