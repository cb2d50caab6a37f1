using JobSet.Tests.TestSupport;
using Bogus;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>Invariants of the planner over Bogus-generated JobSets and observed states (seeded, so reproducible).</summary>
public class PlannerPropertyTests
{
    private const int Cases = 60;

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, Cases);

    /// <summary>A random valid JobSet: 1-4 ReplicatedJobs in 1-2 groups, various policies.</summary>
    private static V1alpha2JobSet RandomJobSet(Faker f, bool anyOrder = false)
    {
        var rjobs = Enumerable.Range(0, f.Random.Int(1, 4)).Select(i =>
        {
            var pods = f.Random.Int(1, 3);
            return new V1alpha2ReplicatedJob
            {
                Name = "r" + i,
                GroupName = f.PickRandom("default", "g1"),
                Replicas = f.Random.Int(1, 6),
                Template = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Parallelism = pods,
                        Completions = pods,
                        Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] } },
                    },
                },
            };
        }).ToList();

        var jobSet = new V1alpha2JobSet
        {
            Metadata = new V1ObjectMeta { Name = "js" + f.Random.Int(0, 99), NamespaceProperty = f.PickRandom("default", "team-a"), Uid = f.Random.Guid().ToString() },
            Spec = new V1alpha2JobSetSpec
            {
                ReplicatedJobs = rjobs,
                Suspend = f.Random.Bool(0.2f),
                StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = anyOrder ? StartupPolicyOrder.AnyOrder : f.PickRandom(StartupPolicyOrder.AnyOrder, StartupPolicyOrder.InOrder) },
                SuccessPolicy = new V1alpha2SuccessPolicy { Operator = f.PickRandom(SuccessOperator.All, SuccessOperator.Any) },
                FailurePolicy = f.Random.Bool() ? new V1alpha2FailurePolicy { MaxRestarts = f.Random.Int(0, 3), RestartStrategy = f.PickRandom(RestartStrategy.Recreate, RestartStrategy.BlockingRecreate) } : null,
            },
        };
        return JobSetDefaulter.Apply(jobSet);
    }

    /// <summary>Moves every created Job to a random state: running (maybe ready), succeeded or failed.</summary>
    private static void Scramble(Faker f, Cluster cluster)
    {
        foreach (var job in cluster.Jobs)
        {
            switch (f.Random.Int(0, 3))
            {
                case 0:
                    job.Status = new V1JobStatus { Active = 1 };
                    break;
                case 1:
                    Cluster.Ready(job);
                    break;
                case 2:
                    Cluster.Finish(job, "Complete", "CompletionsReached", "done", Cluster.T0);
                    break;
                default:
                    Cluster.Finish(job, "Failed", f.PickRandom("BackoffLimitExceeded", "PodFailurePolicy"), "failed", Cluster.T0.AddSeconds(f.Random.Int(0, 100)));
                    break;
            }
        }
    }

    private static Cluster Started(Faker f, bool anyOrder = false)
    {
        var cluster = new Cluster(RandomJobSet(f, anyOrder));
        cluster.Step();
        Scramble(f, cluster);
        return cluster;
    }

    private static void ApplyExceptDeletes(Cluster cluster, ReconcilePlan plan) =>
        cluster.Apply(plan with { Actions = [.. plan.DocumentActions().Where(a => a.Type != PlanActionType.Delete)] });

    [TestCaseSource(nameof(Seeds))]
    public void Planning_again_after_applying_the_creates_creates_nothing(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var cluster = f.Random.Bool() ? new Cluster(RandomJobSet(f)) : Started(f);

        ApplyExceptDeletes(cluster, cluster.Plan());
        var again = cluster.Plan();

        Assert.That(again.DocumentActions().Where(a => a.Type == PlanActionType.Create).Select(a => a.Resource.Metadata.Name), Is.Empty);
    }

    [TestCaseSource(nameof(Seeds))]
    public void Created_names_and_global_indexes_are_unique_and_dense(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var jobSet = RandomJobSet(f, anyOrder: true);
        var total = jobSet.Spec.ReplicatedJobs!.Sum(r => r.Replicas!.Value);

        var jobs = Planner.Reconcile(jobSet, ObservedState.Empty, Cluster.T0, FeatureGates.Default)
            .Actions.Select(a => a.Resource).OfType<V1Job>().ToList();

        var byGroup = jobs.GroupBy(j => j.Metadata.Labels[WellKnownKeys.GroupName]);
        Assert.Multiple(() =>
        {
            Assert.That(jobs.Select(j => j.Metadata.Name).Distinct().Count(), Is.EqualTo(total));
            Assert.That(jobs.Select(j => int.Parse(j.Metadata.Labels[WellKnownKeys.JobGlobalIndex])).Order(), Is.EqualTo(Enumerable.Range(0, total)));
            Assert.That(jobs.All(j => j.Metadata.Labels[WellKnownKeys.GlobalReplicas] == total.ToString()), Is.True);
            foreach (var group in byGroup)
            {
                Assert.That(group.Select(j => int.Parse(j.Metadata.Labels[WellKnownKeys.JobGroupIndex])).Order(), Is.EqualTo(Enumerable.Range(0, group.Count())));
            }
        });
    }

    [TestCaseSource(nameof(Seeds))]
    public void A_finished_jobset_never_creates(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var cluster = Started(f);
        cluster.Jobs.RemoveAll(_ => f.Random.Bool());
        cluster.JobSet.Status!.Conditions =
        [
            new V1Condition { Type = f.PickRandom("Completed", "Failed"), Status = "True", Reason = "R", Message = "M", LastTransitionTime = Cluster.T0.UtcDateTime },
        ];

        var plan = cluster.Plan(Cluster.T0.AddMinutes(1));

        Assert.That(plan.DocumentActions().Where(a => a.Type is PlanActionType.Create or PlanActionType.Update), Is.Empty);
    }

    [TestCaseSource(nameof(Seeds))]
    public void Replicated_job_counts_add_up_to_the_observed_jobs(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var cluster = Started(f);

        var plan = cluster.Plan();

        Assert.Multiple(() =>
        {
            foreach (var status in plan.Status.ReplicatedJobsStatus!)
            {
                var jobs = cluster.Jobs.Where(j => j.Metadata.Labels[WellKnownKeys.ReplicatedJobName] == status.Name).ToList();
                var finished = jobs.ToLookup(ChildJobs.FinishedType);
                Assert.That(status.Succeeded, Is.EqualTo(finished["Complete"].Count()), status.Name);
                Assert.That(status.Failed, Is.EqualTo(finished["Failed"].Count()), status.Name);
                Assert.That(status.Active, Is.EqualTo(finished[null].Count()), status.Name);
                Assert.That(status.Active + status.Succeeded + status.Failed, Is.EqualTo(jobs.Count), status.Name);
                Assert.That(status.Ready, Is.LessThanOrEqualTo(status.Active), status.Name);
            }
        });
    }

    [TestCaseSource(nameof(Seeds))]
    public void The_plan_does_not_depend_on_the_order_of_observed_objects(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var cluster = Started(f);

        var plan = ReconcilePlanDocument.ToYaml(cluster.Plan());
        var shuffled = new ObservedState([.. f.Random.Shuffle(cluster.Jobs)], cluster.Services, cluster.Claims);
        var again = ReconcilePlanDocument.ToYaml(Planner.Reconcile(cluster.JobSet, shuffled, Cluster.T0, cluster.Gates));

        Assert.That(again, Is.EqualTo(plan));
    }
}
