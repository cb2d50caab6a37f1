using System.Text.RegularExpressions;
using JobSet.Kubernetes.Embedded.Simulation;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class JobControllerTests
{
    private static readonly Regex IndexedName = new("^demo-[0-2]-[bcdfghjklmnpqrstvwxz2456789]{5}$");
    private static readonly Regex NonIndexedName = new("^demo-[bcdfghjklmnpqrstvwxz2456789]{5}$");

    [Test]
    public async Task Indexed_job_creates_one_pod_per_index_with_the_batch_v1_identity()
    {
        await using var h = new SimulationHarness();
        var job = h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3, pod: p => p.Subdomain = "svc"));
        h.Run();

        var pods = h.PodsOf("demo").OrderBy(p => p.Metadata.Labels["batch.kubernetes.io/job-completion-index"]).ToList();
        Assert.That(pods, Has.Count.EqualTo(3));
        for (var i = 0; i < 3; i++)
        {
            var pod = pods[i];
            var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Multiple(() =>
            {
                Assert.That(pod.Metadata.Name, Does.Match(IndexedName).And.StartWith($"demo-{i}-"));
                Assert.That(pod.Spec.Hostname, Is.EqualTo($"demo-{i}"));
                Assert.That(pod.Spec.Subdomain, Is.EqualTo("svc"));
                Assert.That(pod.Metadata.Labels["batch.kubernetes.io/job-completion-index"], Is.EqualTo(index));
                Assert.That(pod.Metadata.Annotations["batch.kubernetes.io/job-completion-index"], Is.EqualTo(index));
                Assert.That(pod.Metadata.Labels["job-name"], Is.EqualTo("demo"));
                Assert.That(pod.Metadata.Labels["batch.kubernetes.io/job-name"], Is.EqualTo("demo"));
                Assert.That(pod.Metadata.Labels["controller-uid"], Is.EqualTo(job.Metadata.Uid));
                Assert.That(pod.Metadata.Labels["batch.kubernetes.io/controller-uid"], Is.EqualTo(job.Metadata.Uid));
                Assert.That(pod.Metadata.Labels["app"], Is.EqualTo("demo"));
                Assert.That(pod.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(job.Metadata.Uid));
                Assert.That(pod.Metadata.OwnerReferences.Single().Controller, Is.True);
                Assert.That(pod.Metadata.Finalizers, Does.Contain("batch.kubernetes.io/job-tracking"));
                Assert.That(pod.Spec.Containers[0].Env.Single(e => e.Name == "JOB_COMPLETION_INDEX").ValueFrom.FieldRef.FieldPath, Does.Contain("job-completion-index"));
            });
        }
    }

    [Test]
    public async Task Pods_go_pending_then_running_ready_then_succeeded_and_the_job_completes()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3));
        h.Run();
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(h.PodsOf("demo").Select(p => p.Status.Phase), Is.All.EqualTo("Pending"));
            Assert.That(h.PodsOf("demo").Select(p => p.Spec.NodeName), Is.All.StartsWith("sim-node-"));
            Assert.That(h.PodsOf("demo").Select(p => SimulationHarness.PodCondition(p, "PodScheduled")), Is.All.EqualTo("True"));
            Assert.That(job.Status.Active, Is.EqualTo(3));
            Assert.That(job.Status.Ready, Is.EqualTo(0));
            Assert.That(job.Status.StartTime, Is.Not.Null);
        });

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.Run();
        job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(h.PodsOf("demo").Select(p => p.Status.Phase), Is.All.EqualTo("Running"));
            Assert.That(h.PodsOf("demo").Select(p => SimulationHarness.PodCondition(p, "Ready")), Is.All.EqualTo("True"));
            Assert.That(h.PodsOf("demo").Select(p => p.Status.PodIP), Is.All.Not.Null);
            Assert.That(h.PodsOf("demo").Select(p => p.Status.ContainerStatuses[0].State.Running), Is.All.Not.Null);
            Assert.That(job.Status.Ready, Is.EqualTo(3));
        });

        h.Clock.Advance(TimeSpan.FromSeconds(5));
        h.Run();
        job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(h.PodsOf("demo").Select(p => p.Status.Phase), Is.All.EqualTo("Succeeded"));
            Assert.That(h.PodsOf("demo").Select(p => p.Metadata.Finalizers?.Count ?? 0), Is.All.Zero);
            Assert.That(job.Status.Succeeded, Is.EqualTo(3));
            Assert.That(job.Status.Active, Is.Zero);
            Assert.That(job.Status.CompletedIndexes, Is.EqualTo("0-2"));
            Assert.That(job.Status.CompletionTime, Is.Not.Null);
            Assert.That(job.Status.Conditions.Select(c => c.Type), Is.EqualTo(new[] { "SuccessCriteriaMet", "Complete" }));
            Assert.That(job.Status.Conditions.Select(c => c.Reason), Is.All.EqualTo("CompletionsReached"));
        });
    }

    [Test]
    public async Task NonIndexed_job_names_pods_without_an_index_and_counts_completions()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2, mode: "NonIndexed"));
        h.Run();
        var pods = h.PodsOf("demo");
        Assert.Multiple(() =>
        {
            Assert.That(pods.Select(p => p.Metadata.Name), Is.All.Match(NonIndexedName));
            Assert.That(pods.Select(p => p.Metadata.Labels.ContainsKey("batch.kubernetes.io/job-completion-index")), Is.All.False);
            Assert.That(pods.Select(p => p.Spec.Hostname), Is.All.Null);
        });

        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(h.Job("demo").Status.Succeeded, Is.EqualTo(2));
            Assert.That(h.Job("demo").Status.CompletedIndexes, Is.Null);
        });
    }

    [Test]
    public async Task A_work_queue_job_completes_once_a_pod_succeeded_and_none_is_left_running()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: null, mode: "NonIndexed", annotations: new Dictionary<string, string> { [SimulationAnnotations.FailAttempts] = "1" }, job: j => j.BackoffLimit = 6));
        h.Run();
        Assert.That(h.ActivePodsOf("demo"), Has.Count.EqualTo(3));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(job.Status.Failed, Is.EqualTo(3), "the three first attempts fail");
            Assert.That(job.Status.Succeeded, Is.EqualTo(3), "their replacements all run to the end");
            Assert.That(job.Spec.Completions, Is.Null);
        });
    }

    [Test]
    public async Task Parallelism_below_completions_never_runs_more_pods_than_parallelism()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 5));
        var maxActive = 0;
        h.RunFor(TimeSpan.FromSeconds(40), () => maxActive = Math.Max(maxActive, h.ActivePodsOf("demo").Count));
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(maxActive, Is.EqualTo(2));
            Assert.That(SimulationHarness.HasCondition(job, "Complete"), Is.True);
            Assert.That(job.Status.Succeeded, Is.EqualTo(5));
            Assert.That(job.Status.CompletedIndexes, Is.EqualTo("0-4"));
            Assert.That(h.PodsOf("demo"), Has.Count.EqualTo(5));
        });
    }

    [Test]
    public async Task Failed_pods_beyond_backoffLimit_fail_the_job_with_BackoffLimitExceeded()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", backoffLimit: 1, annotations: new Dictionary<string, string> { [SimulationAnnotations.ExitCode] = "3" }));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Failed")), Is.True);
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(job.Status.Failed, Is.EqualTo(2));
            Assert.That(job.Status.Active, Is.Zero);
            Assert.That(job.Status.CompletionTime, Is.Null);
            Assert.That(job.Status.Conditions.Select(c => c.Type), Is.EqualTo(new[] { "FailureTarget", "Failed" }));
            Assert.That(job.Status.Conditions.Select(c => c.Reason), Is.All.EqualTo("BackoffLimitExceeded"));
            Assert.That(job.Status.Conditions[1].Message, Is.EqualTo("Job has reached the specified backoff limit"));
            Assert.That(h.PodsOf("demo").Select(p => p.Status.ContainerStatuses[0].State.Terminated.ExitCode), Is.All.EqualTo(3));
        });
    }

    [Test]
    public async Task ActiveDeadlineSeconds_fails_the_job_with_DeadlineExceeded_and_stops_its_pods()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob(
            "demo",
            parallelism: 2,
            completions: 2,
            annotations: new Dictionary<string, string> { [SimulationAnnotations.RunSeconds] = "forever" },
            job: j => j.ActiveDeadlineSeconds = 10));
        h.RunFor(TimeSpan.FromSeconds(9));
        Assert.That(SimulationHarness.HasCondition(h.Job("demo"), "Failed"), Is.False);
        h.RunFor(TimeSpan.FromSeconds(2));
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(SimulationHarness.HasCondition(job, "FailureTarget", "DeadlineExceeded"), Is.True);
            Assert.That(SimulationHarness.HasCondition(job, "Failed", "DeadlineExceeded"), Is.True);
            Assert.That(job.Status.Conditions.First(c => c.Type == "Failed").Message, Is.EqualTo("Job was active longer than specified deadline"));
            Assert.That(job.Status.Active, Is.Zero);
            Assert.That(h.ActivePodsOf("demo"), Is.Empty);
        });
    }

    [Test]
    public async Task PodFailurePolicy_FailJob_rule_on_an_exit_code_fails_the_job_at_once()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob(
            "demo",
            backoffLimit: 6,
            annotations: new Dictionary<string, string> { [SimulationAnnotations.ExitCode] = "42" },
            job: j => j.PodFailurePolicy = new V1PodFailurePolicy
            {
                Rules =
                [
                    new V1PodFailurePolicyRule { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] },
                    new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [42] } },
                ],
            }));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Failed")), Is.True);
        var job = h.Job("demo");
        var failed = job.Status.Conditions.First(c => c.Type == "Failed");
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo("PodFailurePolicy"));
            Assert.That(failed.Message, Does.Match("^Container main for pod default/demo-0-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 1$"));
            Assert.That(job.Status.Failed, Is.EqualTo(1));
            Assert.That(h.PodsOf("demo"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task PodFailurePolicy_Ignore_rule_does_not_count_the_failure()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob(
            "demo",
            backoffLimit: 0,
            annotations: new Dictionary<string, string> { [SimulationAnnotations.ExitCode] = "5", [SimulationAnnotations.FailAttempts] = "2" },
            job: j => j.PodFailurePolicy = new V1PodFailurePolicy
            {
                Rules = [new V1PodFailurePolicyRule { Action = "Ignore", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [5] } }],
            }));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(h.Job("demo").Status.Failed, Is.Zero);
            Assert.That(h.PodsOf("demo").Count(p => p.Status.Phase == "Failed"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Suspend_deletes_active_pods_and_resume_recreates_them_with_a_new_start_time()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2, job: j => j.Suspend = true));
        h.Run();
        var job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(h.PodsOf("demo"), Is.Empty);
            Assert.That(SimulationHarness.HasCondition(job, "Suspended", "JobSuspended"), Is.True);
            Assert.That(job.Status.StartTime, Is.Null);
        });

        h.Clock.Advance(TimeSpan.FromSeconds(30));
        job.Spec.Suspend = false;
        h.Store.Update(ResourceType.Jobs, job);
        h.RunFor(TimeSpan.FromSeconds(2));
        job = h.Job("demo");
        var startTime = job.Status.StartTime;
        Assert.Multiple(() =>
        {
            Assert.That(h.ActivePodsOf("demo"), Has.Count.EqualTo(2));
            Assert.That(job.Status.Conditions.Single(c => c.Type == "Suspended").Status, Is.EqualTo("False"));
            Assert.That(job.Status.Conditions.Single(c => c.Type == "Suspended").Reason, Is.EqualTo("JobResumed"));
            Assert.That(startTime, Is.EqualTo(new DateTime(2026, 1, 1, 0, 0, 30, DateTimeKind.Utc)));
        });

        job.Spec.Suspend = true;
        h.Store.Update(ResourceType.Jobs, job);
        h.Run();
        job = h.Job("demo");
        Assert.Multiple(() =>
        {
            Assert.That(h.PodsOf("demo"), Is.Empty, "pods of a suspended job are deleted (not counted as failures)");
            Assert.That(job.Status.Active, Is.Zero);
            Assert.That(job.Status.Failed, Is.Zero);
            Assert.That(job.Status.StartTime, Is.EqualTo(startTime));
            Assert.That(SimulationHarness.HasCondition(job, "Suspended", "JobSuspended"), Is.True);
        });
    }

    [Test]
    public async Task RestartPolicy_OnFailure_restarts_the_container_in_place()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", restartPolicy: "OnFailure", backoffLimit: 6, annotations: new Dictionary<string, string> { [SimulationAnnotations.FailAttempts] = "2" }));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
        var pod = h.PodsOf("demo").Single();
        Assert.Multiple(() =>
        {
            Assert.That(pod.Status.Phase, Is.EqualTo("Succeeded"));
            Assert.That(pod.Status.ContainerStatuses[0].RestartCount, Is.EqualTo(2));
            Assert.That(pod.Status.ContainerStatuses[0].LastState.Terminated.ExitCode, Is.EqualTo(1));
            Assert.That(h.Job("demo").Status.Failed, Is.Zero);
        });
    }

    [Test]
    public async Task RestartPolicy_OnFailure_restarts_count_against_backoffLimit()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", restartPolicy: "OnFailure", backoffLimit: 2, annotations: new Dictionary<string, string> { [SimulationAnnotations.ExitCode] = "1" }));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Failed", "BackoffLimitExceeded")), Is.True);
        Assert.That(h.PodsOf("demo"), Is.Empty, "the running pod is deleted when the job fails");
    }

    [TestCase(2, 2, true, TestName = "OnFailure: restarts reaching backoffLimit fail the job")]
    [TestCase(3, 2, false, TestName = "OnFailure: restarts below backoffLimit let the job complete")]
    [TestCase(0, 1, true, TestName = "OnFailure: with backoffLimit 0 the first restart fails the job")]
    public async Task RestartPolicy_OnFailure_restart_limit(int backoffLimit, int failAttempts, bool fails)
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", restartPolicy: "OnFailure", backoffLimit: backoffLimit, annotations: new Dictionary<string, string> { [SimulationAnnotations.FailAttempts] = failAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete") || SimulationHarness.HasCondition(h.Job("demo"), "Failed")), Is.True);
        Assert.That(SimulationHarness.HasCondition(h.Job("demo"), "Failed", "BackoffLimitExceeded"), Is.EqualTo(fails));
    }

    [Test]
    public async Task Fail_index_fails_only_the_listed_indexes()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 3, completions: 3, backoffLimit: 0, annotations: new Dictionary<string, string> { [SimulationAnnotations.FailIndex] = "1" }));
        h.RunFor(TimeSpan.FromSeconds(6));
        var pods = h.PodsOf("demo");
        Assert.Multiple(() =>
        {
            Assert.That(pods.Single(p => p.Metadata.Name.StartsWith("demo-1-", StringComparison.Ordinal)).Status.Phase, Is.EqualTo("Failed"));
            Assert.That(pods.Where(p => !p.Metadata.Name.StartsWith("demo-1-", StringComparison.Ordinal)).Select(p => p.Status.Phase), Is.All.EqualTo("Succeeded"));
            Assert.That(SimulationHarness.HasCondition(h.Job("demo"), "Failed", "BackoffLimitExceeded"), Is.True);
        });
    }

    [Test]
    public async Task Deleting_a_job_garbage_collects_its_pods()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo", parallelism: 2, completions: 2));
        h.RunFor(TimeSpan.FromSeconds(2));
        Assert.That(h.PodsOf("demo"), Has.Count.EqualTo(2));
        h.Store.Delete(ResourceType.Jobs, SimulationHarness.Namespace, "demo", "Background");
        h.Run();
        Assert.That(h.PodsOf("demo"), Is.Empty);
    }

    [Test]
    public async Task The_same_seed_gives_the_same_pod_names()
    {
        static async Task<string[]> Names()
        {
            await using var h = new SimulationHarness(o => o.Seed = 42);
            h.Create(SimulationHarness.NewJob("demo", parallelism: 4, completions: 4));
            h.Run();
            return [.. h.PodsOf("demo").Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];
        }

        var first = await Names();
        Assert.That(await Names(), Is.EqualTo(first));
    }

    [Test]
    public async Task The_job_controller_and_scheduler_record_events()
    {
        await using var h = new SimulationHarness();
        h.Create(SimulationHarness.NewJob("demo"));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("demo"), "Complete")), Is.True);
        var events = h.Store.List<Corev1Event>(ResourceType.Events, SimulationHarness.Namespace);
        var pod = h.PodsOf("demo").Single().Metadata.Name;
        Assert.That(
            events.Select(e => $"{e.InvolvedObject.Kind}/{e.InvolvedObject.Name} {e.Type} {e.Reason}: {e.Message}"),
            Is.EquivalentTo(new[]
            {
                $"Job/demo Normal SuccessfulCreate: Created pod: {pod}",
                $"Pod/{pod} Normal Scheduled: Successfully assigned default/{pod} to sim-node-0",
                "Job/demo Normal Completed: Job completed",
            }));
    }

    [Test]
    public async Task Events_can_be_turned_off()
    {
        await using var h = new SimulationHarness(o => o.RecordEvents = false);
        h.Create(SimulationHarness.NewJob("demo"));
        h.RunFor(TimeSpan.FromSeconds(8));
        Assert.That(h.Store.List(ResourceType.Events, SimulationHarness.Namespace), Is.Empty);
    }

    [Test]
    public async Task A_job_the_models_cannot_read_does_not_stop_the_others()
    {
        await using var h = new SimulationHarness();
        var bad = Kubernetes.Embedded.Store.TypedStoreExtensions.ToJson(ResourceType.Jobs, SimulationHarness.NewJob("bad"));
        bad["spec"]!["parallelism"] = "many";
        h.Store.Create(ResourceType.Jobs, bad);
        h.Create(SimulationHarness.NewJob("good"));
        Assert.That(h.RunUntil(() => SimulationHarness.HasCondition(h.Job("good"), "Complete")), Is.True);
        Assert.That(h.Store.List(ResourceType.Pods, SimulationHarness.Namespace, "job-name=bad"), Is.Empty);
    }
}
