using System.Collections.Concurrent;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Controller;

/// <summary>
/// Turns a <see cref="ReconcilePlan"/> into API calls as upstream's reconcile makes them: the
/// batches of <see cref="ActionBatches"/> in order (each batch's writes in parallel, at most
/// <see cref="MaxParallelism"/> at once, errors joined; the first failed batch ends the apply),
/// then the JobSet's status through the status subresource with the resourceVersion it was
/// planned from, then the events.
/// </summary>
internal sealed partial class PlanApplier
{
    /// <summary>Upstream's MaxParallelism for Job creates and deletes.</summary>
    public const int MaxParallelism = 50;

    private readonly IKubernetes client;
    private readonly JobSetEventRecorder recorder;
    private readonly Expectations expectations;
    private readonly ILogger logger;

    public PlanApplier(IKubernetes client, JobSetEventRecorder recorder, Expectations expectations, ILogger logger)
    {
        this.client = client;
        this.recorder = recorder;
        this.expectations = expectations;
        this.logger = logger;
    }

    public async Task<ApplyResult> ApplyAsync(ReconcilePlan plan, string? plannedFromVersion, CancellationToken cancellationToken)
    {
        var key = new JobSetKey(plan.Namespace, plan.Name);
        var jobSetUid = plan.JobSet.Metadata?.Uid;

        // A Job written twice in one plan (status, then update) needs the second write on the version the first returned.
        var versions = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in ActionBatches.Split(plan.Actions))
        {
            var errors = new ConcurrentQueue<string>();
            if (batch.Count == 1)
            {
                await RunAsync(key, jobSetUid, batch[0], versions, errors, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(batch, options, (action, ct) => new ValueTask(RunAsync(key, jobSetUid, action, versions, errors, ct))).ConfigureAwait(false);
            }

            if (!errors.IsEmpty)
            {
                var message = string.Join("\n", errors);
                if (FailureReason(batch[0]) is { } reason)
                {
                    await recorder.RecordAsync(plan.JobSet, EventType.Warning, reason, message, cancellationToken).ConfigureAwait(false);
                }

                return ApplyResult.Failed(message.ReplaceLineEndings("; "));
            }
        }

        if (plan.Outcome == ReconcileOutcome.Failed)
        {
            return ApplyResult.Failed(plan.Reason ?? "the reconcile failed");
        }

        if (!plan.StatusChanged)
        {
            return ApplyResult.Succeeded(statusWritten: false);
        }

        try
        {
            await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
                KubeSerializer.ToNode(plan.JobSet), ApiGroup.Name, ApiGroup.Version, plan.Namespace, ApiGroup.JobSetPlural, plan.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex))
        {
            return ApplyResult.Conflicted;
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            // Deleted meanwhile: nothing left to write.
            return ApplyResult.Succeeded(statusWritten: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApplyResult.Failed("updating the JobSet status: " + KubeErrors.Message(ex));
        }

        expectations.ExpectStatusWritten(key, plannedFromVersion);
        foreach (var e in plan.Events)
        {
            await recorder.RecordAsync(plan.JobSet, e.Type, e.Reason, e.Message, cancellationToken).ConfigureAwait(false);
        }

        return ApplyResult.Succeeded(statusWritten: true);
    }

    /// <summary>The event upstream records when a create of this kind fails.</summary>
    private static string? FailureReason(PlanAction action) => action.Match(
        create => create.Resource switch
        {
            V1Job => Reasons.JobCreationFailed,
            V1Service => Reasons.HeadlessServiceCreationFailed,
            V1PersistentVolumeClaim => Reasons.PvcCreationFailed,
            _ => null,
        },
        _ => null,
        _ => null,
        _ => null);

    private async Task RunAsync(JobSetKey key, string? jobSetUid, PlanAction action, ConcurrentDictionary<string, string> versions, ConcurrentQueue<string> errors, CancellationToken ct)
    {
        var resource = action.Resource;
        var ns = resource.Metadata?.NamespaceProperty ?? key.Namespace;
        var name = resource.Metadata?.Name ?? "";
        try
        {
            await action.Match(
                create => CreateAsync(key, jobSetUid, create.Resource, ns, name, errors, ct),
                update => WriteJobAsync(update.Resource, name, versions, (job, version) => update.Changes is { } changes
                    ? client.BatchV1.PatchNamespacedJobAsync(JobPatches.Update(changes, version), name, ns, cancellationToken: ct)
                    : client.BatchV1.ReplaceNamespacedJobAsync(job, name, ns, cancellationToken: ct)),
                status => WriteJobAsync(status.Resource, name, versions, (job, version) =>
                    client.BatchV1.PatchNamespacedJobStatusAsync(JobPatches.StartTime(job, version), name, ns, cancellationToken: ct)),
                delete => DeleteAsync(key, delete, ns, name, ct)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var what = action.Match(_ => "creation", _ => "update", _ => "status update", _ => "deletion");
            errors.Enqueue($"{resource.Kind?.ToLowerInvariant() ?? "object"} \"{name}\" {what} failed with error: {KubeErrors.Message(ex)}");
        }
    }

    private async Task CreateAsync(JobSetKey key, string? jobSetUid, IKubernetesObject<V1ObjectMeta> resource, string ns, string name, ConcurrentQueue<string> errors, CancellationToken ct)
    {
        try
        {
            switch (resource)
            {
                case V1Job job:
                    await client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: ct).ConfigureAwait(false);
                    expectations.ExpectCreated(key, name);
                    break;
                case V1Service service:
                    await client.CoreV1.CreateNamespacedServiceAsync(service, ns, cancellationToken: ct).ConfigureAwait(false);
                    break;
                case V1PersistentVolumeClaim claim:
                    await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, ns, cancellationToken: ct).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"cannot create a {resource.Kind}");
            }
        }
        catch (Exception ex) when (KubeErrors.IsAlreadyExists(ex))
        {
            if (resource is not V1Job)
            {
                // The Service or claim exists (created by a user, or the cache has not shown ours yet): upstream leaves it.
                return;
            }

            // Deterministic names make a repeated create harmless; a Job of that name that this JobSet does not own is not.
            var existing = await client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: ct).ConfigureAwait(false);
            if (existing.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid == jobSetUid)
            {
                return;
            }

            LogForeignJob(logger, ns, name, key.ToString());
            errors.Enqueue($"job \"{name}\" creation failed with error: a Job named {name} already exists in namespace {ns} and is not controlled by JobSet {key}");
        }
    }

    /// <summary>
    /// Writes a Job (a patch of the fields the plan changes, or its status's startTime, see
    /// <see cref="JobPatches"/>) on the version an earlier write of this plan returned when there
    /// was one, else on the version it was planned from.
    /// </summary>
    private static async Task WriteJobAsync(IKubernetesObject<V1ObjectMeta> resource, string name, ConcurrentDictionary<string, string> versions, Func<V1Job, string?, Task<V1Job>> write)
    {
        if (resource is not V1Job job)
        {
            throw new InvalidOperationException($"cannot update a {resource.Kind}");
        }

        if (versions.TryGetValue(name, out var fresh))
        {
            job.Metadata.ResourceVersion = fresh;
        }

        var written = await write(job, job.Metadata?.ResourceVersion).ConfigureAwait(false);
        versions[name] = written.Metadata.ResourceVersion;
    }

    private async Task DeleteAsync(JobSetKey key, DeleteAction delete, string ns, string name, CancellationToken ct)
    {
        var uid = delete.Resource.Metadata?.Uid;

        // The UID precondition makes a delete planned from a stale cache harmless: a newer object of the same name is never touched.
        var options = new V1DeleteOptions
        {
            PropagationPolicy = delete.PropagationPolicy,
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            switch (delete.Resource)
            {
                case V1Job:
                    await client.BatchV1.DeleteNamespacedJobAsync(name, ns, body: options, cancellationToken: ct).ConfigureAwait(false);
                    if (uid is not null)
                    {
                        expectations.ExpectDeleted(key, name, uid);
                    }

                    break;
                case V1alpha2JobSet:
                    await client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.JobSetPlural, name, body: options, cancellationToken: ct).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"cannot delete a {delete.Resource.Kind}");
            }
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex) || (KubeErrors.IsConflict(ex) && uid is not null))
        {
            // Already gone, or the name now belongs to a newer object (precondition failed): the planned delete is done.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Namespace}/{Name} exists and is not controlled by JobSet {JobSet}: not adopting it; retrying with backoff")]
    private static partial void LogForeignJob(ILogger logger, string @namespace, string name, string jobSet);
}
