using JobSet.Tests.TestSupport;
using Bogus;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;
using static JobSet.Tests.Planning.Conformance.ConformanceFixture;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// The planner never throws on malformed input: observed Jobs with missing or garbage labels,
/// missing specs, templates or statuses, and JobSets with missing template parts. Each case is
/// either a plan with a one-line error or a sane plan (no Job created twice, none that exists).
/// </summary>
public class MalformedInputTests
{
    private const int Cases = 200;

    private static readonly string[] GarbageValues = ["", "abc", "-1", "99999999999", " 1", "1.5", "+2", "0x1", "7"];

    private static readonly string[] LabelKeys =
    [
        WellKnownKeys.RestartAttempt, WellKnownKeys.JobRestartAttempt, WellKnownKeys.ReplicatedJobName, WellKnownKeys.JobIndex,
    ];

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, Cases);

    /// <summary>One way to break an observed Job.</summary>
    private static readonly Action<Faker, V1Job>[] Breakages =
    [
        (_, j) => j.Metadata.Labels = null,
        (f, j) => j.Metadata.Labels?.Remove(f.PickRandom(LabelKeys)),
        (f, j) => (j.Metadata.Labels ??= new Dictionary<string, string>())[f.PickRandom(LabelKeys)] = f.PickRandom(GarbageValues),
        (f, j) => (j.Metadata.Labels ??= new Dictionary<string, string>())[WellKnownKeys.ReplicatedJobName] = f.PickRandom("nope", "", "rj-b"),
        (_, j) => j.Spec = null,
        (_, j) => j.Spec?.Template = null,
        (_, j) => j.Spec?.Template?.Spec = null,
        (_, j) => j.Spec?.Template?.Metadata = null,
        (_, j) => j.Status = null,
        (f, j) => j.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = f.PickRandom("Failed", "Complete", null!), Status = f.PickRandom("True", "False", null!) }] },
        (_, j) => j.Status = new V1JobStatus { Ready = -3, Active = -1, Succeeded = -2, StartTime = Cluster.T0.UtcDateTime },
        (_, j) => j.Spec?.Suspend = true,
        (_, j) => j.Spec?.Parallelism = null,
        (_, j) => j.Metadata.Name = null,
        (_, j) => j.Metadata.OwnerReferences = [null!, .. j.Metadata.OwnerReferences],
        (_, j) => j.Metadata.NamespaceProperty = null,
    ];

    /// <summary>One way to break the JobSet.</summary>
    private static readonly Action<Faker, V1alpha2JobSet>[] JobSetBreakages =
    [
        (_, js) => js.Spec.ReplicatedJobs![0].Template.Spec.Template = null,
        (_, js) => js.Spec.ReplicatedJobs![0].Template.Spec.Template.Spec = null,
        (_, js) => js.Spec.ReplicatedJobs![0].Template.Spec.Template.Metadata = null,
        (_, js) => js.Spec.ReplicatedJobs![0].Template.Metadata = null,
        (_, js) => js.Spec.ReplicatedJobs![0].Template.Spec = null,
        (_, js) => js.Spec.ReplicatedJobs![0].Template = null!,
        (_, js) => js.Spec.ReplicatedJobs![0].Replicas = null,
        (_, js) => js.Spec.Network = null,
        (f, js) => js.Status = new V1alpha2JobSetStatus { ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj-a", JobRestarts = [f.Random.Int(0, 2)] }] },
        (_, js) => js.Status = new V1alpha2JobSetStatus { Conditions = [null!] },
        (_, js) => js.Status = new V1alpha2JobSetStatus { ReplicatedJobsStatus = [null!] },
    ];

    [TestCaseSource(nameof(Seeds))]
    public void Planner_never_throws_on_malformed_observed_jobs(int seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var jobSet = MakeJobSet(
            ReplicatedJob("rj-a", 3) + "\n" + ReplicatedJob("rj-b", 2),
            f.PickRandom("", "suspend: true", "startupPolicy: {startupPolicyOrder: InOrder}", "failurePolicy: {maxRestarts: 2, rules: [{action: RestartJob}]}"),
            annotations: f.PickRandom("{}", $"{{{WellKnownKeys.ExclusiveTopology}: rack, {WellKnownKeys.NodeSelectorStrategy}: 'true'}}"));
        if (f.Random.Bool(0.3f))
        {
            f.PickRandom(JobSetBreakages)(f, jobSet);
        }

        var jobs = new List<V1Job>();
        foreach (var (rjob, replicas) in new[] { ("rj-a", 3), ("rj-b", 2) })
        {
            for (var i = 0; i < replicas; i++)
            {
                if (f.Random.Bool(0.7f))
                {
                    jobs.Add(OwnedJob(jobSet, rjob, i, finished: f.PickRandom(null, null, "Complete", "Failed"), suspended: f.Random.Bool()));
                }
            }
        }

        foreach (var job in jobs.Where(_ => f.Random.Bool(0.4f)))
        {
            f.PickRandom(Breakages)(f, job);
        }

        var gates = new FeatureGates(RestartJob: f.Random.Bool(), ElasticJobSet: f.Random.Bool());

        ReconcilePlan? plan = null;
        Assert.DoesNotThrow(() => plan = Planner.Reconcile(jobSet, new ObservedState(jobs, [], []), Cluster.T0, gates), $"seed {seed}");
        Assert.DoesNotThrow(() => ReconcilePlanDocument.ToYaml(plan!), $"seed {seed}: the document");
        if (plan!.Error() is not null)
        {
            Assert.That(plan!.Error(), Does.Not.Contain('\n'), "one line");
            return;
        }

        var created = Created<V1Job>(plan!).Select(j => j.Metadata.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(created, Is.Unique);
            Assert.That(created.Intersect(jobs.Select(j => j.Metadata?.Name ?? "")), Is.Empty);
        });
    }

    // getChildJobs' errors, one line each naming the Job and the label; with RestartJob the
    // job-index must be in range only when a job-restart-attempt label is there to compare.
    [TestCase(WellKnownKeys.RestartAttempt, "abc", false, "job test-jobset-rj-0: invalid value for label jobset.sigs.k8s.io/restart-attempt: \"abc\", must be integer")]
    [TestCase(WellKnownKeys.RestartAttempt, null, false, "job test-jobset-rj-0: invalid value for label jobset.sigs.k8s.io/restart-attempt: \"\", must be integer")]
    [TestCase(WellKnownKeys.ReplicatedJobName, null, true, "job test-jobset-rj-0: missing label jobset.sigs.k8s.io/replicatedjob-name")]
    [TestCase(WellKnownKeys.JobIndex, null, true, "job test-jobset-rj-0: missing label jobset.sigs.k8s.io/job-index")]
    [TestCase(WellKnownKeys.JobIndex, "x", true, "job test-jobset-rj-0: invalid value for label jobset.sigs.k8s.io/job-index: \"x\", must be integer")]
    [TestCase(WellKnownKeys.JobRestartAttempt, "x", true, "job test-jobset-rj-0: invalid value for label jobset.sigs.k8s.io/job-restart-attempt: \"x\", must be integer")]
    [TestCase(WellKnownKeys.JobIndex, "-1", false, null)]
    [TestCase(WellKnownKeys.JobIndex, "-1", true, null)]
    [TestCase(WellKnownKeys.JobIndex, "5", true, null)]
    [TestCase(WellKnownKeys.ReplicatedJobName, "unknown", false, null)]
    public void Malformed_labels_give_an_error_or_a_sane_plan(string key, string? value, bool restartJobGate, string? error)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 2));
        var job = OwnedJob(jobSet, "rj", 0, suspended: true);
        if (value is null)
        {
            job.Metadata.Labels.Remove(key);
        }
        else
        {
            job.Metadata.Labels[key] = value;
        }

        var plan = Planner.Reconcile(jobSet, new ObservedState([job], [], []), Cluster.T0, new FeatureGates(RestartJob: restartJobGate));

        Assert.That(plan!.Error(), Is.EqualTo(error));
        if (error is null)
        {
            // The existing Job is resumed, never created again; the other one is created.
            Assert.That(Created<V1Job>(plan).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-rj-1" }));
        }
    }

    // A JobSet missing a part the planner needs gets an error naming the field.
    [TestCase("template", "spec.replicatedJobs[0].template: required")]
    [TestCase("replicatedJob", "spec.replicatedJobs[0]: required")]
    [TestCase("spec", "spec: required")]
    [TestCase("jobSpec", null)]
    public void Jobset_missing_required_parts_gets_an_error(string part, string? error)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 1));
        switch (part)
        {
            case "template": jobSet.Spec.ReplicatedJobs![0].Template = null!; break;
            case "replicatedJob": jobSet.Spec.ReplicatedJobs![0] = null!; break;
            case "spec": jobSet.Spec = null!; break;
            default: jobSet.Spec.ReplicatedJobs![0].Template.Spec = null; break;
        }

        var plan = Planner.Reconcile(jobSet, ObservedState.Empty, Cluster.T0, FeatureGates.Default);

        Assert.That(plan!.Error(), Is.EqualTo(error));
    }

    // An observed Job without a spec (a hand-written --observed document) is planned as one with an
    // empty spec: counted, never created again, updated with a spec where needed.
    [TestCase(false)]
    [TestCase(true)]
    public void Observed_job_without_spec_is_planned(bool elastic)
    {
        var jobSet = MakeJobSet(ReplicatedJob("rj", 2));
        var job = OwnedJob(jobSet, "rj", 0);
        job.Spec = null;

        var plan = Planner.Reconcile(jobSet, new ObservedState([job], [], []), Cluster.T0, new FeatureGates(ElasticJobSet: elastic));

        Assert.Multiple(() =>
        {
            Assert.That(plan!.Error(), Is.Null);
            Assert.That(Created<V1Job>(plan).Select(j => j.Metadata.Name), Is.EqualTo(new[] { "test-jobset-rj-1" }));
            Assert.That(Updated<V1Job>(plan).Select(j => j.Spec.Parallelism), Is.EqualTo(elastic ? new int?[] { 1 } : []));
        });
    }
}
