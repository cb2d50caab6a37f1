using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// What ChildJobs.Select leaves behind besides its buckets: the names of the children (for
/// "never create a Job twice"), the finished buckets sorted by name, the first malformed Job
/// when two share a name, and a disposed selection that no longer shows the pooled active Jobs.
/// </summary>
public class ChildJobSelectionTests
{
    private const string Uid = "uid-1";

    private static V1alpha2JobSet JobSet(string? name = "js") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Uid = Uid },
        Spec = new V1alpha2JobSetSpec { ReplicatedJobs = [new V1alpha2ReplicatedJob { Name = "rj", Replicas = 3, Template = new V1JobTemplateSpec() }] },
        Status = new V1alpha2JobSetStatus(),
    };

    private static V1Job Job(string? name, string attempt = "0", string? finished = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            Labels = new Dictionary<string, string> { [WellKnownKeys.RestartAttempt] = attempt },
            OwnerReferences = [new V1OwnerReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.JobSetKind, Name = "js", Uid = Uid, Controller = true }],
        },
        Status = finished is null ? null : new V1JobStatus { Conditions = [new V1JobCondition { Type = finished, Status = "True" }] },
    };

    [TestCase("js", "js-rj-1", 1)]
    [TestCase("j", "j-rj-2", 2)]
    public void The_names_of_the_selected_children_are_known_by_replicated_job_and_index(string jobSetName, string childName, int index)
    {
        var (children, error) = ChildJobs.Select(JobSet(jobSetName), [Job(childName)], FeatureGates.Default);
        using var _ = children;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(children!.Names.Contains("rj", index), Is.True);
            Assert.That(children.Names.Contains("rj", 0), Is.False);
        });
    }

    [Test]
    public void Failed_and_succeeded_children_are_sorted_by_name()
    {
        var observed = new List<V1Job>
        {
            Job("js-rj-2", finished: "Failed"),
            Job("js-rj-10", finished: "Complete"),
            Job("js-rj-0", finished: "Failed"),
            Job("js-rj-1", finished: "Complete"),
        };

        var (children, _) = ChildJobs.Select(JobSet(), observed, FeatureGates.Default);
        using var _ = children;

        Assert.Multiple(() =>
        {
            Assert.That(children!.Failed.Select(j => j.Metadata.Name), Is.EqualTo(new[] { "js-rj-0", "js-rj-2" }));
            Assert.That(children.Succeeded.Select(j => j.Metadata.Name), Is.EqualTo(new[] { "js-rj-1", "js-rj-10" }));
        });
    }

    [Test]
    public void Of_two_malformed_jobs_with_one_name_the_first_observed_is_reported()
    {
        var (children, error) = ChildJobs.Select(JobSet(), [Job("js-rj-0", attempt: "a"), Job("js-rj-0", attempt: "b")], FeatureGates.Default);

        Assert.Multiple(() =>
        {
            Assert.That(children, Is.Null);
            Assert.That(error, Is.EqualTo($"job js-rj-0: invalid value for label {WellKnownKeys.RestartAttempt}: \"a\", must be integer"));
        });
    }

    [Test]
    public void A_malformed_job_without_a_name_is_reported_with_an_empty_name()
    {
        var (_, error) = ChildJobs.Select(JobSet(), [Job(null, attempt: "x")], FeatureGates.Default);

        Assert.That(error, Is.EqualTo($"job : invalid value for label {WellKnownKeys.RestartAttempt}: \"x\", must be integer"));
    }

    [Test]
    public void A_disposed_selection_shows_no_active_jobs()
    {
        var (children, _) = ChildJobs.Select(JobSet(), [Job("js-rj-0"), Job("js-rj-1")], FeatureGates.Default);
        var before = children!.ActiveInAnyOrder.Count;
        children.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(2));
            Assert.That(children.ActiveInAnyOrder, Is.Empty, "the array went back to the pool");
        });
    }
}
