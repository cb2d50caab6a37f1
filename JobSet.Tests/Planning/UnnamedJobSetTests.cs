using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// A plan of a JobSet object without metadata has the empty name, a JobSet without ReplicatedJobs
/// an empty layout (the planner itself rejects a nameless JobSet: <see cref="PlannerInputTests"/>);
/// and the small records a plan is made of carry what they were given.
/// </summary>
public class UnnamedJobSetTests
{
    private static V1alpha2JobSet Unnamed() => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = "ns" },
        Spec = new V1alpha2JobSetSpec(),
    };

    [Test]
    public void A_plan_for_a_jobset_without_metadata_has_the_empty_name()
    {
        var plan = new ReconcilePlan(new V1alpha2JobSet(), ReconcileOutcome.Skipped, null, false, [], [], null);

        Assert.That(plan.Name, Is.EqualTo(""));
    }

    [Test]
    public void A_jobset_without_replicated_jobs_has_an_empty_layout()
    {
        var layout = new JobSetLayout(Unnamed());

        Assert.Multiple(() =>
        {
            Assert.That(layout.ReplicatedJobs, Is.Empty);
            Assert.That(layout.GlobalReplicas, Is.Zero);
        });
    }

    [Test]
    public void An_update_in_the_context_carries_its_changes()
    {
        var context = new ReconcileContext(Unnamed(), DateTimeOffset.UnixEpoch, FeatureGates.Default);
        var changes = new JobChanges { Suspend = true };
        context.Update(new V1Job { Metadata = new V1ObjectMeta { Name = "j" } }, changes);

        Assert.That(context.Actions.Single().AsT1.Changes, Is.SameAs(changes));
    }

    [TestCase(true, true)]
    [TestCase(false, true)]
    [TestCase(null, false, TestName = "an elastic resize is a plain patch, without the observed version")]
    public void Only_a_suspend_or_resume_is_written_on_the_observed_version(bool? suspend, bool onObservedVersion)
    {
        var changes = new JobChanges { Suspend = suspend, Scales = suspend is null, Parallelism = 2, Completions = 2 };

        Assert.That(changes.OnObservedVersion, Is.EqualTo(onObservedVersion));
    }
}
