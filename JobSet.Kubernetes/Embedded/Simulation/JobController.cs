using System.Globalization;
using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// The simulated batch/v1 Job controller: what a JobSet controller observes of a real one.
/// It creates pods up to parallelism (Indexed: one per missing completion index), counts
/// finished pods through the <c>batch.kubernetes.io/job-tracking</c> finalizer, applies
/// backoffLimit, activeDeadlineSeconds and podFailurePolicy, suspends and resumes, and ends
/// the Job with SuccessCriteriaMet then Complete, or FailureTarget then Failed.
/// </summary>
internal sealed class JobController(SimulationContext context, Kubelet kubelet, EventRecorder events)
{
    private const string JobControllerManager = "kubernetes.io/job-controller";

    /// <summary>How long after a refused pod create the Job is reconciled again.</summary>
    private static readonly TimeSpan CreateRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Reconciles one Job from the store.</summary>
    public void Reconcile(string ns, string name)
    {
        var job = context.Store.Get<V1Job>(ResourceType.Jobs, ns, name);
        if (job is null || job.Metadata.DeletionTimestamp is not null
            || (job.Spec.ManagedBy is { Length: > 0 } manager && manager != JobControllerManager))
        {
            return;
        }

        var uid = job.Metadata.Uid;
        var pods = context.Cache.PodsOwnedBy(uid)
            .Where(key => key.Ns == ns)
            .OrderBy(key => key.Name, StringComparer.Ordinal)
            .Select(key => context.Store.Get<V1Pod>(ResourceType.Pods, key.Ns, key.Name))
            .OfType<V1Pod>()
            .Where(p => PodStatusFacts.OwningJob(p)?.Uid == uid)
            .ToList();
        job = InjectFaults(job, pods);

        var now = context.Now;
        var at = SimulationContext.Timestamp(now);
        var status = job.Status ??= new V1JobStatus();
        var before = Snapshot(status);
        var spec = job.Spec;
        var indexed = spec.CompletionMode == "Indexed";
        var parallelism = spec.Parallelism ?? 1;
        int? completions = spec.Completions ?? (spec.Parallelism is null || indexed ? 1 : null);
        var backoffLimit = spec.BackoffLimit ?? 6;

        // Count pods that finished since the last pass; they are released after the status write.
        var succeededIndexes = CompletedIndexes.Parse(status.CompletedIndexes);
        var toRelease = new List<V1Pod>();
        PodFailurePolicyMatch? failJob = null;
        foreach (var pod in pods.Where(p => PodFacts.IsFinished(p) && HasTrackingFinalizer(p)))
        {
            toRelease.Add(pod);
            if (pod.Status.Phase == "Succeeded")
            {
                var index = PodStatusFacts.CompletionIndex(pod);
                if (!indexed)
                {
                    status.Succeeded = (status.Succeeded ?? 0) + 1;
                }
                else if (index >= 0 && index < completions)
                {
                    succeededIndexes.Add(index);
                }

                continue;
            }

            var match = PodFailurePolicyMatch.Find(spec.PodFailurePolicy, pod);
            if (match?.Action == "Ignore")
            {
                continue;
            }

            if (match?.Action == "FailJob")
            {
                failJob ??= match;
            }

            status.Failed = (status.Failed ?? 0) + 1;
        }

        if (indexed)
        {
            status.Succeeded = succeededIndexes.Count;
            status.CompletedIndexes = CompletedIndexes.Format(succeededIndexes);
        }

        status.Succeeded ??= 0;
        status.Failed ??= 0;
        var active = pods.Where(p => !PodFacts.IsFinished(p) && p.Metadata.DeletionTimestamp is null).ToList();
        var terminating = pods.Count(p => !PodFacts.IsFinished(p) && p.Metadata.DeletionTimestamp is not null);
        var suspended = spec.Suspend == true;
        var finished = JobConditions.IsTrue(status, JobConditions.Complete) || JobConditions.IsTrue(status, JobConditions.Failed);

        if (!finished)
        {
            if (!JobConditions.IsTrue(status, JobConditions.FailureTarget) && !JobConditions.IsTrue(status, JobConditions.SuccessCriteriaMet))
            {
                DecideOutcome(job, active, failJob, completions, backoffLimit, now);
            }

            if (JobConditions.IsTrue(status, JobConditions.FailureTarget) || JobConditions.IsTrue(status, JobConditions.SuccessCriteriaMet))
            {
                terminating += active.Count;
                DeletePods(job, active);
                active.Clear();
                if (terminating == 0)
                {
                    Finish(job, at);
                }
            }
            else if (suspended)
            {
                DeletePods(job, active);
                active.Clear();
                if (!JobConditions.IsTrue(status, JobConditions.Suspended))
                {
                    JobConditions.Set(status, JobConditions.Suspended, "True", JobConditions.JobSuspended, "Job suspended", at);
                    Record(job, "Normal", "Suspended", "Job suspended");
                }
            }
            else
            {
                if (JobConditions.IsTrue(status, JobConditions.Suspended))
                {
                    JobConditions.Set(status, JobConditions.Suspended, "False", JobConditions.JobResumed, "Job resumed", at);
                    status.StartTime = at;
                    Record(job, "Normal", "Resumed", "Job resumed");
                }

                status.StartTime ??= at;
                ManagePods(job, pods, active, succeededIndexes, completions, parallelism);
            }
        }

        status.Active = active.Count;
        status.Ready = active.Count(PodStatusFacts.IsReady);
        status.Terminating = terminating;
        status.UncountedTerminatedPods ??= new V1UncountedTerminatedPods();
        if (!string.Equals(before, Snapshot(status), StringComparison.Ordinal))
        {
            context.Store.UpdateStatus(ResourceType.Jobs, job);
        }

        foreach (var pod in toRelease)
        {
            Release(pod);
        }

        if (!finished && !suspended && spec.ActiveDeadlineSeconds is { } seconds && status.StartTime is { } start
            && !JobConditions.IsTrue(status, JobConditions.Complete) && !JobConditions.IsTrue(status, JobConditions.Failed))
        {
            context.EnqueueAt(new WorkItem(WorkKind.Job, ns, name), SimulationContext.Utc(start) + TimeSpan.FromSeconds(seconds));
        }
    }

    /// <summary>Sets FailureTarget or SuccessCriteriaMet when the Job's outcome is decided.</summary>
    private static void DecideOutcome(V1Job job, List<V1Pod> active, PodFailurePolicyMatch? failJob, int? completions, int backoffLimit, DateTimeOffset now)
    {
        var status = job.Status;
        var at = SimulationContext.Timestamp(now);
        // With restartPolicy OnFailure, container restarts in running pods count against the limit too.
        var restarts = active.Sum(p => (p.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0) + (p.Status?.InitContainerStatuses?.Sum(c => c.RestartCount) ?? 0));
        var restartsExceeded = job.Spec.Template.Spec.RestartPolicy == "OnFailure" && (backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit);
        if (failJob is not null)
        {
            JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.PodFailurePolicy, failJob.Message, at);
        }
        else if (status.Failed > backoffLimit || restartsExceeded)
        {
            JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.BackoffLimitExceeded, JobConditions.BackoffLimitExceededMessage, at);
        }
        else if (job.Spec.Suspend != true && job.Spec.ActiveDeadlineSeconds is { } seconds && status.StartTime is { } start
            && now >= SimulationContext.Utc(start) + TimeSpan.FromSeconds(seconds))
        {
            JobConditions.Set(status, JobConditions.FailureTarget, "True", JobConditions.DeadlineExceeded, JobConditions.DeadlineExceededMessage, at);
        }
        else if (completions is { } wanted ? status.Succeeded >= wanted : status.Succeeded > 0 && active.Count == 0)
        {
            JobConditions.Set(status, JobConditions.SuccessCriteriaMet, "True", JobConditions.CompletionsReached, JobConditions.CompletionsReachedMessage, at);
        }
    }

    /// <summary>Once no pod is left running, the interim condition becomes the final one.</summary>
    private void Finish(V1Job job, DateTime at)
    {
        var status = job.Status;
        if (JobConditions.Find(status, JobConditions.FailureTarget) is { Status: "True" } failure)
        {
            JobConditions.Set(status, JobConditions.Failed, "True", failure.Reason, failure.Message, at);
            Record(job, "Warning", failure.Reason, failure.Message);
            return;
        }

        var success = JobConditions.Find(status, JobConditions.SuccessCriteriaMet)!;
        JobConditions.Set(status, JobConditions.Complete, "True", success.Reason, success.Message, at);
        status.CompletionTime = at;
        Record(job, "Normal", "Completed", "Job completed");
    }

    private void Record(V1Job job, string type, string reason, string message) =>
        events.Record("job-controller", "batch/v1", "Job", job.Metadata, type, reason, message);

    /// <summary>Creates the missing pods and deletes the surplus.</summary>
    private void ManagePods(V1Job job, List<V1Pod> pods, List<V1Pod> active, SortedSet<int> succeededIndexes, int? completions, int parallelism)
    {
        if (job.Spec.CompletionMode == "Indexed")
        {
            var total = completions ?? 1;
            var byIndex = new HashSet<int>();
            var surplus = new List<V1Pod>();
            foreach (var pod in active.OrderBy(PodStatusFacts.CompletionIndex).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
            {
                var index = PodStatusFacts.CompletionIndex(pod);
                if (index < 0 || index >= total || succeededIndexes.Contains(index) || !byIndex.Add(index))
                {
                    surplus.Add(pod);
                }
            }

            var kept = active.Except(surplus).OrderBy(PodStatusFacts.CompletionIndex).ToList();
            surplus.AddRange(kept.Skip(parallelism));
            Remove(job, active, surplus);

            var failedByIndex = pods.Where(p => p.Status?.Phase == "Failed").GroupBy(PodStatusFacts.CompletionIndex).ToDictionary(g => g.Key, g => g.Count());
            for (var index = 0; index < total && active.Count < parallelism; index++)
            {
                if (!succeededIndexes.Contains(index) && !byIndex.Contains(index))
                {
                    if (TryCreatePod(job, index, failedByIndex.GetValueOrDefault(index)) is not { } created)
                    {
                        return;
                    }

                    active.Add(created);
                }
            }

            return;
        }

        var succeeded = job.Status.Succeeded ?? 0;
        var want = completions is { } c ? Math.Min(parallelism, Math.Max(0, c - succeeded)) : (succeeded > 0 ? 0 : parallelism);
        if (active.Count > want)
        {
            var newest = active.OrderByDescending(p => p.Metadata.CreationTimestamp).ThenByDescending(p => p.Metadata.Name, StringComparer.Ordinal)
                .Take(active.Count - want).ToList();
            Remove(job, active, newest);
            return;
        }

        // Work-queue Jobs (no completions) stop creating pods once one has succeeded.
        var failed = pods.Count(p => p.Status?.Phase == "Failed");
        while (active.Count < want && TryCreatePod(job, -1, failed) is { } created)
        {
            active.Add(created);
        }
    }

    private void Remove(V1Job job, List<V1Pod> active, List<V1Pod> surplus)
    {
        DeletePods(job, surplus);
        active.RemoveAll(surplus.Contains);
    }

    /// <summary>
    /// Creates a pod; a refused create (admission, e.g. JobSet's "leader pod not yet scheduled",
    /// or a terminating namespace) is reported as a FailedCreate event and retried after
    /// <see cref="CreateRetryDelay"/>, as the Job controller requeues. Returns null when refused.
    /// </summary>
    private V1Pod? TryCreatePod(V1Job job, int index, int attempt)
    {
        try
        {
            return CreatePod(job, index, attempt);
        }
        catch (StoreException ex) when (ex.Reason != "Conflict")
        {
            Record(job, "Warning", "FailedCreate", $"Error creating: {ex.Message}");
            context.EnqueueAt(new WorkItem(WorkKind.Job, job.Metadata.NamespaceProperty, job.Metadata.Name), context.Now + CreateRetryDelay);
            return null;
        }
    }

    private V1Pod CreatePod(V1Job job, int index, int attempt)
    {
        var template = ModelCopy.Of(job.Spec.Template)!;
        var jobName = job.Metadata.Name;
        var labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : [];
        labels[WellKnownKeys.ControllerUidLabel] = job.Metadata.Uid;
        labels["controller-uid"] = job.Metadata.Uid;
        labels[WellKnownKeys.JobNameLabel] = jobName;
        labels["job-name"] = jobName;
        annotations[SimulationAnnotations.Attempt] = attempt.ToString(CultureInfo.InvariantCulture);
        var spec = template.Spec;
        if (index >= 0)
        {
            var text = index.ToString(CultureInfo.InvariantCulture);
            labels[WellKnownKeys.JobCompletionIndex] = text;
            annotations[WellKnownKeys.JobCompletionIndex] = text;
            spec.Hostname ??= JobPodNames.Hostname(jobName, index);
            foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
            {
                container.Env ??= [];
                if (!container.Env.Any(e => e.Name == "JOB_COMPLETION_INDEX"))
                {
                    container.Env.Add(new V1EnvVar
                    {
                        Name = "JOB_COMPLETION_INDEX",
                        ValueFrom = new V1EnvVarSource
                        {
                            FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.labels['{WellKnownKeys.JobCompletionIndex}']" },
                        },
                    });
                }
            }
        }

        var prefix = JobPodNames.Prefix(jobName, index);
        for (var tries = 0; ; tries++)
        {
            var pod = new V1Pod
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Metadata = new V1ObjectMeta
                {
                    Name = prefix + context.NameSuffix(),
                    GenerateName = prefix,
                    NamespaceProperty = job.Metadata.NamespaceProperty,
                    Labels = labels,
                    Annotations = annotations,
                    Finalizers = [PodStatusFacts.JobTrackingFinalizer],
                    OwnerReferences =
                    [
                        new V1OwnerReference
                        {
                            ApiVersion = "batch/v1",
                            Kind = "Job",
                            Name = jobName,
                            Uid = job.Metadata.Uid,
                            Controller = true,
                            BlockOwnerDeletion = true,
                        },
                    ],
                },
                Spec = spec,
                Status = new V1PodStatus { Phase = "Pending" },
            };
            try
            {
                var created = context.Store.Create(ResourceType.Pods, pod);
                context.Cache.ObserveOwnWrite(created);
                var key = new WorkItem(WorkKind.Pod, created.Metadata.NamespaceProperty, created.Metadata.Name);
                context.Enqueue(key);
                context.PodCreated(key);
                Record(job, "Normal", "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
                return created;
            }
            catch (StoreException ex) when (ex.Reason == "AlreadyExists" && tries < 5)
            {
                // A name clash with a live pod: draw another suffix.
            }
        }
    }

    /// <summary>Deletes pods the controller no longer wants; they are released first, so they are not counted.</summary>
    private void DeletePods(V1Job job, IEnumerable<V1Pod> pods)
    {
        foreach (var pod in pods)
        {
            Release(pod);
            context.Store.Delete(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            Record(job, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
            context.Enqueue(new WorkItem(WorkKind.Pod, pod.Metadata.NamespaceProperty, pod.Metadata.Name));
        }
    }

    private void Release(V1Pod pod)
    {
        var current = context.Store.Get<V1Pod>(ResourceType.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        if (current?.Metadata.Finalizers?.Remove(PodStatusFacts.JobTrackingFinalizer) == true)
        {
            context.Store.Update(ResourceType.Pods, current);
        }
    }

    /// <summary>The fail-now annotation on a Job fails its active pods once; the annotation is then removed.</summary>
    private V1Job InjectFaults(V1Job job, List<V1Pod> pods)
    {
        if (job.GetAnnotation(SimulationAnnotations.FailNow) is not { } value)
        {
            return job;
        }

        var code = PodBehaviour.FailNowExitCode(value);
        for (var i = 0; i < pods.Count; i++)
        {
            if (!PodFacts.IsFinished(pods[i]) && pods[i].Metadata.DeletionTimestamp is null)
            {
                kubelet.Fail(pods[i], code, "Error", disruption: null);
                pods[i] = context.Store.Get<V1Pod>(ResourceType.Pods, pods[i].Metadata.NamespaceProperty, pods[i].Metadata.Name) ?? pods[i];
            }
        }

        job.Metadata.Annotations.Remove(SimulationAnnotations.FailNow);
        return context.Store.Update(ResourceType.Jobs, job);
    }

    private static bool HasTrackingFinalizer(V1Pod pod) => pod.Metadata.Finalizers?.Contains(PodStatusFacts.JobTrackingFinalizer) == true;

    /// <summary>The status as JSON text, to tell whether a reconcile changed it (cheaper than a node tree, compared many times per Job).</summary>
    private static string Snapshot(V1JobStatus status) => k8s.KubernetesJson.Serialize(status);
}
