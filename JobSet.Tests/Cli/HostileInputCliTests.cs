using System.Text;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>
/// Regression tests of issue 9 for the command line: hostile or careless files end in one line
/// and exit 2 (unreadable) or 1 (invalid), never an internal error or unbounded memory.
/// </summary>
public class HostileInputCliTests
{
    private const string Header = "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\n";

    public static IEnumerable<string> Verbs() => ["default", "validate", "plan", "admit-pod"];

    // Item 3: a 342-byte alias bomb ran `jobset validate` to 5.5 GB.
    [TestCaseSource(nameof(Verbs))]
    public void An_alias_bomb_is_exit_2_with_one_line(string verb)
    {
        var bomb = new StringBuilder(Header + "metadata:\n  name: bomb\n  labels: {}\nx:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        var previous = "a";
        foreach (var label in "bcdefghi")
        {
            bomb.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {label}: &{label} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n");
            previous = label.ToString();
        }

        var result = CliRunner.RunWithInput(bomb.ToString(), verb, "-f", "-");

        AssertOneLine(result, 2, "aliasing");
    }

    // Item 1 on the command line: deep nesting must not overflow the stack.
    [TestCaseSource(nameof(Verbs))]
    public void Deep_nesting_is_exit_2_with_one_line(string verb)
    {
        var result = CliRunner.RunWithInput(Header + "metadata: {name: deep}\nspec: " + new string('[', 100_000) + new string(']', 100_000) + "\n", verb, "-f", "-");

        AssertOneLine(result, 2, "nesting");
    }

    // Item 7: "a: [" then "b: 1" was "internal error: InvalidOperationException" on every verb.
    [TestCaseSource(nameof(Verbs))]
    public void Malformed_flow_yaml_is_exit_2_with_one_line(string verb)
    {
        var result = CliRunner.RunWithInput("a: [\nb: 1\n", verb, "-f", "-");

        AssertOneLine(result, 2, "not valid YAML or JSON");
        Assert.That(result.Error, Does.Not.Contain("internal error"));
    }

    // Item 8: validate said "valid" for a JobSet the server refuses.
    [Test]
    public void Validate_applies_the_servers_annotation_size_limit()
    {
        var result = CliRunner.RunWithInput(JobSet($"  annotations:\n    big: {new string('a', 300 * 1024)}\n"), "validate", "-f", "-");

        AssertOneLine(result, 1, "metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    [TestCase("  labels:\n    \"bad key\": v\n", "metadata.labels: Invalid value: \"bad key\"")]
    [TestCase("  labels:\n    a: \"has space\"\n", "metadata.labels: Invalid value: \"has space\"")]
    [TestCase("  annotations:\n    \"-x\": v\n", "metadata.annotations: Invalid value: \"-x\"")]
    public void Validate_applies_the_servers_label_and_annotation_rules(string metadata, string expected)
    {
        var result = CliRunner.RunWithInput(JobSet(metadata), "validate", "-f", "-");

        AssertOneLine(result, 1, expected);
    }

    [Test]
    public void Validate_accepts_annotations_just_within_the_limit()
    {
        var result = CliRunner.RunWithInput(JobSet($"  annotations:\n    big: {new string('a', (256 * 1024) - 3)}\n"), "validate", "-f", "-");

        Assert.That((result.ExitCode, result.Out.Trim()), Is.EqualTo((0, "valid")), result.Error);
    }

    [Test]
    public void Admit_pod_rejects_a_misspelt_pod_field()
    {
        var pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  containerz:\n  - {name: c, image: busybox}\n";

        var result = CliRunner.RunWithInput(pod, "admit-pod", "-f", "-");

        AssertOneLine(result, 2, "unknown field \"spec.containerz\"");
    }

    // Item 11: `validate -f .` said "Access to the path ... is denied".
    [TestCaseSource(nameof(Verbs))]
    public void A_directory_is_named_as_one(string verb)
    {
        var result = CliRunner.Run(verb, "-f", ".");

        AssertOneLine(result, 2, ". is a directory");
    }

    private static string JobSet(string metadata) =>
        Header + "metadata:\n  name: meta\n" + metadata +
        "spec:\n  replicatedJobs:\n  - name: w\n    template:\n      spec:\n        template:\n          spec:\n            containers:\n            - {name: c, image: busybox}\n";

    private static void AssertOneLine(CliResult result, int code, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(code), result.Error);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.Error.Length > 2000 ? result.Error[..2000] : result.Error);
            Assert.That(result.Error, Does.Contain(expected));
            Assert.That(result.Error, Does.Not.Contain("internal error"));
        });
    }
}
