using JobSet.Core.Admission;
using JobSet.Core.Admission.Rules;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Admission;

/// <summary>Create validation, rule by rule: each case breaks one rule of the base JobSet.</summary>
public class CreateValidationTests
{
    private static readonly FeatureGates RestartJobOn = new(RestartJob: true);
    private static readonly FeatureGates InPlaceOn = new(InPlaceRestart: true);

    private static V1alpha2ReplicatedJob Leader(V1alpha2JobSet js) => js.Spec.ReplicatedJobs![0];

    private static V1alpha2ReplicatedJob Workers(V1alpha2JobSet js) => js.Spec.ReplicatedJobs![1];

    private static IEnumerable<TestCaseData> Rejected()
    {
        // Generated names.
        yield return Bad("job names too long", js => js.Metadata.Name = new string('a', 55),
            "spec.replicatedJobs[0].name", "JobSet name is too long, job names generated for this JobSet will exceed 63 characters");
        yield return Bad("pod names too long", js => js.Metadata.Name = new string('a', 50),
            "spec.replicatedJobs[0].name", "JobSet name is too long, pod names generated for this JobSet will exceed 63 characters");
        yield return Bad("generateName counts 5 generated characters", js => { js.Metadata.Name = null; js.Metadata.GenerateName = new string('g', 47); },
            "spec.replicatedJobs[0].name", "pod names generated for this JobSet will exceed 63 characters");
        yield return Bad("job name not a DNS-1035 label", js => js.Metadata.Name = "1js",
            "spec.replicatedJobs[0].name", "Invalid value: \"1js-leader-0\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        yield return Bad("replicatedJob name with upper case", js => Workers(js).Name = "Workers",
            "spec.replicatedJobs[1].name", "Invalid value: \"js-Workers-1\": a DNS-1035 label");
        yield return Bad("groupName not a DNS-1035 label", js => Leader(js).GroupName = "Group_1",
            "spec.replicatedJobs[0].groupName", "Invalid value: \"Group_1\": a DNS-1035 label");
        yield return Bad("groupName too long", js => Leader(js).GroupName = new string('g', 64),
            "spec.replicatedJobs[0].groupName", ".spec.replicatedJob[].groupName is too long, must be less than 63 characters");

        // Network and managedBy.
        yield return Bad("subdomain not a DNS-1123 subdomain", js => js.Spec.Network = new V1alpha2Network { Subdomain = "Net_1" },
            "spec.network.subdomain", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");
        yield return Bad("subdomain with a dot is no DNS-1035 label", js => js.Spec.Network = new V1alpha2Network { Subdomain = "my.net" },
            "spec.network.subdomain", "Invalid value: \"my.net\": a DNS-1035 label");
        yield return Bad("subdomain too long", js => js.Spec.Network = new V1alpha2Network { Subdomain = new string('s', 64) },
            "spec.network.subdomain", ".spec.network.subdomain is too long, must be less than 63 characters");
        yield return Bad("managedBy not domain-prefixed", js => js.Spec.ManagedBy = "notDomainPrefixedPathControllerName",
            "spec.managedBy", "Invalid value: \"notDomainPrefixedPathControllerName\": must be a domain-prefixed path (such as \"acme.io/foo\")");
        yield return Bad("managedBy with a bad domain", js => js.Spec.ManagedBy = "Acme_IO/foo",
            "spec.managedBy", "Invalid value: \"Acme_IO\": a lowercase RFC 1123 subdomain");
        yield return Bad("managedBy with a bad path", js => js.Spec.ManagedBy = "acme.io/f o",
            "spec.managedBy", "Invalid value: \"f o\": Invalid path (regex used for validation is");
        yield return Bad("managedBy too long", js => js.Spec.ManagedBy = "foo.bar/" + new string('a', 63),
            "spec.managedBy", "Too long: may not be more than 63 bytes");

        // Replicas and parallelism.
        yield return Bad("replicas x parallelism over MaxInt32", js => { Workers(js).Replicas = 2; Workers(js).Template.Spec.Parallelism = int.MaxValue; Workers(js).Template.Spec.Completions = null; },
            "spec.replicatedJobs[1].replicas", "the product of replicas and parallelism must not exceed 2147483647 for replicatedJob 'workers'");

        // dependsOn.
        yield return Bad("dependsOn on the first ReplicatedJob", js => Leader(js).DependsOn = [new() { Name = "workers", Status = "Ready" }],
            "spec.replicatedJobs[0].dependsOn", "DependsOn can't be set for the first ReplicatedJob");
        yield return Bad("dependsOn a later ReplicatedJob", js =>
            {
                js.Spec.ReplicatedJobs!.Add(new V1alpha2ReplicatedJob { Name = "evaluator", Template = Leader(js).Template });
                Workers(js).DependsOn = [new() { Name = "evaluator", Status = "Complete" }];
            },
            "spec.replicatedJobs[1].dependsOn[0].name", "replicatedJob: workers cannot depend on replicatedJob: evaluator");
        yield return Bad("dependsOn an unknown ReplicatedJob", js => Workers(js).DependsOn = [new() { Name = "ghost", Status = "Ready" }],
            "spec.replicatedJobs[1].dependsOn[0].name", "replicatedJob: workers cannot depend on replicatedJob: ghost");

        // Success policy.
        yield return Bad("success policy target unknown", js => js.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = "Any", TargetReplicatedJobs = ["leader", "does not exist"] },
            "spec.successPolicy.targetReplicatedJobs[1]", "invalid replicatedJob name 'does not exist' does not appear in .spec.ReplicatedJobs");

        // Failure policy.
        yield return Bad("rule with an unknown job failure reason", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "r", Action = "FailJobSet", OnJobFailureReasons = ["BackoffLimitExceeded", "fakeReason"] }),
            "spec.failurePolicy.rules[0].onJobFailureReasons[1]", "invalid job failure reason 'fakeReason' in failure policy is not a recognized job failure reason");
        yield return Bad("rule target unknown", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "r", Action = "FailJobSet", TargetReplicatedJobs = ["fakeReplicatedJob"] }),
            "spec.failurePolicy.rules[0].targetReplicatedJobs[0]", "invalid replicatedJob name 'fakeReplicatedJob' in failure policy does not appear in .spec.ReplicatedJobs");
        yield return Bad("rule name too long", js => Rules(js, new V1alpha2FailurePolicyRule { Name = new string('r', 129), Action = "FailJobSet" }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name of length 129, the rule name must be at least 1 characters long and at most 128 characters long");
        yield return Bad("rule name starting with a digit", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "1ruleToRuleThemAll", Action = "FailJobSet" }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name '1ruleToRuleThemAll', a failure policy rule name must start with an alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'");
        yield return Bad("rule name ending with a comma", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "ruleToRuleThemAll,", Action = "FailJobSet" }),
            "spec.failurePolicy.rules[0].name", "invalid failure policy rule name 'ruleToRuleThemAll,'");
        yield return Bad("rule names repeated", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "repeatedRuleName", Action = "FailJobSet" }, new V1alpha2FailurePolicyRule { Name = "repeatedRuleName", Action = "RestartJobSet" }),
            "spec.failurePolicy.rules[1].name", "rule names are not unique, rules with indices [0 1] all have the same name 'repeatedRuleName'");
        yield return Bad("RestartJob without its gate", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "a", Action = "FailJobSet" }, new V1alpha2FailurePolicyRule { Name = "b", Action = "RestartJob" }),
            "spec.failurePolicy.rules[1].action", "RestartJob and RestartJobAndIgnoreMaxRestarts failure policy actions are not allowed when RestartJob feature gate is disabled");
        yield return Bad("RestartJobAndIgnoreMaxRestarts without its gate", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "a", Action = "RestartJobAndIgnoreMaxRestarts" }),
            "spec.failurePolicy.rules[0].action", "not allowed when RestartJob feature gate is disabled");
        yield return Bad("RestartJob with more than 1024 replicas", js => { Rules(js, new V1alpha2FailurePolicyRule { Name = "a", Action = "RestartJob" }); Workers(js).Replicas = 1025; },
            "spec.replicatedJobs[1].replicas", "JobSet cannot have a failure policy rule with RestartJob or RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > 1024", RestartJobOn);

        // In-place restart.
        yield return Bad("InPlaceRestart without its gate", js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = "InPlaceRestart" },
            "spec.failurePolicy.restartStrategy", "InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled");
        yield return Bad("InPlaceRestart needs backoffLimit MaxInt32", js => InPlace(js, j => j.BackoffLimit = 6),
            "spec.replicatedJobs[0].template.spec.backoffLimit", "Invalid value: 6: replicatedJob leader: must be set to 2147483647 (MaxInt32) when in-place restart is enabled", InPlaceOn);
        yield return Bad("InPlaceRestart needs podReplacementPolicy Failed", js => InPlace(js, j => j.PodReplacementPolicy = "TerminatingOrFailed"),
            "spec.replicatedJobs[0].template.spec.podReplacementPolicy", "replicatedJob leader: must be set to Failed when in-place restart is enabled", InPlaceOn);
        yield return Bad("InPlaceRestart needs completions == parallelism", js => InPlace(js, j => j.Completions = 2),
            "spec.replicatedJobs[0].template.spec.completions", "replicatedJob leader: completions and parallelism must be set and equal to each other when in-place restart is enabled", InPlaceOn);
        yield return Bad("InPlaceRestart needs completions set", js => InPlace(js, j => j.Completions = null),
            "spec.replicatedJobs[0].template.spec.completions", "Invalid value: null: replicatedJob leader: completions and parallelism must be set", InPlaceOn);

        // Coordinator.
        yield return Bad("coordinator ReplicatedJob unknown", js => js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "fake-rjob" },
            "spec.coordinator.replicatedJob", "coordinator replicatedJob fake-rjob does not exist");
        yield return Bad("coordinator job index out of range", js => js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "workers", JobIndex = 2 },
            "spec.coordinator.jobIndex", "coordinator job index 2 is invalid for replicatedJob workers");
        yield return Bad("coordinator negative job index", js => js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "workers", JobIndex = -1 },
            "spec.coordinator.jobIndex", "coordinator job index -1 is invalid for replicatedJob workers");
        yield return Bad("coordinator in a NonIndexed Job", js => { js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "workers" }; Workers(js).Template.Spec.CompletionMode = "NonIndexed"; },
            "spec.coordinator.replicatedJob", "job for coordinator pod must be indexed completion mode, and completions number must be set");
        yield return Bad("coordinator without completions", js => { js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "workers" }; Workers(js).Template.Spec.Completions = null; },
            "spec.coordinator.replicatedJob", "job for coordinator pod must be indexed completion mode, and completions number must be set");
        yield return Bad("coordinator pod index out of range", js => js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "workers", JobIndex = 1, PodIndex = 4 },
            "spec.coordinator.podIndex", "coordinator pod index 4 is invalid for replicatedJob workers job index 1");
        yield return Bad("coordinator endpoint too long for a label", js => { js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "leader" }; js.Spec.Network = new V1alpha2Network { Subdomain = new string('s', 50) }; },
            "spec.coordinator", "spec will lead to invalid label value \"js-leader-0-0." + new string('s', 50) + "\" for coordinator label \"jobset.sigs.k8s.io/coordinator\" (long JobSet / ReplicatedJob / SubDomain name?): must be no more than 63 bytes");

        // Volume claim policies.
        yield return Bad("claim names repeated", js => Claims(js, Claim("data"), Claim("data")),
            "spec.volumeClaimPolicies[0].template[1].name", "Invalid value: \"data\": names must be unique for VolumeClaimPolicies template");
        yield return Bad("claim name not a DNS-1123 subdomain", js => Claims(js, Claim("Data_1")),
            "spec.volumeClaimPolicies[0].template[0].name", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");
        yield return Bad("generated PVC name too long", js => { js.Metadata.Name = new string('j', 30); Workers(js).Template.Spec.Template.Spec.Containers[0].VolumeMounts[0].Name = new string('d', 33); Claims(js, Claim(new string('d', 33))); },
            "spec.volumeClaimPolicies[0].template[0].name", "VolumeClaimPolicies template name is too long");
        yield return Bad("claim without a volumeMount", js => Claims(js, Claim("data"), Claim("unused")),
            "spec.replicatedJobs", "replicatedJob containers don't have a matching volumeMount: unused from VolumeClaimPolicies");
        yield return Bad("claim clashing with a pod volume", js => { Claims(js, Claim("data")); Leader(js).Template.Spec.Template.Spec.Volumes = [new V1Volume { Name = "scratch" }, new V1Volume { Name = "data" }]; },
            "spec.replicatedJobs[0].template.spec.template.spec.volumes[1].name", "volume name conflicts with VolumeClaimPolicy template name: data");

        // Schema: required, enums, minimums, maxItems, CEL.
        yield return Bad("replicatedJob without a name", js => Leader(js).Name = "",
            "spec.replicatedJobs[0].name", "Required value");
        yield return Bad("replicatedJob names repeated", js => Workers(js).Name = "leader",
            "spec.replicatedJobs[1]", "Duplicate value: {\"name\":\"leader\"}");
        yield return Bad("negative replicas", js => Workers(js).Replicas = -1,
            "spec.replicatedJobs[1].replicas", "Invalid value: -1: spec.replicatedJobs[1].replicas in body should be greater than or equal to 0");
        yield return Bad("negative ttlSecondsAfterFinished", js => js.Spec.TtlSecondsAfterFinished = -5,
            "spec.ttlSecondsAfterFinished", "Invalid value: -5: spec.ttlSecondsAfterFinished in body should be greater than or equal to 0");
        yield return Bad("unknown restart strategy", js => js.Spec.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = "Reboot" },
            "spec.failurePolicy.restartStrategy", "Unsupported value: \"Reboot\": supported values: \"Recreate\", \"BlockingRecreate\", \"InPlaceRestart\"");
        yield return Bad("unknown rule action", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "r", Action = "Retry" }),
            "spec.failurePolicy.rules[0].action", "Unsupported value: \"Retry\": supported values: \"FailJobSet\", \"RestartJobSet\", \"RestartJobSetAndIgnoreMaxRestarts\", \"RestartJob\", \"RestartJobAndIgnoreMaxRestarts\"");
        yield return Bad("rule without an action", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "r" }),
            "spec.failurePolicy.rules[0].action", "Required value");
        yield return Bad("unknown success operator", js => js.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = "Some" },
            "spec.successPolicy.operator", "Unsupported value: \"Some\": supported values: \"All\", \"Any\"");
        yield return Bad("unknown startup order", js => js.Spec.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = "Random" },
            "spec.startupPolicy.startupPolicyOrder", "Unsupported value: \"Random\": supported values: \"AnyOrder\", \"InOrder\"");
        yield return Bad("unknown dependsOn status", js => Workers(js).DependsOn = [new() { Name = "leader", Status = "Started" }],
            "spec.replicatedJobs[1].dependsOn[0].status", "Unsupported value: \"Started\": supported values: \"Ready\", \"Complete\"");
        yield return Bad("dependsOn names repeated", js => Workers(js).DependsOn = [new() { Name = "leader", Status = "Ready" }, new() { Name = "leader", Status = "Complete" }],
            "spec.replicatedJobs[1].dependsOn[1]", "Duplicate value: {\"name\":\"leader\"}");
        yield return Bad("more than 5 dependsOn", js => Workers(js).DependsOn = Enumerable.Range(0, 6).Select(i => new V1alpha2DependsOn { Name = "leader" + i, Status = "Ready" }).ToList(),
            "spec.replicatedJobs[1].dependsOn", "Too many: 6: must have at most 5 items");
        yield return Bad("unknown retention policy", js => { Claims(js, Claim("data")); js.Spec.VolumeClaimPolicies![0].RetentionPolicy = new V1alpha2VolumeRetentionPolicy { WhenDeleted = "Keep" }; },
            "spec.volumeClaimPolicies[0].retentionPolicy.whenDeleted", "Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"");
        yield return Bad("more than 50 claim policies", js => js.Spec.VolumeClaimPolicies = Enumerable.Range(0, 51).Select(_ => new V1alpha2VolumeClaimPolicy()).ToList(),
            "spec.volumeClaimPolicies", "Too many: 51: must have at most 50 items");
        yield return Bad("more than 50 claim templates", js => Claims(js, Enumerable.Range(0, 51).Select(i => Claim("c" + i)).ToArray()),
            "spec.volumeClaimPolicies[0].templates", "Too many: 51: must have at most 50 items");
        yield return Bad("claim template with a namespace", js => { var c = Claim("data"); c.Metadata.NamespaceProperty = "other"; Claims(js, c); },
            "spec.volumeClaimPolicies[0]", "Invalid value: \"object\": namespace cannot be set for VolumeClaimPolicies templates");
        yield return Bad("InOrder startup with dependsOn", js => { js.Spec.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = "InOrder" }; Workers(js).DependsOn = [new() { Name = "leader", Status = "Ready" }]; },
            "spec", "Invalid value: \"object\": StartupPolicy and DependsOn APIs are mutually exclusive");
        yield return Bad("coordinator without a ReplicatedJob", js => js.Spec.Coordinator = new V1alpha2Coordinator(),
            "spec.coordinator.replicatedJob", "Required value");
        yield return Bad("dependsOn without a name", js => Workers(js).DependsOn = [new() { Name = "", Status = "Ready" }],
            "spec.replicatedJobs[1].dependsOn[0].name", "Required value");
        yield return Bad("dependsOn without a status", js => Workers(js).DependsOn = [new() { Name = "leader", Status = "" }],
            "spec.replicatedJobs[1].dependsOn[0].status", "Required value");
        yield return Bad("success policy without an operator", js => js.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = "" },
            "spec.successPolicy.operator", "Required value");
        yield return Bad("startup policy without an order", js => js.Spec.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = "" },
            "spec.startupPolicy.startupPolicyOrder", "Required value");
        yield return Bad("a later claim template with a namespace", js => { var c = Claim("cache"); c.Metadata.NamespaceProperty = "other"; Claims(js, Claim("data"), c); },
            "spec.volumeClaimPolicies[0]", "Invalid value: \"object\": namespace cannot be set for VolumeClaimPolicies templates");
        yield return Bad("claim template without a name", js => Claims(js, new V1PersistentVolumeClaim { Spec = new V1PersistentVolumeClaimSpec() }),
            "spec.volumeClaimPolicies[0].template[0].name", "Invalid value: \"\": a lowercase RFC 1123 subdomain");
        yield return Bad("coordinator endpoint too long and malformed: both problems, comma-separated", js => { js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "leader" }; js.Spec.Network = new V1alpha2Network { Subdomain = new string('s', 50) + "-" }; },
            "spec.coordinator", "(long JobSet / ReplicatedJob / SubDomain name?): must be no more than 63 bytes, a valid label must be an empty string");
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        yield return Good("the base JobSet", _ => { });
        yield return Good("longest job and pod names that fit", js => js.Metadata.Name = new string('a', 45));
        yield return Good("generateName instead of name", js => { js.Metadata.Name = null; js.Metadata.GenerateName = "js-"; });
        yield return Good("dependsOn an earlier ReplicatedJob", js => Workers(js).DependsOn = [new() { Name = "leader", Status = "Complete" }]);
        yield return Good("dependsOn itself (upstream counts its own name as seen)", js => Workers(js).DependsOn = [new() { Name = "workers", Status = "Ready" }]);
        yield return Good("InOrder startup without dependsOn", js => js.Spec.StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = "InOrder" });
        yield return Good("subdomain and managedBy", js => { js.Spec.Network = new V1alpha2Network { Subdomain = "net-1" }; js.Spec.ManagedBy = "kueue.x-k8s.io/multikueue"; });
        yield return Good("every known failure reason", js => Rules(js, new V1alpha2FailurePolicyRule { Name = "Any_rule:1,x", Action = "FailJobSet", OnJobFailureReasons = ["BackoffLimitExceeded", "DeadlineExceeded", "FailedIndexes", "MaxFailedIndexesExceeded", "PodFailurePolicy"], TargetReplicatedJobs = ["workers"] }));
        yield return Good("RestartJob with its gate and 1024 replicas", js => { Rules(js, new V1alpha2FailurePolicyRule { Name = "a", Action = "RestartJob" }); Workers(js).Replicas = 1024; }, RestartJobOn);
        yield return Good("InPlaceRestart with its gate and a fitting template", js => InPlace(js, _ => { }), InPlaceOn);
        yield return Good("coordinator in range", js => js.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "workers", JobIndex = 1, PodIndex = 3 });
        yield return Good("success policy on a known target", js => js.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = "Any", TargetReplicatedJobs = ["leader"] });
        yield return Good("a mounted claim", js => Claims(js, Claim("data")));
        yield return Good("a claim mounted by an init container only", js =>
        {
            Claims(js, Claim("data"), Claim("cache"));
            Leader(js).Template.Spec.Template.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox", VolumeMounts = [new V1VolumeMount { Name = "cache", MountPath = "/c" }] }];
        });
        yield return Good("zero replicas", js => Workers(js).Replicas = 0);
        yield return Good("replicas x parallelism exactly MaxInt32", js => { Workers(js).Replicas = 1; Workers(js).Template.Spec.Parallelism = int.MaxValue; Workers(js).Template.Spec.Completions = null; });
        yield return Good("a volume-claim policy without templates", js => js.Spec.VolumeClaimPolicies = [new V1alpha2VolumeClaimPolicy()]);
        yield return Good("a claim mounted by the init container of a pod without containers", js =>
        {
            Claims(js, Claim("cache"));
            Leader(js).Template.Spec.Template.Spec.Containers = null;
            Leader(js).Template.Spec.Template.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox", VolumeMounts = [new V1VolumeMount { Name = "cache", MountPath = "/c" }] }];
        });
    }

    private static TestCaseData Bad(string name, Action<V1alpha2JobSet> change, string path, string message, FeatureGates? gates = null) =>
        new TestCaseData(change, gates ?? FeatureGates.Default, path, message).SetName($"Rejects: {name}");

    private static TestCaseData Good(string name, Action<V1alpha2JobSet> change, FeatureGates? gates = null) =>
        new TestCaseData(change, gates ?? FeatureGates.Default).SetName($"Accepts: {name}");

    private static void Rules(V1alpha2JobSet js, params V1alpha2FailurePolicyRule[] rules) =>
        js.Spec.FailurePolicy = new V1alpha2FailurePolicy { MaxRestarts = 1, Rules = rules.ToList() };

    private static void Claims(V1alpha2JobSet js, params V1PersistentVolumeClaim[] claims) =>
        js.Spec.VolumeClaimPolicies = [new V1alpha2VolumeClaimPolicy { Templates = claims.ToList() }];

    private static V1PersistentVolumeClaim Claim(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"] },
    };

    private static void InPlace(V1alpha2JobSet js, Action<V1JobSpec> change)
    {
        js.Spec.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = "InPlaceRestart" };
        foreach (var rjob in js.Spec.ReplicatedJobs!)
        {
            rjob.Template.Spec.BackoffLimit = int.MaxValue;
            rjob.Template.Spec.PodReplacementPolicy = "Failed";
        }

        change(Leader(js).Template.Spec);
    }

    [TestCaseSource(nameof(Rejected))]
    public void Rejects_with_the_field_path_and_upstream_message(Action<V1alpha2JobSet> change, FeatureGates gates, string path, string message)
    {
        var result = JobSetValidator.ValidateCreate(JobSets.Defaulted(change), gates);

        Assert.That(result.IsValid, Is.False, "expected the JobSet to be rejected");
        Assert.That(result.Errors, Has.Some.Matches<FieldError>(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal)),
            () => "errors were:\n" + string.Join("\n", result.Errors));
    }

    [TestCaseSource(nameof(Accepted))]
    public void Accepts(Action<V1alpha2JobSet> change, FeatureGates gates)
    {
        var result = JobSetValidator.ValidateCreate(JobSets.Defaulted(change), gates);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.IsValid, Is.True);
    }

    [Test]
    public void Without_the_gate_RestartJob_hides_the_other_failure_policy_errors()
    {
        var js = JobSets.Defaulted(j => Rules(j, new V1alpha2FailurePolicyRule { Name = "1bad", Action = "RestartJob" }));

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "spec.failurePolicy.rules[0].action" }));
    }

    [Test]
    public void A_repeated_name_is_reported_once_at_its_second_holder()
    {
        var js = JobSets.Defaulted(j =>
        {
            Workers(j).Name = "leader";
            j.Spec.ReplicatedJobs!.Add(new V1alpha2ReplicatedJob { Name = "leader", Template = Leader(j).Template });
        });

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs[1]: Duplicate value: {\"name\":\"leader\"}" }));
    }

    [Test]
    public void Schema_errors_are_reported_before_and_instead_of_webhook_errors()
    {
        var js = JobSets.Defaulted(j => { Workers(j).Replicas = -1; j.Spec.Coordinator = new V1alpha2Coordinator { ReplicatedJob = "ghost" }; });

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "spec.replicatedJobs[1].replicas" }));
    }

    [Test]
    public void Every_problem_is_its_own_error()
    {
        var js = JobSets.Defaulted(j =>
        {
            j.Spec.SuccessPolicy = new V1alpha2SuccessPolicy { Operator = "All", TargetReplicatedJobs = ["a", "b"] };
            j.Spec.Network = new V1alpha2Network { Subdomain = "Bad.Name" };
        });

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[]
        {
            "spec.network.subdomain", "spec.network.subdomain",
            "spec.successPolicy.targetReplicatedJobs[0]", "spec.successPolicy.targetReplicatedJobs[1]",
        }));
    }

    private static IEnumerable<TestCaseData> ExistingClaims()
    {
        yield return new TestCaseData("ReadWriteOnce", "Retain", null).SetName("Existing PVC: same spec and Retain is accepted");
        yield return new TestCaseData("ReadWriteMany", "Retain", "spec.volumeClaimPolicies[0].template[0].spec: Invalid value: \"object\": spec does not match existing PVC data-js in namespace default")
            .SetName("Existing PVC: another spec is rejected");
        yield return new TestCaseData("ReadWriteOnce", "Delete", "spec.volumeClaimPolicies[0].retentionPolicy.whenDeleted: Invalid value: \"Delete\": retentionPolicy must be retain when PVC exists")
            .SetName("Existing PVC: retention Delete is rejected");
    }

    [TestCaseSource(nameof(ExistingClaims))]
    public void An_existing_claim_must_match_and_be_retained(string accessMode, string retention, string? expected)
    {
        var js = JobSets.Defaulted(j =>
        {
            Claims(j, Claim("data"));
            j.Spec.VolumeClaimPolicies![0].RetentionPolicy = new V1alpha2VolumeRetentionPolicy { WhenDeleted = retention };
        });
        var existing = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data-js", NamespaceProperty = "default" },
            Spec = new V1PersistentVolumeClaimSpec { AccessModes = [accessMode] },
        };
        var elsewhere = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data-js", NamespaceProperty = "other" },
            Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadOnlyMany"] },
        };

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default, [elsewhere, existing]).Errors.Select(e => e.ToString());

        Assert.That(errors, expected is null ? Is.Empty : Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void An_empty_managedBy_is_only_required()
    {
        var errors = JobSetValidator.ValidateCreate(JobSets.Defaulted(j => j.Spec.ManagedBy = ""), FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.managedBy: Required value" }));
    }

    [Test]
    public void A_missing_group_name_is_checked_as_the_empty_string()
    {
        // The schema defaults groupName, so only an undefaulted ReplicatedJob gets here; upstream's Go string is "".
        var js = JobSets.Defaulted();
        Leader(js).GroupName = null;

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs[0].groupName: Invalid value: \"\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')" }));
    }

    [Test]
    public void RestartJob_replicas_over_1024_are_reported_once_for_the_first_ReplicatedJob()
    {
        var js = JobSets.Defaulted(j =>
        {
            j.Metadata.Name = "j";
            Rules(j, new V1alpha2FailurePolicyRule { Name = "a", Action = "RestartJob" });
            Leader(j).Replicas = 1025;
            Workers(j).Replicas = 2000;
        });

        var errors = JobSetValidator.ValidateCreate(js, RestartJobOn).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs[0].replicas: JobSet cannot have a failure policy rule with RestartJob or RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > 1024" }));
    }

    [Test]
    public void A_rule_without_a_name_is_too_short()
    {
        // The defaulter names unnamed rules, so only an undefaulted JobSet gets here; upstream's Go string is "".
        var js = JobSets.Defaulted(j => Rules(j, new V1alpha2FailurePolicyRule { Action = "FailJobSet" }));
        js.Spec.FailurePolicy!.Rules![0].Name = null!;

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Has.Member("spec.failurePolicy.rules[0].name: invalid failure policy rule name of length 0, the rule name must be at least 1 characters long and at most 128 characters long"));
    }

    [Test]
    public void Without_its_gate_InPlaceRestart_reports_only_the_gate()
    {
        // The Jobs break every in-place rule (backoffLimit, podReplacementPolicy), but upstream checks them only with the gate on.
        var js = JobSets.Defaulted(j => j.Spec.FailurePolicy = new V1alpha2FailurePolicy { RestartStrategy = "InPlaceRestart" });

        var errors = JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors.Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.failurePolicy.restartStrategy: InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled" }));
    }

    [Test]
    public void A_JobSet_without_replicated_jobs_is_valid_even_with_InOrder_startup()
    {
        var js = JobSetDefaulter.Apply(new V1alpha2JobSet
        {
            Metadata = new V1ObjectMeta { Name = "js" },
            Spec = new V1alpha2JobSetSpec { StartupPolicy = new V1alpha2StartupPolicy { StartupPolicyOrder = "InOrder" } },
        });

        Assert.That(JobSetValidator.ValidateCreate(js, FeatureGates.Default).Errors, Is.Empty);
    }

    [Test]
    public void A_replicated_job_without_a_template_is_a_schema_error()
    {
        var spec = JobSets.Read(JobSets.Base).Spec;
        spec.ReplicatedJobs![0].Template = null!;

        var errors = SchemaValidation.Validate(spec).Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec.replicatedJobs[0].template: Required value" }));
    }

    [Test]
    public void An_existing_claim_without_a_spec_matches_a_template_with_an_empty_spec()
    {
        var js = JobSets.Defaulted(j =>
        {
            Claims(j, new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = new V1PersistentVolumeClaimSpec() });
            j.Spec.VolumeClaimPolicies![0].RetentionPolicy = new V1alpha2VolumeRetentionPolicy { WhenDeleted = "Retain" };
        });
        var existing = new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data-js", NamespaceProperty = "default" } };

        Assert.That(JobSetValidator.ValidateCreate(js, FeatureGates.Default, [existing]).Errors, Is.Empty);
    }
}
