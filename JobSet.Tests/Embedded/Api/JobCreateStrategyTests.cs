using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>A new Job is stored as the API server's batch/v1 strategy stores it.</summary>
public class JobCreateStrategyTests
{
    private InMemoryClusterStore store = null!;

    [SetUp]
    public void CreateStore() => store = TestStores.WithDefaultNamespace();

    [Test]
    public void The_selector_is_generated_from_the_jobs_uid_and_its_labels_reach_the_pod_template()
    {
        var job = store.Create(ResourceType.Jobs, NewJob("train"));

        var uid = job.Metadata.Uid;
        Assert.Multiple(() =>
        {
            Assert.That(job.Spec.Selector.MatchLabels, Is.EqualTo(new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = uid }));
            Assert.That(job.Spec.Template.Metadata.Labels["batch.kubernetes.io/controller-uid"], Is.EqualTo(uid));
            Assert.That(job.Spec.Template.Metadata.Labels["controller-uid"], Is.EqualTo(uid));
            Assert.That(job.Spec.Template.Metadata.Labels["batch.kubernetes.io/job-name"], Is.EqualTo("train"));
            Assert.That(job.Spec.Template.Metadata.Labels["job-name"], Is.EqualTo("train"));
            Assert.That(job.Spec.Template.Metadata.Labels["app"], Is.EqualTo("demo"), "the template's own labels stay");
        });
    }

    [Test]
    public void A_manual_selector_is_left_alone()
    {
        var given = NewJob("manual");
        given.Spec.ManualSelector = true;
        given.Spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "demo" } };

        var job = store.Create(ResourceType.Jobs, given);

        Assert.That(job.Spec.Selector.MatchLabels, Is.EqualTo(new Dictionary<string, string> { ["app"] = "demo" }));
        Assert.That(job.Spec.Template.Metadata.Labels.Keys, Is.EqualTo(new[] { "app" }));
    }

    [TestCase(null, null, 1, 1)]
    [TestCase(4, null, 4, 1)]
    [TestCase(null, 3, null, 3)]
    [TestCase(5, 2, 5, 2)]
    public void Parallelism_and_completions_default_as_batch_v1(int? completions, int? parallelism, int? expectedCompletions, int expectedParallelism)
    {
        var given = NewJob("shape");
        given.Spec.Completions = completions;
        given.Spec.Parallelism = parallelism;

        var job = store.Create(ResourceType.Jobs, given);

        Assert.Multiple(() =>
        {
            Assert.That(job.Spec.Completions, Is.EqualTo(expectedCompletions));
            Assert.That(job.Spec.Parallelism, Is.EqualTo(expectedParallelism));
            Assert.That(job.Spec.BackoffLimit, Is.EqualTo(6));
            Assert.That(job.Spec.CompletionMode, Is.EqualTo("NonIndexed"));
            Assert.That(job.Spec.Suspend, Is.False);
            Assert.That(job.Spec.PodReplacementPolicy, Is.EqualTo("TerminatingOrFailed"));
        });
    }

    [Test]
    public void A_pod_failure_policy_makes_failed_pods_the_replacement_trigger()
    {
        var given = NewJob("pfp");
        given.Spec.PodFailurePolicy = new V1PodFailurePolicy { Rules = [new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [42] } }] };

        var job = store.Create(ResourceType.Jobs, given);

        Assert.That(job.Spec.PodReplacementPolicy, Is.EqualTo("Failed"));
    }

    private static V1Job NewJob(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "demo" } },
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "busybox" }] },
            },
        },
    };
}
