using Bogus;
using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Serialization;
using k8s.Models;

namespace JobSet.Tests.Admission;

/// <summary>Properties that hold for any JobSet, checked over generated ones (fixed seed: reproducible).</summary>
public class AdmissionInvariantTests
{
    private const int Count = 300;

    private static readonly string[] Names = ["leader", "workers", "ps", "driver", "Bad_Name", "x", "evaluator"];
    private static readonly string[] Actions = [.. FailurePolicyAction.All, "Retry"];
    private static readonly string[] Reasons = ["BackoffLimitExceeded", "PodFailurePolicy", "fakeReason"];

    private static List<V1alpha2JobSet> Generate()
    {
        var faker = new Faker { Random = new Randomizer(20260801) };
        var result = new List<V1alpha2JobSet>(Count);
        for (var n = 0; n < Count; n++)
        {
            var rjobCount = faker.Random.Int(0, 4);
            var rjobs = new List<V1alpha2ReplicatedJob>();
            for (var i = 0; i < rjobCount; i++)
            {
                rjobs.Add(new V1alpha2ReplicatedJob
                {
                    Name = faker.PickRandom(Names),
                    Replicas = faker.Random.Bool(0.8f) ? faker.Random.Int(-1, 2000) : null,
                    GroupName = faker.Random.Bool(0.2f) ? faker.PickRandom(Names) : null,
                    DependsOn = faker.Random.Bool(0.2f) ? [new V1alpha2DependsOn { Name = faker.PickRandom(Names), Status = faker.PickRandom("Ready", "Complete", "Nope") }] : null,
                    Template = new V1JobTemplateSpec
                    {
                        Spec = new V1JobSpec
                        {
                            Parallelism = faker.Random.Bool() ? faker.Random.Int(0, 100) : null,
                            Completions = faker.Random.Bool() ? faker.Random.Int(0, 100) : null,
                            CompletionMode = faker.Random.Bool(0.2f) ? "NonIndexed" : null,
                            Template = new V1PodTemplateSpec
                            {
                                Spec = new V1PodSpec
                                {
                                    Containers = [new V1Container { Name = "main", Image = "busybox", VolumeMounts = faker.Random.Bool(0.3f) ? [new V1VolumeMount { Name = "data", MountPath = "/d" }] : null }],
                                },
                            },
                        },
                    },
                });
            }

            var js = new V1alpha2JobSet
            {
                Metadata = new V1ObjectMeta { Name = faker.Random.Bool(0.9f) ? faker.Random.String2(faker.Random.Int(1, 60), "abcdefghij-") : null, GenerateName = "gen-", NamespaceProperty = "default" },
                Spec = new V1alpha2JobSetSpec
                {
                    ReplicatedJobs = rjobs,
                    Suspend = faker.Random.Bool(0.3f) ? true : null,
                    ManagedBy = faker.Random.Bool(0.1f) ? faker.PickRandom("acme.io/x", "bad", "") : null,
                    TtlSecondsAfterFinished = faker.Random.Bool(0.2f) ? faker.Random.Int(-1, 100) : null,
                    Network = faker.Random.Bool(0.3f) ? new V1alpha2Network { Subdomain = faker.PickRandom("net", "Bad.Net", new string('s', 70)) } : null,
                    StartupPolicy = faker.Random.Bool(0.2f) ? new V1alpha2StartupPolicy { StartupPolicyOrder = faker.PickRandom("InOrder", "AnyOrder") } : null,
                    SuccessPolicy = faker.Random.Bool(0.3f) ? new V1alpha2SuccessPolicy { Operator = faker.PickRandom("All", "Any"), TargetReplicatedJobs = [faker.PickRandom(Names)] } : null,
                    Coordinator = faker.Random.Bool(0.2f) ? new V1alpha2Coordinator { ReplicatedJob = faker.PickRandom(Names), JobIndex = faker.Random.Int(-1, 3), PodIndex = faker.Random.Int(-1, 3) } : null,
                    FailurePolicy = faker.Random.Bool(0.4f)
                        ? new V1alpha2FailurePolicy
                        {
                            MaxRestarts = faker.Random.Int(0, 5),
                            RestartStrategy = faker.Random.Bool(0.3f) ? faker.PickRandom("Recreate", "BlockingRecreate", "InPlaceRestart") : null,
                            Rules = Enumerable.Range(0, faker.Random.Int(0, 3)).Select(_ => new V1alpha2FailurePolicyRule
                            {
                                Name = faker.Random.Bool(0.5f) ? "" : faker.PickRandom("a", "r_1", "1bad", "a"),
                                Action = faker.PickRandom(Actions),
                                OnJobFailureReasons = faker.Random.Bool(0.3f) ? [faker.PickRandom(Reasons)] : null,
                                TargetReplicatedJobs = faker.Random.Bool(0.3f) ? [faker.PickRandom(Names)] : null,
                            }).ToList(),
                        }
                        : null,
                    VolumeClaimPolicies = faker.Random.Bool(0.2f)
                        ? [new V1alpha2VolumeClaimPolicy { Templates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = faker.PickRandom("data", "Data") } }] }]
                        : null,
                },
            };
            result.Add(js);
        }

        return result;
    }

    private static readonly FeatureGates[] GateChoices = [FeatureGates.Default, new(RestartJob: true, ElasticJobSet: true, InPlaceRestart: true)];

    [Test]
    public void Defaulting_is_idempotent_and_survives_the_wire_format()
    {
        foreach (var js in Generate())
        {
            var once = JobSetDefaulter.Apply(js);
            var yaml = KubeSerializer.ToYaml(once);

            Assert.That(KubeSerializer.ToYaml(JobSetDefaulter.Apply(once)), Is.EqualTo(yaml));
            Assert.That(KubeSerializer.ToYaml(ManifestReader.ReadJobSet(yaml, "generated")), Is.EqualTo(yaml));
        }
    }

    [Test]
    public void Validation_never_throws_and_every_error_names_a_spec_field()
    {
        var checkedErrors = 0;
        foreach (var js in Generate())
        {
            foreach (var gates in GateChoices)
            {
                var errors = JobSetValidator.ValidateCreate(JobSetDefaulter.Apply(js), gates).Errors;
                checkedErrors += errors.Count;

                Assert.That(errors, Has.All.Matches<FieldError>(e => (e.Path == "spec" || e.Path.StartsWith("spec.", StringComparison.Ordinal)) && e.Message.Length > 0 && !e.Message.Contains('\n', StringComparison.Ordinal)));
            }
        }

        Assert.That(checkedErrors, Is.GreaterThan(Count), "the generator must produce invalid JobSets too");
    }

    [Test]
    public void An_unchanged_update_of_an_accepted_JobSet_is_accepted()
    {
        var accepted = 0;
        foreach (var js in Generate())
        {
            foreach (var gates in GateChoices)
            {
                var defaulted = JobSetDefaulter.Apply(js);
                if (!JobSetValidator.ValidateCreate(defaulted, gates).IsValid)
                {
                    continue;
                }

                accepted++;
                Assert.That(JobSetValidator.ValidateUpdate(ModelCopy.Of(defaulted)!, defaulted, gates).Errors, Is.Empty);
            }
        }

        Assert.That(accepted, Is.GreaterThan(10), "the generator must produce valid JobSets too");
    }

    [Test]
    public void Validation_is_deterministic()
    {
        foreach (var js in Generate().Take(100))
        {
            var defaulted = JobSetDefaulter.Apply(js);
            var first = JobSetValidator.ValidateCreate(defaulted, FeatureGates.Default).Errors;
            var second = JobSetValidator.ValidateCreate(ModelCopy.Of(defaulted)!, FeatureGates.Default).Errors;

            Assert.That(second, Is.EqualTo(first));
        }
    }
}
