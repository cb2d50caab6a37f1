using JobSet.Tests.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

public class ValidateVerbTests
{
    private static IEnumerable<string> Examples() => JobSetExamples.All();

    [TestCaseSource(nameof(Examples))]
    public void Accepts_every_project_example(string example)
    {
        var path = ExampleFiles.PathOf(example);
        var args = new List<string> { "validate", "-f", path };
        if (File.ReadAllText(path).Contains("RestartJob=true", StringComparison.Ordinal))
        {
            args.AddRange(["--feature-gates", "RestartJob=true"]);
        }

        var result = CliRunner.Run([.. args]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Empty);
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Out, Is.EqualTo("valid\n").Or.EqualTo("valid\r\n"));
        });
    }

    [Test]
    public void Prints_one_line_per_error_and_exits_1()
    {
        var input = CliInputs.Minimal.Replace("  name: demo", "  name: 1demo", StringComparison.Ordinal)
            + "\n  successPolicy: {operator: Any, targetReplicatedJobs: [ghost]}\n";

        var result = CliRunner.RunWithInput(input, "validate", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.ErrorLines, Is.EqualTo(new[]
            {
                "spec.replicatedJobs[0].name: Invalid value: \"1demo-workers-1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.successPolicy.targetReplicatedJobs[0]: invalid replicatedJob name 'ghost' does not appear in .spec.ReplicatedJobs",
            }));
        });
    }

    [Test]
    public void Validates_after_defaulting_as_a_cluster_does()
    {
        // Without defaulting, completionMode would be unset and the pod-name rule would not apply.
        var input = CliInputs.Minimal
            .Replace("  name: demo", "  name: " + new string('d', 46), StringComparison.Ordinal)
            .Replace("      spec:\n        template:", "      spec:\n        completions: 3\n        template:", StringComparison.Ordinal);

        var result = CliRunner.RunWithInput(input, "validate", "-f", "-");

        Assert.That(input, Does.Contain("completions: 3"));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("pod names generated for this JobSet will exceed 63 characters"));
    }

    [TestCase("RestartJob=true", 0, TestName = "validate: RestartJob gate on accepts RestartJob")]
    [TestCase("RestartJob=false", 1, TestName = "validate: RestartJob gate off rejects RestartJob")]
    [TestCase("RestartJob=true,InPlaceRestart=false,ElasticJobSet=true", 0, TestName = "validate: several gates")]
    public void Feature_gates_come_from_the_command_line(string gates, int exitCode)
    {
        var result = CliRunner.Run("validate", "-f", ExampleFiles.PathOf("failure-policy-restartjob.yaml"), "--feature-gates", gates);

        Assert.That(result.ExitCode, Is.EqualTo(exitCode));
        if (exitCode == 1)
        {
            Assert.That(result.ErrorLines, Is.EqualTo(new[] { "spec.failurePolicy.rules[0].action: RestartJob and RestartJobAndIgnoreMaxRestarts failure policy actions are not allowed when RestartJob feature gate is disabled" }));
        }
    }

    [Test]
    public void With_old_it_validates_an_update()
    {
        var old = ExampleFiles.PathOf("simple.yaml");
        var changed = File.ReadAllText(old).Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal);

        var same = CliRunner.Run("validate", "-f", old, "--old", old);
        var update = CliRunner.RunWithInput(changed, "validate", "-f", "-", "--old", old);

        Assert.Multiple(() =>
        {
            Assert.That(same.ExitCode, Is.Zero);
            Assert.That(update.ExitCode, Is.EqualTo(1));
            Assert.That(update.ErrorLines, Is.EqualTo(new[] { "spec.replicatedJobs: Invalid value: \"object\": field is immutable" }));
        });
    }

    [Test]
    public void Kueue_may_change_the_pod_template_of_a_suspended_JobSet()
    {
        var old = ExampleFiles.PathOf("suspend-kueue.yaml");
        var admitted = File.ReadAllText(old)
            .Replace("suspend: true", "suspend: false", StringComparison.Ordinal)
            .Replace("          spec:\n            containers:", "          spec:\n            nodeSelector:\n              pool: a\n            containers:", StringComparison.Ordinal);

        var result = CliRunner.RunWithInput(admitted, "validate", "-f", "-", "--old", old);

        Assert.That(admitted, Does.Contain("pool: a"));
        Assert.That(result.ExitCode, Is.Zero, result.Error);
    }

    private static IEnumerable<TestCaseData> ObservedClaims()
    {
        const string Pvc = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: dataset-shared-storage
              namespace: default
            spec:
              accessModes: ["ReadWriteMany"]
              resources:
                requests:
                  storage: 2Gi
            """;
        yield return new TestCaseData(Pvc, "spec.volumeClaimPolicies[0].retentionPolicy.whenDeleted: Invalid value: \"Delete\": retentionPolicy must be retain when PVC exists")
            .SetName("validate --observed: an existing PVC as one document");
        yield return new TestCaseData("apiVersion: v1\nkind: List\nitems:\n- " + Pvc.Replace("\n", "\n  ", StringComparison.Ordinal).Replace("2Gi", "5Gi", StringComparison.Ordinal),
            "spec.volumeClaimPolicies[0].template[0].spec: Invalid value: \"object\": spec does not match existing PVC dataset-shared-storage in namespace default")
            .SetName("validate --observed: an existing PVC in a v1 List");
    }

    [TestCaseSource(nameof(ObservedClaims))]
    public void Existing_claims_come_from_observed(string observed, string expected)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"observed-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, observed);
        try
        {
            var result = CliRunner.Run("validate", "-f", ExampleFiles.PathOf("volume-claims.yaml"), "--observed", path);

            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.ErrorLines, Has.Member(expected), result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase(new[] { "validate", "-f", "no/such/jobset.yaml" }, "jobset validate: file not found: no/such/jobset.yaml", TestName = "validate: missing file")]
    [TestCase(new[] { "validate", "-f", "-", "--old", "no/such/old.yaml" }, "jobset validate: file not found: no/such/old.yaml", TestName = "validate: missing old file")]
    [TestCase(new[] { "validate", "-f", "-", "--observed", "no/such/objects.yaml" }, "jobset validate: file not found: no/such/objects.yaml", TestName = "validate: missing observed file")]
    [TestCase(new[] { "validate" }, "jobset validate: missing required option -f", TestName = "validate: no -f")]
    [TestCase(new[] { "validate", "-f", "-", "--bogus" }, "jobset validate: unknown option '--bogus'", TestName = "validate: unknown option")]
    [TestCase(new[] { "validate", "-f", "-", "--feature-gates", "Foo=true" }, "jobset validate: --feature-gates: unknown feature gate 'Foo': known gates are RestartJob, ElasticJobSet, InPlaceRestart", TestName = "validate: unknown feature gate")]
    [TestCase(new[] { "validate", "-f", "-", "--feature-gates", "RestartJob=maybe" }, "jobset validate: --feature-gates: invalid feature gate 'RestartJob=maybe': expected Name=true|false", TestName = "validate: feature gate not a boolean")]
    [TestCase(new[] { "validate", "-f", "-", "--feature-gates", "RestartJob" }, "jobset validate: --feature-gates: invalid feature gate 'RestartJob'", TestName = "validate: feature gate without a value")]
    public void Usage_errors_are_exit_2_with_one_line(string[] args, string expected)
    {
        var result = CliRunner.RunWithInput(CliInputs.Minimal, args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
            Assert.That(result.Error, Does.StartWith(expected));
        });
    }

    [Test]
    public void A_bad_old_JobSet_is_exit_2_naming_the_file()
    {
        var result = CliRunner.RunWithInput("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", "validate", "-f", ExampleFiles.PathOf("simple.yaml"), "--old", "-");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("-: expected a JobSet"));
    }

    [Test]
    public void Output_json_keeps_the_valid_line()
    {
        var result = CliRunner.Run("validate", "-f", ExampleFiles.PathOf("simple.yaml"), "-o", "json");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Out.Trim(), Is.EqualTo("valid"));
    }
}
