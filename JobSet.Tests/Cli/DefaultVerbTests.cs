using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

public class DefaultVerbTests
{
    [Test]
    public void Prints_the_defaulted_JobSet_as_yaml()
    {
        var result = CliRunner.RunWithInput(CliInputs.Minimal, "default", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Error, Is.Empty);
            Assert.That(result.Out, Does.StartWith("apiVersion: jobset.x-k8s.io/v1alpha2\n"));
            Assert.That(result.Out, Does.Contain("groupName: default"));
            Assert.That(result.Out, Does.Contain("completionMode: Indexed"));
            Assert.That(result.Out, Does.Contain("restartPolicy: OnFailure"));
            Assert.That(result.Out, Does.Contain("enableDNSHostnames: true"));
            Assert.That(result.Out, Does.Contain("operator: All"));
            Assert.That(result.Out, Does.Contain("startupPolicyOrder: AnyOrder"));
        });
    }

    [Test]
    public void Prints_json_with_o_json()
    {
        var result = CliRunner.Run("default", "-f", ExampleFiles.PathOf("simple.yaml"), "-o", "json");

        Assert.That(result.ExitCode, Is.Zero);
        var json = JsonNode.Parse(result.Out)!;
        Assert.Multiple(() =>
        {
            Assert.That(json["kind"]!.GetValue<string>(), Is.EqualTo("JobSet"));
            Assert.That(json["spec"]!["successPolicy"]!["operator"]!.GetValue<string>(), Is.EqualTo("All"));
            Assert.That(json["spec"]!["network"]!["publishNotReadyAddresses"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public void Reads_json_input()
    {
        var json = KubeSerializer.ToJson(ManifestReader.ReadJobSet(CliInputs.Minimal, "minimal"));

        var result = CliRunner.RunWithInput(json, "default", "-f", "-");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Out, Does.Contain("name: workers"));
    }

    [Test]
    public void Its_output_defaults_to_itself()
    {
        var once = CliRunner.Run("default", "-f", ExampleFiles.PathOf("volume-claims.yaml"));
        var twice = CliRunner.RunWithInput(once.Out, "default", "-f", "-");

        Assert.That(twice.ExitCode, Is.Zero);
        Assert.That(twice.Out, Is.EqualTo(once.Out));
    }

    [TestCase(new[] { "default", "-f", "no/such/jobset.yaml" }, "jobset default: file not found: no/such/jobset.yaml", TestName = "default: missing file")]
    [TestCase(new[] { "default" }, "jobset default: missing required option -f", TestName = "default: no -f")]
    [TestCase(new[] { "default", "-f", "-", "--bogus" }, "jobset default: unknown option '--bogus'", TestName = "default: unknown option")]
    [TestCase(new[] { "default", "-f", "-", "-o", "xml" }, "jobset default: unknown output format 'xml' (use yaml or json)", TestName = "default: unknown output format")]
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
}
