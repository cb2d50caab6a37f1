using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// What the planner makes of input the API server would not store (a hand-written manifest or a
/// caller's object): a missing required part, absent lists, unnormalised times, an unknown operator.
/// </summary>
public class PlannerInputTests
{
    private static readonly ObservedState Nothing = new([], [], []);

    private static V1alpha2JobSet Bare(string? name = "bare") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "0b5a0c9e-7f1d-4c3a-9d2e-1f6b8a7c5d40" },
        Spec = new V1alpha2JobSetSpec(),
    };

    // A caller's object (or JSON with "metadata": null) can hold null despite the non-null types.
    [TestCase(true, false, "metadata: required")]
    [TestCase(false, true, "spec: required")]
    public void A_jobset_without_a_required_part_fails_naming_it_and_writes_no_status(bool noMetadata, bool noSpec, string expected)
    {
        var jobSet = Bare();
        jobSet.Metadata = noMetadata ? null! : jobSet.Metadata;
        jobSet.Spec = noSpec ? null! : jobSet.Spec;

        var plan = Planner.Reconcile(jobSet, Nothing, Cluster.T0, FeatureGates.Default);

        Assert.That((plan.Outcome, plan.Reason, plan.StatusChanged, plan.Actions.Count, plan.Events.Count), Is.EqualTo((ReconcileOutcome.Failed, expected, false, 0, 0)));
    }

    // Names of Jobs, the Service, claims and the jobset-name label are built from these names:
    // without them the plan would hold objects named "-rj-0" or "-bare".
    [TestCase(null, -1, -1, "metadata.name: required")]
    [TestCase("", -1, -1, "metadata.name: required")]
    [TestCase("bare", 1, -1, "spec.volumeClaimPolicies[1]: required")]
    [TestCase("bare", 1, 0, "spec.volumeClaimPolicies[1].templates[1].metadata.name: required")]
    [TestCase("bare", 1, 1, "spec.volumeClaimPolicies[1].templates[1].metadata.name: required")]
    [TestCase("bare", 1, 2, "spec.volumeClaimPolicies[1].templates[1].metadata.name: required")]
    [TestCase("bare", 1, 3, "spec.volumeClaimPolicies[1].templates[1].metadata.name: required")]
    [TestCase("bare", 1, 4, null)]
    public void A_jobset_or_claim_template_without_a_name_fails_naming_the_field(string? name, int brokenPolicy, int brokenTemplate, string? expected)
    {
        static V1PersistentVolumeClaim Template(string? name) => new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PersistentVolumeClaimSpec() };
        var jobSet = Bare(name);
        if (brokenPolicy >= 0)
        {
            var second = brokenTemplate switch
            {
                0 => null!,
                1 => new V1PersistentVolumeClaim { Spec = new V1PersistentVolumeClaimSpec() },
                2 => Template(null),
                3 => Template(""),
                _ => Template("scratch"),
            };
            jobSet.Spec.VolumeClaimPolicies =
            [
                new V1alpha2VolumeClaimPolicy { Templates = [Template("data")] },
                brokenTemplate < 0 ? null! : new V1alpha2VolumeClaimPolicy { Templates = [Template("logs"), second] },
            ];
        }

        var plan = Planner.Reconcile(jobSet, Nothing, Cluster.T0, FeatureGates.Default);

        Assert.That((plan.Outcome, plan.Reason), Is.EqualTo((expected is null ? ReconcileOutcome.Planned : ReconcileOutcome.Failed, expected)));
    }

    [Test]
    public void A_jobset_without_replicated_jobs_is_planned_with_nothing_to_create()
    {
        var plan = Planner.Reconcile(Bare(), Nothing, Cluster.T0, FeatureGates.Default);

        Assert.That((plan.Outcome, plan.Reason, plan.Actions.Count), Is.EqualTo((ReconcileOutcome.Planned, (string?)null, 0)));
    }

    [Test]
    public void Condition_times_of_any_kind_come_back_as_utc()
    {
        var jobSet = Cluster.Read(Manifests.Single());
        var unspecified = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Unspecified);
        jobSet.Status = new V1alpha2JobSetStatus
        {
            Conditions = [new V1Condition { Type = "Custom", Status = "True", Reason = "R", Message = "m", LastTransitionTime = unspecified }],
        };

        var plan = Planner.Reconcile(jobSet, Nothing, Cluster.T0, FeatureGates.Default);

        var time = plan.JobSet.Status!.Conditions!.Single(c => c.Type == "Custom").LastTransitionTime;
        Assert.That((time.Kind, time), Is.EqualTo((DateTimeKind.Utc, DateTime.SpecifyKind(unspecified, DateTimeKind.Utc))));
    }

    [Test]
    public void An_unknown_success_operator_does_not_complete_a_jobset_without_succeeded_jobs()
    {
        var cluster = new Cluster(Manifests.Single("successPolicy:\n  operator: Sometimes\n"));

        var plan = cluster.Step();

        Assert.Multiple(() =>
        {
            Assert.That(plan.Actions.Count(a => a.IsT0 && a.Resource is V1Job), Is.EqualTo(2));
            Assert.That(plan.Status.Conditions ?? [], Has.None.Matches<V1Condition>(c => c.Type == JobSetConditionType.Completed));
        });
    }

    [TestCase(null, true)]
    [TestCase(false, false)]
    [TestCase(true, true)]
    public void The_headless_service_publishes_not_ready_addresses_unless_told_otherwise(bool? publish, bool expected)
    {
        var jobSet = Bare();
        jobSet.Spec.Network = new V1alpha2Network { EnableDnsHostnames = true, Subdomain = "net", PublishNotReadyAddresses = publish };

        var plan = Planner.Reconcile(jobSet, Nothing, Cluster.T0, FeatureGates.Default);

        var service = (V1Service)plan.Actions.Single(a => a.IsT0).Resource;
        Assert.That((service.Spec.PublishNotReadyAddresses, service.Spec.Selector.Single()), Is.EqualTo(((bool?)expected, KeyValuePair.Create(WellKnownKeys.JobSetName, "bare"))));
    }
}
