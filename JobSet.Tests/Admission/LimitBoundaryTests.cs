using JobSet.Core.Admission;
using JobSet.Core.Admission.Rules;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Admission;

/// <summary>
/// Every length and count limit of admission, exactly at the limit (accepted) and one past it
/// (rejected), so that an off-by-one in either direction fails a test.
/// </summary>
public class LimitBoundaryTests
{
    private static readonly FeatureGates RestartJobOn = new(RestartJob: true);

    private static string Chars(int length, char c = 'a') => new(c, length);

    [TestCase(63, 0)]
    [TestCase(64, 1)]
    public void Dns1035_label_length(int length, int errors) =>
        Assert.That(KubeNames.Dns1035Label(Chars(length)), Has.Count.EqualTo(errors));

    [TestCase(253, 0)]
    [TestCase(254, 1)]
    public void Dns1123_subdomain_length(int length, int errors) =>
        Assert.That(KubeNames.Dns1123Subdomain(Chars(length)), Has.Count.EqualTo(errors));

    [TestCase(63, 0)]
    [TestCase(64, 1)]
    public void Label_value_length(int length, int errors) =>
        Assert.That(KubeNames.LabelValue(Chars(length)), Has.Count.EqualTo(errors));

    private static IEnumerable<TestCaseData> Limits()
    {
        // Generated names: "<name>-workers-1" is the longest Job name (name + 10),
        // "<name>-workers-1-3-abcde" the longest pod name (name + 18).
        yield return Limit("job names: 63 characters", js => js.Metadata.Name = Chars(53), NameValidation.JobNameTooLong, rejected: false);
        yield return Limit("job names: 64 characters", js => js.Metadata.Name = Chars(54), NameValidation.JobNameTooLong, rejected: true);
        yield return Limit("pod names: 63 characters", js => js.Metadata.Name = Chars(45), NameValidation.PodNameTooLong, rejected: false);
        yield return Limit("pod names: 64 characters", js => js.Metadata.Name = Chars(46), NameValidation.PodNameTooLong, rejected: true);
        yield return Limit("generateName: 40 + 5 generated characters", js => { js.Metadata.Name = null; js.Metadata.GenerateName = Chars(40); }, NameValidation.PodNameTooLong, rejected: false);
        yield return Limit("generateName: 41 + 5 generated characters", js => { js.Metadata.Name = null; js.Metadata.GenerateName = Chars(41); }, NameValidation.PodNameTooLong, rejected: true);
        yield return Limit("groupName: 63 characters", js => js.Spec.ReplicatedJobs![0].GroupName = Chars(63, 'g'), NameValidation.GroupNameTooLong, rejected: false);
        yield return Limit("groupName: 64 characters", js => js.Spec.ReplicatedJobs![0].GroupName = Chars(64, 'g'), NameValidation.GroupNameTooLong, rejected: true);
        yield return Limit("subdomain: 63 characters", js => js.Spec.Network = new V1alpha2Network { Subdomain = Chars(63, 's') }, NameValidation.SubdomainTooLong, rejected: false);
        yield return Limit("subdomain: 64 characters", js => js.Spec.Network = new V1alpha2Network { Subdomain = Chars(64, 's') }, NameValidation.SubdomainTooLong, rejected: true);
        yield return Limit("managedBy: 63 characters", js => js.Spec.ManagedBy = "acme.io/" + Chars(55), "Too long: may not be more than 63 bytes", rejected: false);
        yield return Limit("managedBy: 64 characters", js => js.Spec.ManagedBy = "acme.io/" + Chars(56), "Too long: may not be more than 63 bytes", rejected: true);

        // Failure-policy rule names: 1 to 128 characters.
        yield return Limit("rule name: 1 character", js => Rule(js, "r"), "invalid failure policy rule name of length", rejected: false);
        yield return Limit("rule name: 128 characters", js => Rule(js, Chars(128, 'r')), "invalid failure policy rule name of length", rejected: false);
        yield return Limit("rule name: 129 characters", js => Rule(js, Chars(129, 'r')), "invalid failure policy rule name of length 129", rejected: true);

        // RestartJob: at most 1024 replicas.
        yield return Limit("RestartJob with 1024 replicas", js => RestartJob(js, 1024), "replicas > 1024", rejected: false, RestartJobOn);
        yield return Limit("RestartJob with 1025 replicas", js => RestartJob(js, 1025), "replicas > 1024", rejected: true, RestartJobOn);

        // PVC names "<claim>-js": at most 63 characters.
        yield return Limit("claim name: PVC name of 63 characters", js => Claim(js, Chars(60, 'c')), "VolumeClaimPolicies template name is too long", rejected: false);
        yield return Limit("claim name: PVC name of 64 characters", js => Claim(js, Chars(61, 'c')), "VolumeClaimPolicies template name is too long", rejected: true);
    }

    private static TestCaseData Limit(string name, Action<V1alpha2JobSet> change, string message, bool rejected, FeatureGates? gates = null) =>
        new TestCaseData(change, message, rejected, gates ?? FeatureGates.Default).SetName($"Limit: {name}");

    private static void Rule(V1alpha2JobSet js, string name) =>
        js.Spec.FailurePolicy = new V1alpha2FailurePolicy { Rules = [new V1alpha2FailurePolicyRule { Name = name, Action = FailurePolicyAction.FailJobSet }] };

    private static void RestartJob(V1alpha2JobSet js, int replicas)
    {
        js.Metadata.Name = "j";
        js.Spec.ReplicatedJobs![1].Replicas = replicas;
        js.Spec.FailurePolicy = new V1alpha2FailurePolicy { Rules = [new V1alpha2FailurePolicyRule { Name = "r", Action = FailurePolicyAction.RestartJob }] };
    }

    private static void Claim(V1alpha2JobSet js, string claim)
    {
        js.Spec.VolumeClaimPolicies =
        [
            new V1alpha2VolumeClaimPolicy
            {
                Templates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = claim }, Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"] } }],
            },
        ];
    }

    [TestCaseSource(nameof(Limits))]
    public void Limits_hold_exactly(Action<V1alpha2JobSet> change, string message, bool rejected, FeatureGates gates)
    {
        var errors = JobSetValidator.ValidateCreate(JobSets.Defaulted(change), gates).Errors;

        var matching = errors.Where(e => e.Message.Contains(message, StringComparison.Ordinal)).ToList();
        Assert.That(matching, rejected ? Is.Not.Empty : Is.Empty, () => "errors were:\n" + string.Join("\n", errors));
    }

    [Test]
    public void An_empty_rule_name_is_too_short()
    {
        // The defaulter names unnamed rules, so only an undefaulted JobSet reaches this check.
        var jobSet = JobSets.Read(JobSets.Base);
        Rule(jobSet, "");

        var errors = FailurePolicyValidation.Validate(new CreateContext(jobSet, FeatureGates.Default)).Select(e => e.ToString());

        Assert.That(errors, Has.Member("spec.failurePolicy.rules[0].name: invalid failure policy rule name of length 0, the rule name must be at least 1 characters long and at most 128 characters long"));
    }

    // The CRD's maxItems: dependsOn 5, volumeClaimPolicies 50, templates per policy 50; minimums 0.
    [TestCase("dependsOn", 5, false)]
    [TestCase("dependsOn", 6, true)]
    [TestCase("volumeClaimPolicies", 50, false)]
    [TestCase("volumeClaimPolicies", 51, true)]
    [TestCase("templates", 50, false)]
    [TestCase("templates", 51, true)]
    public void Schema_max_items_hold_exactly(string list, int count, bool rejected)
    {
        var spec = JobSets.Defaulted().Spec;
        switch (list)
        {
            case "dependsOn":
                spec.ReplicatedJobs![1].DependsOn = [.. Enumerable.Range(0, count).Select(i => new V1alpha2DependsOn { Name = $"d{i}", Status = DependsOnStatus.Ready })];
                break;
            case "volumeClaimPolicies":
                spec.VolumeClaimPolicies = [.. Enumerable.Range(0, count).Select(_ => new V1alpha2VolumeClaimPolicy())];
                break;
            case "templates":
                spec.VolumeClaimPolicies = [new V1alpha2VolumeClaimPolicy { Templates = [.. Enumerable.Range(0, count).Select(i => new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = $"c{i}" } })] }];
                break;
        }

        var errors = SchemaValidation.Validate(spec).Select(e => e.ToString()).ToList();

        Assert.That(errors.Where(e => e.Contains("Too many", StringComparison.Ordinal)), rejected ? Is.Not.Empty : Is.Empty, () => string.Join("\n", errors));
    }

    [TestCase(0, false)]
    [TestCase(-1, true)]
    public void Schema_minimums_hold_exactly(int value, bool rejected)
    {
        var spec = JobSets.Defaulted().Spec;
        spec.TtlSecondsAfterFinished = value;
        spec.ReplicatedJobs![0].Replicas = value;

        var errors = SchemaValidation.Validate(spec).Select(e => e.ToString()).ToList();

        Assert.That(errors, rejected
            ? Is.EquivalentTo(new[]
            {
                "spec.replicatedJobs[0].replicas: Invalid value: -1: spec.replicatedJobs[0].replicas in body should be greater than or equal to 0",
                "spec.ttlSecondsAfterFinished: Invalid value: -1: spec.ttlSecondsAfterFinished in body should be greater than or equal to 0",
            })
            : Is.Empty);
    }

    [TestCase("", "", ExpectedResult = "")]
    [TestCase("", "gen-", ExpectedResult = "gen-xxxxx")]
    [TestCase("name", "gen-", ExpectedResult = "name")]
    public string Name_for_validation(string name, string generateName) =>
        CreateContext.NameForValidation(new V1alpha2JobSet { Metadata = new V1ObjectMeta { Name = name, GenerateName = generateName }, Spec = new V1alpha2JobSetSpec() });

    [TestCase(58, 63)]
    [TestCase(59, 63)]
    [TestCase(57, 62)]
    public void A_generate_name_keeps_at_most_58_characters_before_the_suffix(int prefix, int length) =>
        Assert.That(CreateContext.NameForValidation(new V1alpha2JobSet { Metadata = new V1ObjectMeta { GenerateName = Chars(prefix) }, Spec = new V1alpha2JobSetSpec() }), Has.Length.EqualTo(length));
}
