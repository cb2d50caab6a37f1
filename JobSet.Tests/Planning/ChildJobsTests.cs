using System.Security.Cryptography;
using System.Text;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>
/// Selecting the children (controller owner reference, namespace, finished condition), the
/// first malformed Job by name, and the small naming and time helpers the planner builds on.
/// </summary>
public class ChildJobsTests
{
    private const string Uid = "uid-1";

    private static V1alpha2JobSet JobSet(int restarts = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = "js", NamespaceProperty = "ns", Uid = Uid },
        Spec = new V1alpha2JobSetSpec { ReplicatedJobs = [new V1alpha2ReplicatedJob { Name = "rj", Replicas = 3, Template = new V1JobTemplateSpec() }] },
        Status = new V1alpha2JobSetStatus { Restarts = restarts },
    };

    private static V1OwnerReference Owner(string? uid = Uid, bool? controller = true, string kind = ApiGroup.JobSetKind, string apiVersion = ApiGroup.ApiVersion) =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = "js", Uid = uid, Controller = controller };

    private static V1Job Job(string name, string? attempt = "0", string? ns = "ns", params V1OwnerReference?[] owners) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = attempt is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [WellKnownKeys.RestartAttempt] = attempt },
            OwnerReferences = owners.Length == 0 ? [Owner()] : [.. owners],
        },
    };

    private static readonly object?[][] OwnerCases =
    [
        [Owner(), true],
        [Owner(controller: false), false],
        [Owner(controller: null), false],
        [Owner(uid: "other"), false],
        [Owner(uid: null), false],
        [Owner(kind: "Job"), false],
        [Owner(apiVersion: "jobset.x-k8s.io/v1alpha1"), false],
        [null, false],
    ];

    [TestCaseSource(nameof(OwnerCases))]
    public void A_job_is_a_child_only_through_a_controller_reference_to_this_jobset(V1OwnerReference? owner, bool controlled)
    {
        var job = Job("js-rj-0", owners: [Owner(uid: "someone-else"), owner]);

        Assert.That(ChildJobs.IsControlledBy(job, Uid), Is.EqualTo(controlled));
    }

    [Test]
    public void A_jobset_without_a_uid_or_a_job_without_owners_controls_nothing()
    {
        var job = Job("js-rj-0");
        job.Metadata.OwnerReferences = null;

        Assert.Multiple(() =>
        {
            Assert.That(ChildJobs.IsControlledBy(Job("js-rj-0"), null), Is.False);
            Assert.That(ChildJobs.IsControlledBy(job, Uid), Is.False);
        });
    }

    [TestCase(null, null)]
    [TestCase("Complete:False", null)]
    [TestCase("Failed:False", null)]
    [TestCase("Suspended:True", null)]
    [TestCase("Complete:True", "Complete")]
    [TestCase("Failed:True", "Failed")]
    [TestCase("FailureTarget:True,Failed:True", "Failed")]
    [TestCase("Complete:False,Failed:True", "Failed")]
    [TestCase("SuccessCriteriaMet:True,Complete:True", "Complete")]
    public void A_job_is_finished_by_its_first_true_complete_or_failed_condition(string? conditions, string? finished)
    {
        var job = Job("j");
        job.Status = new V1JobStatus
        {
            Conditions = conditions?.Split(',').Select(c => c.Split(':')).Select(p => new V1JobCondition { Type = p[0], Status = p[1] }).ToList(),
        };

        Assert.That(ChildJobs.FinishedType(job), Is.EqualTo(finished));
    }

    [Test]
    public void Children_are_bucketed_and_sorted_by_name_and_others_are_left_out()
    {
        var failed = Job("js-rj-2");
        failed.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True" }] };
        var succeeded = Job("js-rj-1");
        succeeded.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
        var observed = new List<V1Job>
        {
            Job("js-rj-0"),
            Job("js-rj-b", attempt: "1"),
            Job("js-rj-a", attempt: "1"),
            Job("old-b", attempt: "0"),
            Job("old-a", attempt: "-3"),
            Job("future", attempt: "2"),
            failed,
            succeeded,
            Job("elsewhere", ns: "other"),
            Job("no-namespace", ns: null),
            Job("not-mine", owners: [Owner(uid: "x")]),
            new() { Metadata = null },
        };

        var (children, error) = ChildJobs.Select(JobSet(restarts: 1), observed, FeatureGates.Default);
        using var _ = children;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(children!.Active.Select(j => j.Metadata.Name), Is.EqualTo(new[] { "future", "js-rj-a", "js-rj-b" }));
            Assert.That(children.Previous.Select(j => j.Metadata.Name), Is.EqualTo(new[] { "js-rj-0", "js-rj-1", "js-rj-2", "no-namespace", "old-a", "old-b" }));
            Assert.That(children.Failed, Is.Empty);
            Assert.That(children.Succeeded, Is.Empty);
        });
    }

    [Test]
    public void Finished_jobs_of_the_current_attempt_are_failed_or_succeeded()
    {
        var failed = Job("js-rj-2");
        failed.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True" }] };
        var succeeded = Job("js-rj-1");
        succeeded.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };

        var (children, _) = ChildJobs.Select(JobSet(), [failed, Job("js-rj-0"), succeeded], FeatureGates.Default);
        using var _ = children;

        Assert.That(
            (Names(children!.Failed), Names(children.Succeeded), Names(children.ActiveInAnyOrder)),
            Is.EqualTo(("js-rj-2", "js-rj-1", "js-rj-0")));
    }

    [Test]
    public void Many_active_jobs_are_all_kept_in_the_observed_order_until_sorted()
    {
        var observed = Enumerable.Range(0, 40).Reverse().Select(i => Job($"js-rj-{i:D2}")).ToList();

        var (children, _) = ChildJobs.Select(JobSet(), observed, FeatureGates.Default);
        using var _ = children;
        var inAnyOrder = Names(children!.ActiveInAnyOrder);
        var sorted = Names(children.Active);

        Assert.Multiple(() =>
        {
            Assert.That(inAnyOrder, Is.EqualTo(string.Join(",", observed.Select(j => j.Metadata.Name))));
            Assert.That(sorted, Is.EqualTo(string.Join(",", observed.Select(j => j.Metadata.Name).Order(StringComparer.Ordinal))));
            Assert.That(Names(children.ActiveInAnyOrder), Is.EqualTo(sorted), "once sorted, the sorted list is the one given");
        });
    }

    [Test]
    public void The_error_names_the_first_malformed_job_by_name_whatever_the_observed_order()
    {
        var observed = new List<V1Job> { Job("js-rj-c", attempt: "x"), Job("js-rj-a", attempt: "y"), Job("js-rj-b", attempt: "z"), Job("js-rj-0") };

        var (children, error) = ChildJobs.Select(JobSet(), observed, FeatureGates.Default);

        Assert.Multiple(() =>
        {
            Assert.That(children, Is.Null);
            Assert.That(error, Is.EqualTo("job js-rj-a: invalid value for label jobset.sigs.k8s.io/restart-attempt: \"y\", must be integer"));
        });
    }

    [TestCase("-1", "job index -1 is out of bounds for replicated job rj")]
    [TestCase("3", "job index 3 is out of bounds for replicated job rj")]
    [TestCase("2", null)]
    [TestCase("0", null)]
    public void With_the_restart_job_gate_a_job_index_outside_the_replicas_is_an_error(string index, string? error)
    {
        var job = Job("js-rj-x");
        job.Metadata.Labels[WellKnownKeys.ReplicatedJobName] = "rj";
        job.Metadata.Labels[WellKnownKeys.JobIndex] = index;
        job.Metadata.Labels[WellKnownKeys.JobRestartAttempt] = "0";

        var (children, actual) = ChildJobs.Select(JobSet(), [job], FeatureGates.Default with { RestartJob = true });
        children?.Dispose();

        Assert.That(actual, Is.EqualTo(error is null ? null : "job js-rj-x: " + error));
    }

    [TestCase("0", "0", "previous")]
    [TestCase("0", "1", "active")]
    [TestCase("1", "1", "previous")]
    [TestCase("1", "2", "active")]
    [TestCase("2", "0", "active")]
    [TestCase("1", null, "active")]
    public void With_the_restart_job_gate_a_job_below_its_index_restart_count_is_previous(string index, string? attempt, string bucket)
    {
        var jobSet = JobSet();
        jobSet.Status!.ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj", JobRestarts = [1, 2, 0] }];
        var job = Job("js-rj-" + index);
        job.Metadata.Labels[WellKnownKeys.ReplicatedJobName] = "rj";
        job.Metadata.Labels[WellKnownKeys.JobIndex] = index;
        if (attempt is not null)
        {
            job.Metadata.Labels[WellKnownKeys.JobRestartAttempt] = attempt;
        }

        var (children, _) = ChildJobs.Select(jobSet, [job], FeatureGates.Default with { RestartJob = true });
        using var _ = children;

        Assert.That(children!.Previous.Count == 1 ? "previous" : "active", Is.EqualTo(bucket));
    }

    [TestCase("7", true, 7)]
    [TestCase("-7", true, -7)]
    [TestCase("+7", true, 7)]
    [TestCase(" 7", false, 0)]
    [TestCase("7.0", false, 0)]
    [TestCase("1,000", false, 0)]
    [TestCase("", false, 0)]
    [TestCase(null, false, 0)]
    public void Label_integers_are_read_as_go_reads_them(string? text, bool ok, int value)
    {
        Assert.That((ChildJobs.TryParseInt(text, out var actual), actual), Is.EqualTo((ok, value)));
    }

    [Test]
    public void The_job_key_is_the_sha1_of_namespace_slash_name_for_long_and_non_ascii_names_too()
    {
        // SHA-1 as upstream uses it: a label value, not security.
#pragma warning disable CA5350
        static string Expected(string ns, string name) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(ns + "/" + name)));
#pragma warning restore CA5350
        var longName = new string('j', 2000);

        Assert.Multiple(() =>
        {
            Assert.That(Naming.JobKey("ns", "js-rj-0"), Is.EqualTo(Expected("ns", "js-rj-0")));
            Assert.That(Naming.JobKey("ns", longName), Is.EqualTo(Expected("ns", longName)));
            Assert.That(Naming.JobKey("nś", "jöb"), Is.EqualTo(Expected("nś", "jöb")));
            Assert.That(Naming.JobKey(null!, null!), Is.EqualTo(Expected("", "")));
        });
    }

    [Test]
    public void Names_the_controller_gives()
    {
        var jobSet = JobSet();
        jobSet.Spec.Network = new V1alpha2Network { Subdomain = "" };
        var withSubdomain = JobSet();
        withSubdomain.Spec.Network = new V1alpha2Network { Subdomain = "sub" };

        Assert.Multiple(() =>
        {
            Assert.That(Naming.JobName("js", "rj", 12), Is.EqualTo("js-rj-12"));
            Assert.That(Naming.NamespacedJobName("ns", "js-rj-0"), Is.EqualTo("ns_js-rj-0"));
            Assert.That(Naming.ClaimName("js", "data"), Is.EqualTo("data-js"));
            Assert.That(Naming.Subdomain(jobSet), Is.EqualTo("js"), "an empty subdomain is the JobSet's name");
            Assert.That(Naming.Subdomain(withSubdomain), Is.EqualTo("sub"));
            Assert.That(
                Naming.CoordinatorEndpoint(withSubdomain, new V1alpha2Coordinator { ReplicatedJob = "rj", JobIndex = 1, PodIndex = 2 }),
                Is.EqualTo("js-rj-1-2.sub"));
        });
    }

    [Test]
    public void Times_are_utc_and_whole_seconds()
    {
        var local = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Local);
        var unspecified = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Unspecified);

        Assert.Multiple(() =>
        {
            Assert.That(Times.Utc(local), Is.EqualTo(new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero)));
            Assert.That(Times.Utc(unspecified), Is.EqualTo(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));
            Assert.That(Times.Utc(unspecified.ToUniversalTime()).Offset, Is.EqualTo(TimeSpan.Zero));
            var whole = Times.WholeSeconds(new DateTimeOffset(2026, 1, 1, 12, 0, 0, 999, TimeSpan.FromHours(2)));
            Assert.That((whole, whole.Kind), Is.EqualTo((new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc), DateTimeKind.Utc)));
        });
    }

    private static string Names(IEnumerable<V1Job> jobs) => string.Join(",", jobs.Select(j => j.Metadata.Name));
}
