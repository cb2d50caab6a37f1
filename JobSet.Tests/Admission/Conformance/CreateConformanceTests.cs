using JobSet.Core.Admission;
using JobSet.Core.Admission.Rules;
using JobSet.Core.Api;
using k8s.Models;
using static JobSet.Tests.Admission.Conformance.Shapes;

namespace JobSet.Tests.Admission.Conformance;

/// <summary>
/// Create validation against upstream's webhook unit tests
/// (pkg/webhooks/jobset_webhook_test.go, TestValidateCreate and TestGetJobSetNameForValidation).
/// Each case builds the same JobSet shape as its upstream counterpart, runs our validator
/// as upstream runs its webhook (no defaulting), and checks the outcome: accepted, or
/// rejected with an error at the field path and with upstream's key words.
/// </summary>
public class CreateConformanceTests
{
    private static readonly FeatureGates RestartJobOn = new(RestartJob: true);
    private static readonly FeatureGates InPlaceOn = new(InPlaceRestart: true);

    private static IEnumerable<TestCaseData> Rejected()
    {
        // TestValidateCreate / "generateName that produces overlong child job names is rejected":
        // 50 characters of prefix + 5 generated + "-worker-0" is 64.
        yield return Bad("generateName makes the Job names too long",
            () => Generated(new string('a', 49) + "-", RJob("worker")),
            "spec.replicatedJobs[0].name", NameValidation.JobNameTooLong);

        // TestValidateCreate / "generateName that produces overlong PVC names is rejected".
        yield return Bad("generateName makes the PVC names too long",
            () => Generated(new string('a', 49) + "-", RJob("worker").Mounting("datasets"))
                .With(s => s.VolumeClaimPolicies = [new V1alpha2VolumeClaimPolicy { Templates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "datasets" } }] }]),
            "spec.volumeClaimPolicies[0].template[0].name", "VolumeClaimPolicies template name is too long");

        // TestValidateCreate / "number of pods exceeds the limit" (its first ReplicatedJob; the
        // second has negative replicas, which the CRD schema refuses before any webhook, see below).
        yield return Bad("replicas times parallelism over MaxInt32",
            () => JobSetOf("js", RJob("test-jobset-replicated-job-0", replicas: int.MaxValue, parallelism: int.MaxValue)),
            "spec.replicatedJobs[0].replicas", "the product of replicas and parallelism must not exceed 2147483647 for replicatedJob 'test-jobset-replicated-job-0'");

        // TestValidateCreate / "number of pods exceeds the limit", second ReplicatedJob
        // (MinInt32 replicas): refused by the schema minimum here, as on a real API server
        // (integration test "negative replicated job replicas are rejected").
        yield return Bad("negative replicas are refused by the schema",
            () => JobSetOf("js", RJob("test-jobset-replicated-job-1", replicas: int.MinValue, parallelism: int.MinValue)),
            "spec.replicatedJobs[0].replicas", "should be greater than or equal to 0");

        // TestValidateCreate / "success policy has non matching replicated job".
        yield return Bad("success policy names an unknown ReplicatedJob",
            () => JobSetOf("js", RJob("test-jobset-replicated-job-0")).With(s => s.SuccessPolicy!.TargetReplicatedJobs = ["does not exist"]),
            "spec.successPolicy.targetReplicatedJobs[0]", "invalid replicatedJob name 'does not exist' does not appear in .spec.ReplicatedJobs");

        // TestValidateCreate / "network has invalid dns name".
        yield return Bad("64-character subdomain",
            () => JobSetOf("js", RJob("test-jobset-replicated-job-0")).With(s => s.Network = new V1alpha2Network { EnableDnsHostnames = true, Subdomain = new string('a', 64) }),
            "spec.network.subdomain", NameValidation.SubdomainTooLong);

        // TestValidateCreate / "jobset name with invalid character".
        yield return Bad("dot in a ReplicatedJob name",
            () => JobSetOf("js", RJob("username.llama65b")),
            "spec.replicatedJobs[0].name", "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");

        // TestValidateCreate / "group name is not DNS 1035 compliant".
        yield return Bad("64-character group name",
            () => JobSetOf("js", RJob("rj")).With(s => s.ReplicatedJobs![0].GroupName = new string('a', 64)),
            "spec.replicatedJobs[0].groupName", NameValidation.GroupNameTooLong);

        // TestValidateCreate / "jobset name will result in job name being too long".
        yield return Bad("62-character name and 101 replicas",
            () => JobSetOf(new string('a', 62), RJob("rj", replicas: 101)),
            "spec.replicatedJobs[0].name", NameValidation.JobNameTooLong);

        // TestValidateCreate / "jobset name will result in a pod name being too long".
        yield return Bad("56-character name and an Indexed Job",
            () => JobSetOf(new string('a', 56), RJob("rj", parallelism: 1, completions: 1, indexed: true)),
            "spec.replicatedJobs[0].name", NameValidation.PodNameTooLong);

        // TestValidateCreate / "jobset controller name is not a domain-prefixed path".
        yield return Bad("managedBy without a domain",
            () => JobSetOf("js", RJob("rj", parallelism: 1, completions: 1, indexed: true)).With(s => s.ManagedBy = "notDomainPrefixedPathControllerName"),
            "spec.managedBy", "Invalid value: \"notDomainPrefixedPathControllerName\": must be a domain-prefixed path (such as \"acme.io/foo\")");

        // TestValidateCreate / "jobset controller name is too long".
        yield return Bad("managedBy of 71 characters",
            () => JobSetOf("js", RJob("rj", parallelism: 1, completions: 1, indexed: true)).With(s => s.ManagedBy = "foo.bar/" + new string('a', 63)),
            "spec.managedBy", "Too long: may not be more than 63 bytes");

        // jobset_webhook.go managedBy check through apimachinery's IsDomainPrefixedPath: a path
        // part with a space is reported on the path alone, with apimachinery's wording.
        yield return Bad("managedBy with a space in its path",
            () => JobSetOf("js", RJob("rj")).With(s => s.ManagedBy = "acme.io/my controller"),
            "spec.managedBy", "Invalid value: \"my controller\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')");

        // The same, on the host part: the DNS-1123 error names the host alone.
        yield return Bad("managedBy with a capitalised domain",
            () => JobSetOf("js", RJob("rj")).With(s => s.ManagedBy = "Acme.io/controller"),
            "spec.managedBy", "Invalid value: \"Acme.io\": a lowercase RFC 1123 subdomain must consist of");

        // TestValidateCreate / "jobset failure policy has an invalid on job failure reason".
        yield return Bad("unknown job failure reason",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 1, Rules = [new V1alpha2FailurePolicyRule { Action = FailurePolicyAction.FailJobSet, OnJobFailureReasons = ["fakeReason"] }] }),
            "spec.failurePolicy.rules[0].onJobFailureReasons[0]", "invalid job failure reason 'fakeReason' in failure policy is not a recognized job failure reason");

        // TestValidateCreate / "jobset failure policy has an invalid replicated job".
        yield return Bad("unknown rule target",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 1, Rules = [new V1alpha2FailurePolicyRule { Action = FailurePolicyAction.FailJobSet, TargetReplicatedJobs = ["fakeReplicatedJob"] }] }),
            "spec.failurePolicy.rules[0].targetReplicatedJobs[0]", "invalid replicatedJob name 'fakeReplicatedJob' in failure policy does not appear in .spec.ReplicatedJobs");

        // TestValidateCreate / "jobset failure policy rule name is 0 characters long a.k.a unset"
        // (upstream's rule has no action either; the schema requires one, so ours has it).
        yield return Bad("empty rule name",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [new V1alpha2FailurePolicyRule { Action = FailurePolicyAction.FailJobSet }] }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name of length 0, the rule name must be at least 1 characters long and at most 128 characters long");

        // TestValidateCreate / "jobset failure policy rule name is greater than 128 characters long".
        yield return Bad("129-character rule name",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule(new string('a', 129))] }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name of length 129");

        // TestValidateCreate / "there are two failure policy rules with the same name".
        yield return Bad("two rules share a name",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("repeatedRuleName"), Rule("repeatedRuleName")] }),
            "spec.failurePolicy.rules[1].name", "rule names are not unique, rules with indices [0 1] all have the same name 'repeatedRuleName'");

        // TestValidateCreate / "failure policy rule name does not start with an alphabetic character".
        yield return Bad("rule name starts with a digit",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("1ruleToRuleThemAll")] }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name '1ruleToRuleThemAll', a failure policy rule name must start with an alphabetic character");

        // TestValidateCreate / "failure policy rule name does not end with an alphanumeric nor '_'".
        yield return Bad("rule name ends with a comma",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("ruleToRuleThemAll,")] }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name 'ruleToRuleThemAll,'");

        // TestValidateCreate / "coordinator replicated job does not exist".
        yield return Bad("coordinator in an unknown ReplicatedJob",
            () => TwoIndexed().With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "fake-rjob" }),
            "spec.coordinator.replicatedJob", "coordinator replicatedJob fake-rjob does not exist");

        // TestValidateCreate / "coordinator replicated job missing completions".
        yield return Bad("coordinator Job without completions",
            () => TwoIndexed().With(s =>
            {
                s.ReplicatedJobs![0].Template.Spec.Completions = null;
                s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "replicatedjob-a" };
            }),
            "spec.coordinator.replicatedJob", "job for coordinator pod must be indexed completion mode, and completions number must be set");

        // TestValidateCreate / "coordinator job index invalid".
        yield return Bad("coordinator Job index out of range",
            () => TwoIndexed().With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "replicatedjob-a", JobIndex = 2 }),
            "spec.coordinator.jobIndex", "coordinator job index 2 is invalid for replicatedJob replicatedjob-a");

        // TestValidateCreate / "coordinator pod index invalid".
        yield return Bad("coordinator pod index out of range",
            () => TwoIndexed().With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "replicatedjob-a", PodIndex = 2 }),
            "spec.coordinator.podIndex", "coordinator pod index 2 is invalid for replicatedJob replicatedjob-a job index 0");

        // TestValidateCreate / "coordinator label value is too long due to long JobSet name".
        yield return Bad("coordinator endpoint too long for a label (JobSet name)",
            () => JobSetOf(new string('a', 60), RJob("replicatedjob-a", parallelism: 1, completions: 1, indexed: true))
                .With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "replicatedjob-a" }),
            "spec.coordinator", "spec will lead to invalid label value");

        // The same case, its detail: apimachinery's label-value check counts bytes and says so.
        yield return Bad("coordinator endpoint too long for a label, the detail",
            () => JobSetOf(new string('a', 60), RJob("replicatedjob-a", parallelism: 1, completions: 1, indexed: true))
                .With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "replicatedjob-a" }),
            "spec.coordinator", "(long JobSet / ReplicatedJob / SubDomain name?): must be no more than 63 bytes");

        // TestValidateCreate / "coordinator label value is too long due to long ReplicatedJob name".
        yield return Bad("coordinator endpoint too long for a label (ReplicatedJob name)",
            () => JobSetOf("jobset", RJob(new string('a', 60), parallelism: 1, completions: 1, indexed: true))
                .With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = new string('a', 60) }),
            "spec.coordinator", "spec will lead to invalid label value");

        // TestValidateCreate / "coordinator label value is too long due to long SubDomain".
        yield return Bad("coordinator endpoint too long for a label (subdomain)",
            () => JobSetOf("jobset", RJob("replicatedjob-a", parallelism: 1, completions: 1, indexed: true))
                .With(s =>
                {
                    s.Network = new V1alpha2Network { Subdomain = new string('a', 60) };
                    s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "replicatedjob-a" };
                }),
            "spec.coordinator", "spec will lead to invalid label value");

        // TestValidateCreate / "... RestartJob action and a replicated job with replicas > 1024".
        yield return Bad("RestartJob with 1025 replicas",
            () => JobSetOf("js", RJob("rj", replicas: 1025, parallelism: 1, completions: 1, indexed: true))
                .With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("restartJobRule", FailurePolicyAction.RestartJob)] }),
            "spec.replicatedJobs[0].replicas", "JobSet cannot have a failure policy rule with RestartJob or RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > 1024",
            RestartJobOn);

        // TestValidateCreate / "... RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > 1024".
        yield return Bad("RestartJobAndIgnoreMaxRestarts with 1025 replicas",
            () => JobSetOf("js", RJob("rj", replicas: 1025, parallelism: 1, completions: 1, indexed: true))
                .With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("restartJobAndIgnoreMaxRestartsRule", FailurePolicyAction.RestartJobAndIgnoreMaxRestarts)] }),
            "spec.replicatedJobs[0].replicas", "replicas > 1024",
            RestartJobOn);

        // TestValidateCreate / "... RestartJob action and RestartJob feature gate is disabled".
        yield return Bad("RestartJob with the gate off",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("restartJobRule", FailurePolicyAction.RestartJob)] }),
            "spec.failurePolicy.rules[0].action", FailurePolicyValidation.RestartJobGateDisabled);

        // TestValidateCreate / "... RestartJobAndIgnoreMaxRestarts action and RestartJob feature gate is disabled".
        yield return Bad("RestartJobAndIgnoreMaxRestarts with the gate off",
            () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("restartJobAndIgnoreMaxRestartsRule", FailurePolicyAction.RestartJobAndIgnoreMaxRestarts)] }),
            "spec.failurePolicy.rules[0].action", FailurePolicyValidation.RestartJobGateDisabled);

        // TestValidateCreate / "DependsOn is invalid since job-2 depends on job-3".
        yield return Bad("dependsOn a later ReplicatedJob",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2").DependingOn("job-3"), RJob("job-3").DependingOn("job-1")),
            "spec.replicatedJobs[1].dependsOn[0].name", "replicatedJob: job-2 cannot depend on replicatedJob: job-3");

        // TestValidateCreate / "DependsOn is invalid since job-2 depends on job-3 and job-1".
        yield return Bad("dependsOn an earlier and a later ReplicatedJob",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2").DependingOn("job-1", "job-3"), RJob("job-3").DependingOn("job-1")),
            "spec.replicatedJobs[1].dependsOn[1].name", "replicatedJob: job-2 cannot depend on replicatedJob: job-3");

        // TestValidateCreate / "job-2 depends on invalid ReplicatedJob".
        yield return Bad("dependsOn an unknown ReplicatedJob",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2").DependingOn("invalid")),
            "spec.replicatedJobs[1].dependsOn[0].name", "replicatedJob: job-2 cannot depend on replicatedJob: invalid");

        // TestValidateCreate / "dependsOn cannot be set for first replicated job".
        yield return Bad("dependsOn on the first ReplicatedJob",
            () => JobSetOf("js", RJob("job-1").DependingOn("invalid")),
            "spec.replicatedJobs[0].dependsOn", DependsOnValidation.FirstCannotDepend);

        // TestValidateCreate / "volumeClaimPolicy is invalid since template names are not unique".
        yield return Bad("claim name used by two policies",
            () => JobSetOf("js", RJob("job-1").Mounting("duplicate-volume"))
                .With(s => s.VolumeClaimPolicies = [Claim("duplicate-volume"), Claim("duplicate-volume", RetentionPolicyType.Retain)]),
            "spec.volumeClaimPolicies[1].template[0].name", "names must be unique for VolumeClaimPolicies template");

        // TestValidateCreate / "volumeClaimPolicy is invalid since template name has uppercase letters".
        yield return Bad("claim name with capitals",
            () => JobSetOf("js", RJob("job-1").Mounting("InvalidVolumeName")).With(s => s.VolumeClaimPolicies = [Claim("InvalidVolumeName")]),
            "spec.volumeClaimPolicies[0].template[0].name", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");

        // TestValidateCreate / "volumeClaimPolicy is invalid since template name is too long".
        yield return Bad("claim name makes a 67-character PVC name",
            () => JobSetOf("js", RJob("job-1").Mounting(new string('a', 64))).With(s => s.VolumeClaimPolicies = [Claim(new string('a', 64))]),
            "spec.volumeClaimPolicies[0].template[0].name", "VolumeClaimPolicies template name is too long");

        // TestValidateCreate / "volumeClaimPolicy is invalid since no matching volumeMount in containers".
        yield return Bad("claim mounted nowhere",
            () => JobSetOf("js", RJob("job-1")).With(s => s.VolumeClaimPolicies = [Claim("test-volume")]),
            "spec.replicatedJobs", "replicatedJob containers don't have a matching volumeMount: test-volume from VolumeClaimPolicies");

        // TestValidateCreate / "volumeClaimPolicy is invalid since volume name conflicts with existing volume".
        yield return Bad("pod volume named like the claim",
            () => JobSetOf("js", RJob("job-1").Mounting("conflicting-volume").WithJob(j => j.Template.Spec.Volumes = [new V1Volume { Name = "conflicting-volume", EmptyDir = new V1EmptyDirVolumeSource() }]))
                .With(s => s.VolumeClaimPolicies = [Claim("conflicting-volume")]),
            "spec.replicatedJobs[0].template.spec.template.spec.volumes[0].name", "volume name conflicts with VolumeClaimPolicy template name: conflicting-volume");

        // TestValidateCreate / "volumeClaimPolicy retention policy must be retain for existing PVC".
        yield return Bad("existing PVC with retention Delete",
            () => JobSetOf("js", RJob("job-1").Mounting("test-volume")).With(s => s.VolumeClaimPolicies = [Claim("test-volume")]),
            "spec.volumeClaimPolicies[0].retentionPolicy.whenDeleted", "retentionPolicy must be retain when PVC exists",
            existing: [ExistingClaim("test-volume-js", ClaimSpec())]);

        // TestValidateCreate / "volumeClaimPolicy is invalid when existing PVC does not match template spec".
        yield return Bad("existing PVC with another spec",
            () => JobSetOf("js", RJob("job-1").Mounting("test-volume")).With(s => s.VolumeClaimPolicies = [Claim("test-volume", RetentionPolicyType.Retain)]),
            "spec.volumeClaimPolicies[0].template[0].spec", "spec does not match existing PVC test-volume-js in namespace default",
            existing: [ExistingClaim("test-volume-js", ClaimSpec("ReadWriteOnce", "2Gi"))]);

        // TestValidateCreate / "InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled".
        yield return Bad("InPlaceRestart with the gate off",
            () => JobSetOf("js", RJob("job-1")).With(s => s.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = RestartStrategy.InPlaceRestart }),
            "spec.failurePolicy.restartStrategy", InPlaceRestartValidation.GateDisabled);

        // TestValidateCreate / "InPlaceRestart enabled: backoffLimit is not MaxInt32".
        yield return Bad("InPlaceRestart with backoffLimit 0",
            () => InPlace(j => j.BackoffLimit = 0),
            "spec.replicatedJobs[0].template.spec.backoffLimit", "replicatedJob job-1: must be set to 2147483647 (MaxInt32) when in-place restart is enabled",
            InPlaceOn);

        // TestValidateCreate / "InPlaceRestart enabled: podReplacementPolicy is not Failed".
        yield return Bad("InPlaceRestart replacing terminating pods",
            () => InPlace(j => j.PodReplacementPolicy = "TerminatingOrFailed"),
            "spec.replicatedJobs[0].template.spec.podReplacementPolicy", "replicatedJob job-1: must be set to Failed when in-place restart is enabled",
            InPlaceOn);

        // TestValidateCreate / "InPlaceRestart enabled: completions != parallelism".
        yield return Bad("InPlaceRestart with completions 2, parallelism 1",
            () => InPlace(j => j.Completions = 2),
            "spec.replicatedJobs[0].template.spec.completions", "replicatedJob job-1: completions and parallelism must be set and equal to each other when in-place restart is enabled",
            InPlaceOn);

        // TestValidateCreate / "InPlaceRestart enabled: completions is nil".
        yield return Bad("InPlaceRestart without completions",
            () => InPlace(j => j.Completions = null),
            "spec.replicatedJobs[0].template.spec.completions", "completions and parallelism must be set and equal",
            InPlaceOn);

        // TestValidateCreate / "InPlaceRestart enabled: parallelism is nil".
        yield return Bad("InPlaceRestart without parallelism",
            () => InPlace(j => j.Parallelism = null),
            "spec.replicatedJobs[0].template.spec.completions", "completions and parallelism must be set and equal",
            InPlaceOn);
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        // TestValidateCreate / "number of pods within the limit".
        yield return Good("one ReplicatedJob of one pod", () => JobSetOf("js", RJob("test-jobset-replicated-job-0")));

        // TestValidateCreate / "jobset controller name is set and valid".
        yield return Good("managedBy the JobSet controller", () => Indexed().With(s => s.ManagedBy = "jobset.sigs.k8s.io/jobset-controller"));

        // TestValidateCreate / "jobset controller name is unset".
        yield return Good("no managedBy", Indexed);

        // TestValidateCreate / "failure policy rule name is valid".
        yield return Good("well-formed rule name", () => Indexed().With(s => s.FailurePolicy = new V1alpha2FailurePolicy { Rules = [Rule("superAwesomeFailurePolicyRule")] }));

        // TestValidateCreate / "DependsOn is valid since job-2 depends on job-1 and job-3 depends on job-1".
        yield return Good("two ReplicatedJobs depend on the first",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2").DependingOn("job-1"), RJob("job-3").DependingOn("job-1")));

        // TestValidateCreate / "DependsOn is valid since job-2 depends on job-1 and job-3 depends on job-2".
        yield return Good("a chain of dependencies",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2").DependingOn("job-1"), RJob("job-3").DependingOn("job-2")));

        // TestValidateCreate / "DependsOn is valid since job-3 depends on job-1 and job-2".
        yield return Good("one ReplicatedJob depends on two earlier ones",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2"), RJob("job-3").DependingOn("job-1", "job-2")));

        // TestValidateCreate / "dependsOn should not fail if there are no replicated jobs".
        yield return Good("no ReplicatedJobs at all", () => JobSetOf("js"));

        // TestValidateCreate / "volumeClaimPolicy is valid since volume exists in the container".
        yield return Good("claim mounted by a container",
            () => JobSetOf("js", RJob("job-1").Mounting("test-volume")).With(s => s.VolumeClaimPolicies = [Claim("test-volume")]));

        // TestValidateCreate / "volumeClaimPolicy is valid since volume exists in the initContainer".
        yield return Good("claim mounted by an init container of another ReplicatedJob",
            () => JobSetOf("js", RJob("job-1"), RJob("job-2").Mounting("test-volume", initContainer: true)).With(s => s.VolumeClaimPolicies = [Claim("test-volume")]));

        // TestValidateCreate / "volumeClaimPolicy is valid when existing PVC matches template spec".
        yield return Good("existing PVC with the same spec and retention Retain",
            () => JobSetOf("js", RJob("job-1").Mounting("test-volume")).With(s => s.VolumeClaimPolicies = [Claim("test-volume", RetentionPolicyType.Retain)]),
            existing: [ExistingClaim("test-volume-js", ClaimSpec())]);

        // TestValidateCreate / "InPlaceRestart restart strategy can be set when InPlaceRestart feature gate is enabled".
        yield return Good("InPlaceRestart with every Job condition met", () => InPlace(_ => { }), InPlaceOn);
    }

    /// <summary>
    /// Entries of upstream's webhook integration tests (test/integration/webhook/jobset_webhook_test.go):
    /// the JobSet goes through defaulting, then the schema and the webhook, as on a real cluster.
    /// Null path: accepted.
    /// </summary>
    private static IEnumerable<TestCaseData> ThroughTheApiServer()
    {
        // "success policy with invalid replicatedJob name is rejected".
        yield return Cluster("success policy names an unknown ReplicatedJob",
            () => Integration(RJob("rjob")).With(s => s.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = SuccessOperator.All, TargetReplicatedJobs = ["does-not-exist"] }),
            "spec.successPolicy.targetReplicatedJobs[0]", "does not appear in .spec.ReplicatedJobs");

        // "negative replicated job replicas are rejected".
        yield return Cluster("replicas -1", () => Integration(RJob("negative-replicas", replicas: -1)),
            "spec.replicatedJobs[0].replicas", "Invalid value: -1: spec.replicatedJobs[0].replicas in body should be greater than or equal to 0");

        // "zero replicated job replicas are accepted".
        yield return Cluster("replicas 0", () => Integration(RJob("zero-replicas", replicas: 0)), null, null);

        // "DependsOn and StartupPolicy: AnyOrder can be set together".
        yield return Cluster("dependsOn with AnyOrder startup",
            () => Integration(RJob("rjob-1"), RJob("rjob-2").DependingOn("rjob-1")).With(s => s.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = StartupPolicyOrder.AnyOrder }),
            null, null);

        // "DependsOn and StartupPolicy: InOrder can't be set together".
        yield return Cluster("dependsOn with InOrder startup",
            () => Integration(RJob("rjob-1"), RJob("rjob-2").DependingOn("rjob-1")).With(s => s.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = StartupPolicyOrder.InOrder }),
            "spec", "Invalid value: \"object\": StartupPolicy and DependsOn APIs are mutually exclusive");

        // "DependsOn can't be set for the first ReplicatedJob".
        yield return Cluster("dependsOn on the first ReplicatedJob",
            () => Integration(RJob("rjob-1").DependingOn("rjob-2"), RJob("rjob-2")),
            "spec.replicatedJobs[0].dependsOn", DependsOnValidation.FirstCannotDepend);

        // "DependsOn list must contain valid ReplicatedJob status".
        yield return Cluster("dependsOn status Failed",
            () => Integration(RJob("rjob-1"), RJob("rjob-2").DependingOn("rjob-1")).With(s => s.ReplicatedJobs![1].DependsOn![0].Status = "Failed"),
            "spec.replicatedJobs[1].dependsOn[0].status", "Unsupported value: \"Failed\": supported values: \"Ready\", \"Complete\"");

        // Beyond upstream's table: the mutating webhook's patch drops an empty dependsOn list
        // (omitempty), so neither the CEL rule nor the first-ReplicatedJob check sees it.
        yield return Cluster("empty dependsOn list on the first ReplicatedJob with InOrder startup",
            () => Integration(RJob("rjob-1"), RJob("rjob-2")).With(s =>
            {
                s.ReplicatedJobs![0].DependsOn = [];
                s.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = StartupPolicyOrder.InOrder };
            }),
            null, null);

        // "JobSet can create with no replicated jobs".
        yield return Cluster("no ReplicatedJobs", () => Integration(), null, null);

        // "spec that will lead to invalid coordinator label value (...) should be rejected".
        yield return Cluster("60-character name with a coordinator",
            () => Integration(RJob("rjob-a")).With(s => s.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "rjob-a" }).Renamed(new string('a', 60)),
            "spec.coordinator", "spec will lead to invalid label value");

        // "VolumeClaimPolicies template with namespace should be rejected".
        yield return Cluster("claim template with a namespace",
            () => Integration(RJob("rjob").Mounting("test-volume")).With(s =>
            {
                s.VolumeClaimPolicies = [Claim("test-volume", whenDeleted: null)];
                s.VolumeClaimPolicies[0].Templates![0].Metadata.NamespaceProperty = "invalid-namespace";
            }),
            "spec.volumeClaimPolicies[0]", SchemaValidation.ClaimTemplateNamespace);

        // "VolumeClaimPolicies exceeding MaxItems=50 should be rejected".
        yield return Cluster("51 claim policies",
            () =>
            {
                var rjob = RJob("rjob");
                var names = Enumerable.Range(0, 51).Select(i => $"test-volume-{i}").ToList();
                names.ForEach(n => rjob.Mounting(n));
                return Integration(rjob).With(s => s.VolumeClaimPolicies = [.. names.Select(n => Claim(n, whenDeleted: null))]);
            },
            "spec.volumeClaimPolicies", "Too many: 51: must have at most 50 items");

        // "VolumeClaimPolicies templates exceeding MaxItems=50 should be rejected".
        yield return Cluster("51 templates in one claim policy",
            () =>
            {
                var rjob = RJob("rjob");
                var names = Enumerable.Range(0, 51).Select(i => $"test-volume-{i}").ToList();
                names.ForEach(n => rjob.Mounting(n));
                return Integration(rjob).With(s => s.VolumeClaimPolicies =
                [
                    new V1alpha2VolumeClaimPolicy { Templates = [.. names.Select(n => new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = n } })] },
                ]);
            },
            "spec.volumeClaimPolicies[0].templates", "Too many: 51: must have at most 50 items");
    }

    [TestCaseSource(nameof(ThroughTheApiServer))]
    public void Created_through_defaulting_then_validation(Func<V1alpha2JobSet> build, string? path, string? keyWords)
    {
        var result = JobSetValidator.ValidateCreate(JobSetDefaulter.Apply(build()), FeatureGates.Default);

        if (path is null)
        {
            Assert.That(result.IsValid, Is.True, () => Dump(result.Errors));
        }
        else
        {
            AssertHas(result, path, keyWords!);
        }
    }

    [TestCaseSource(nameof(Rejected))]
    public void Rejects(Func<V1alpha2JobSet> build, FeatureGates gates, V1PersistentVolumeClaim[] existing, string path, string keyWords)
    {
        var result = JobSetValidator.ValidateCreate(build(), gates, existing);

        AssertHas(result, path, keyWords);
    }

    [TestCaseSource(nameof(Accepted))]
    public void Accepts(Func<V1alpha2JobSet> build, FeatureGates gates, V1PersistentVolumeClaim[] existing)
    {
        var result = JobSetValidator.ValidateCreate(build(), gates, existing);

        Assert.That(result.IsValid, Is.True, () => Dump(result.Errors));
    }

    // jobset_webhook.go ValidateCreate's order: the gate and first-dependsOn checks, subdomain,
    // managedBy, then each ReplicatedJob in turn (product, group, Job and pod names,
    // dependsOn, in-place restart), then success policy, failure policy, coordinator, claims.
    [Test]
    public void Errors_come_in_upstreams_order()
    {
        var jobSet = JobSetOf(
            "js",
            RJob("a", replicas: int.MaxValue, parallelism: 2).DependingOn("b"),
            RJob("b", replicas: int.MaxValue, parallelism: 2).DependingOn("c"));
        jobSet.Spec.ReplicatedJobs![0].GroupName = "Bad_Group";
        jobSet.Spec.Network = new V1alpha2Network { Subdomain = "Bad_Subdomain" };
        jobSet.Spec.SuccessPolicy!.TargetReplicatedJobs = ["x"];

        var paths = JobSetValidator.ValidateCreate(jobSet, FeatureGates.Default).Errors.Select(e => e.Path);

        Assert.That(paths, Is.EqualTo(new[]
        {
            "spec.replicatedJobs[0].dependsOn",
            "spec.network.subdomain",
            "spec.network.subdomain",
            "spec.replicatedJobs[0].replicas",
            "spec.replicatedJobs[0].groupName",
            "spec.replicatedJobs[0].dependsOn[0].name",
            "spec.replicatedJobs[1].replicas",
            "spec.replicatedJobs[1].dependsOn[0].name",
            "spec.successPolicy.targetReplicatedJobs[0]",
        }));
    }

    // TestGetJobSetNameForValidation / "name is used directly".
    [Test]
    public void Name_for_validation_is_the_name_when_set()
    {
        var jobSet = JobSetOf("jobset-name");
        jobSet.Metadata.GenerateName = "ignored-";

        Assert.That(CreateContext.NameForValidation(jobSet), Is.EqualTo("jobset-name"));
    }

    // TestGetJobSetNameForValidation / "generateName uses apiserver truncation rules".
    [Test]
    public void Name_for_validation_cuts_a_long_generateName_to_58_and_adds_5()
    {
        var name = CreateContext.NameForValidation(Generated(new string('a', 60)));

        Assert.That(name, Has.Length.EqualTo(63).And.StartsWith(new string('a', 58)));
        Assert.That(name[58..], Does.Not.StartWith("a"), "only 58 characters of the prefix are kept");
    }

    // TestGetJobSetNameForValidation / "empty metadata returns empty name".
    [Test]
    public void Name_for_validation_is_empty_without_name_or_generateName()
    {
        Assert.That(CreateContext.NameForValidation(new V1alpha2JobSet()), Is.Empty);
    }

    // TestValidateCreate / "generateName that produces overlong child job names is rejected",
    // turned around: one character less of prefix fits exactly (63).
    [Test]
    public void GenerateName_one_shorter_fits_exactly()
    {
        var result = JobSetValidator.ValidateCreate(Generated(new string('a', 48) + "-", RJob("worker")), FeatureGates.Default);

        Assert.That(result.IsValid, Is.True, () => Dump(result.Errors));
    }

    /// <summary>What upstream's integration tests create: no success policy (defaulting adds it), Indexed Jobs.</summary>
    private static V1alpha2JobSet Integration(params V1alpha2ReplicatedJob[] rjobs)
    {
        var jobSet = JobSetOf("js", rjobs).With(s => s.SuccessPolicy = null);
        foreach (var rjob in rjobs)
        {
            rjob.Template.Spec.CompletionMode = "Indexed";
        }

        return jobSet;
    }

    private static TestCaseData Cluster(string name, Func<V1alpha2JobSet> build, string? path, string? keyWords) =>
        new TestCaseData(build, path, keyWords).SetName($"Create through the API server {(path is null ? "accepts" : "rejects")}: {name}");

    private static V1alpha2JobSet Indexed() => JobSetOf("js", RJob("rj", parallelism: 1, completions: 1, indexed: true));

    private static V1alpha2JobSet TwoIndexed() => JobSetOf(
        "js",
        RJob("replicatedjob-a", replicas: 2, parallelism: 2, completions: 2, indexed: true),
        RJob("replicatedjob-b", replicas: 2, parallelism: 2, completions: 2, indexed: true));

    /// <summary>Upstream's valid in-place restart JobSet, changed by <paramref name="change"/>.</summary>
    private static V1alpha2JobSet InPlace(Action<V1JobSpec> change) =>
        JobSetOf("js", RJob("job-1", parallelism: 1, completions: 1).WithJob(j =>
        {
            j.BackoffLimit = int.MaxValue;
            j.PodReplacementPolicy = "Failed";
            change(j);
        })).With(s => s.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = RestartStrategy.InPlaceRestart });

    private static V1alpha2FailurePolicyRule Rule(string name, string action = FailurePolicyAction.FailJobSet) => new() { Name = name, Action = action };

    private static TestCaseData Bad(string name, Func<V1alpha2JobSet> build, string path, string keyWords, FeatureGates? gates = null, V1PersistentVolumeClaim[]? existing = null) =>
        new TestCaseData(build, gates ?? FeatureGates.Default, existing ?? [], path, keyWords).SetName($"Create rejects: {name}");

    private static TestCaseData Good(string name, Func<V1alpha2JobSet> build, FeatureGates? gates = null, V1PersistentVolumeClaim[]? existing = null) =>
        new TestCaseData(build, gates ?? FeatureGates.Default, existing ?? []).SetName($"Create accepts: {name}");
}
