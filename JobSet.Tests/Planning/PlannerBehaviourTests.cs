using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>Further upstream decisions, asserted directly (no snapshot).</summary>
public class PlannerBehaviourTests
{
    [Test]
    public void Resume_under_in_order_unsuspends_one_replicated_job_at_a_time()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("suspend: true\nstartupPolicy:\n  startupPolicyOrder: InOrder"));
        cluster.Step();
        cluster.JobSet.Spec.Suspend = false;

        var first = cluster.Step(Cluster.T0.AddMinutes(1));
        cluster.Ready("train-leader-0");
        var second = cluster.Step(Cluster.T0.AddMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(first.DocumentActions().Where(a => a.Type == "Update").Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "train-leader-0" }));
            Assert.That(first.Status.Conditions!.Select(c => $"{c.Type}={c.Status}"), Is.EquivalentTo(new[] { "Suspended=True", "StartupPolicyInProgress=True" }));
            Assert.That(second.DocumentActions().Where(a => a.Type == "Update").Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "train-workers-0", "train-workers-1" }));
        });
    }

    [Test]
    public void Claims_with_retention_delete_are_owned_by_the_jobset()
    {
        var cluster = new Cluster(Manifests.Single(
            "volumeClaimPolicies:\n- templates:\n  - metadata:\n      name: scratch\n      labels: {tier: fast}\n    spec:\n      accessModes: [ReadWriteOnce]",
            replicas: 1));

        cluster.Step();

        var claim = cluster.Claims.Single();
        Assert.Multiple(() =>
        {
            Assert.That(claim.Metadata.Name, Is.EqualTo("scratch-solo"));
            Assert.That(claim.Metadata.OwnerReferences.Single().Controller, Is.True);
            Assert.That(claim.Metadata.Labels, Is.EqualTo(new Dictionary<string, string> { ["jobset.sigs.k8s.io/jobset-name"] = "solo", ["tier"] = "fast" }));
            // No container mounts it: no volume is added, as upstream.
            Assert.That(cluster.Job("solo-rj-0").Spec.Template.Spec.Volumes, Is.Null);
        });
    }

    [Test]
    public void Finished_jobset_with_ttl_but_no_finish_time_stops_with_an_error()
    {
        var cluster = new Cluster(Manifests.Single("ttlSecondsAfterFinished: 5", replicas: 1));
        cluster.JobSet.Status = new V1alpha2JobSetStatus { Conditions = [new V1Condition { Type = "Failed", Status = "True", Reason = "R", Message = "M" }] };

        var plan = cluster.Plan();

        Assert.That(plan!.Error(), Is.EqualTo("unable to find the time when the JobSet default/solo finished"));
    }

    [Test]
    public void RestartJob_counts_towards_max_restarts_together_with_jobset_restarts()
    {
        var cluster = new Cluster(Manifests.Single("failurePolicy:\n  maxRestarts: 2\n  rules:\n  - action: RestartJob")) { Gates = new FeatureGates(RestartJob: true) };
        cluster.JobSet.Status = new V1alpha2JobSetStatus
        {
            RestartsCountTowardsMax = 1,
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = [1, 0], JobRestartsCountTowardsMax = [1, 0] }],
        };
        cluster.Step();
        cluster.Fail("solo-rj-1", Cluster.T0);

        var plan = cluster.Step(Cluster.T0.AddMinutes(1));

        var failed = plan.Status.Conditions!.Single(c => c.Type == "Failed");
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo("ReachedMaxRestarts"));
            Assert.That(failed.Message, Is.EqualTo("jobset failed due to reaching max number of restarts (first failed job: solo-rj-1)"));
        });
    }

    [Test]
    public void Coordinator_endpoint_and_group_labels_are_on_jobs_and_pods()
    {
        var cluster = new Cluster(Manifests.LeaderWorkersWith("coordinator:\n  replicatedJob: leader\n  podIndex: 0"));
        cluster.JobSet.Spec.ReplicatedJobs![1].GroupName = "workers";

        cluster.Step();

        var job = cluster.Job("train-workers-1");
        Assert.Multiple(() =>
        {
            foreach (var labels in new[] { job.Metadata.Labels, job.Spec.Template.Metadata.Labels, job.Metadata.Annotations })
            {
                Assert.That(labels[WellKnownKeys.Coordinator], Is.EqualTo("train-leader-0-0.train"));
                Assert.That(labels[WellKnownKeys.GroupName], Is.EqualTo("workers"));
                Assert.That(labels[WellKnownKeys.GroupReplicas], Is.EqualTo("2"));
                Assert.That(labels[WellKnownKeys.JobGroupIndex], Is.EqualTo("1"));
                Assert.That(labels[WellKnownKeys.JobGlobalIndex], Is.EqualTo("2"));
            }
        });
    }

    [Test]
    public void Existing_headless_service_is_left_alone_and_dns_off_creates_none()
    {
        var withService = new Cluster(Manifests.Single(replicas: 1));
        withService.Services.Add(new V1Service { Metadata = new V1ObjectMeta { Name = "solo", NamespaceProperty = "default" } });
        var dnsOff = new Cluster(Manifests.Single("network:\n  enableDNSHostnames: false", replicas: 1));

        var plans = new[] { withService.Step(), dnsOff.Step() };

        Assert.Multiple(() =>
        {
            Assert.That(plans.SelectMany(p => p.DocumentActions()).Where(a => a.Resource is V1Service), Is.Empty);
            Assert.That(dnsOff.Job("solo-rj-0").Spec.Template.Spec.Subdomain, Is.Null);
        });
    }

    [Test]
    public void Jobs_of_another_owner_or_namespace_are_not_children()
    {
        var cluster = new Cluster(Manifests.Single(replicas: 1));
        cluster.Step();
        var stranger = k8s.KubernetesJson.Deserialize<V1Job>(k8s.KubernetesJson.Serialize(cluster.Job("solo-rj-0")));
        stranger.Metadata.OwnerReferences[0].Uid = "someone-else";
        cluster.Jobs.Clear();
        cluster.Jobs.Add(stranger);

        var plan = cluster.Plan();

        Assert.That(plan.DocumentActions().Where(a => a.Type == "Create").Select(a => a.Resource.Metadata.Name), Is.EqualTo(new[] { "solo-rj-0" }));
    }
}
