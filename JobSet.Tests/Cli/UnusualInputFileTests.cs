using System.Text;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Cli;

/// <summary>
/// Input files that are not plain files of one good document: devices, FIFOs, symlink loops,
/// byte-order marks, empty files, a multi-document file with one bad document. Each is read or
/// refused with one line and exit 2, never a hang, an unbounded read or an internal error.
/// </summary>
public class UnusualInputFileTests
{
    private const string GoodJobSet =
        "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata:\n  name: good\nspec:\n  replicatedJobs:\n  - name: w\n    template:\n      spec:\n        template:\n          spec:\n            containers:\n            - {name: c, image: busybox}\n";

    private string dir = "";

    [SetUp]
    public void MakeDirectory()
    {
        dir = Path.Combine(Path.GetTempPath(), "jobset-files-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    // A device never ends: the read stops at the input limit instead of growing without bound.
    [Test]
    public void A_device_that_never_ends_is_refused_at_the_input_limit()
    {
        var result = CliRunner.Run("validate", "-f", "/dev/zero");

        AssertOneLine(result, 2, "/dev/zero is larger than the limit of 64 MiB");
    }

    // A FIFO (as `-f <(generate)` gives) has no length; it is read to its end.
    [Test]
    public async Task A_fifo_is_read_to_its_end()
    {
        var fifo = Path.Combine(dir, "fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, GoodJobSet));
        var result = CliRunner.Run("validate", "-f", fifo);
        await writer;

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Out, Does.Contain("valid"));
    }

    [Test]
    public void A_symlink_loop_is_a_one_line_usage_error()
    {
        File.CreateSymbolicLink(Path.Combine(dir, "a"), Path.Combine(dir, "b"));
        File.CreateSymbolicLink(Path.Combine(dir, "b"), Path.Combine(dir, "a"));

        var result = CliRunner.Run("validate", "-f", Path.Combine(dir, "a"));

        AssertOneLine(result, 2, "cannot read");
    }

    [TestCase("")]
    [TestCase("\uFEFF")]
    [TestCase("   \n# only a comment\n")]
    [TestCase("---\n---\n")]
    public void A_file_with_no_object_is_a_one_line_usage_error(string text)
    {
        var path = Write("empty.yaml", text);

        var result = CliRunner.Run("validate", "-f", path);

        AssertOneLine(result, 2, "no object found");
    }

    [Test]
    public void A_byte_order_mark_is_read_past()
    {
        var path = Write("bom.yaml", "\uFEFF" + GoodJobSet);

        var result = CliRunner.Run("validate", "-f", path);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
    }

    // One bad document spoils the file: nothing is half-read, and the message names where, not an internal state.
    [TestCase("validate")]
    [TestCase("admit-pod")]
    public void A_multi_document_file_with_one_bad_document_is_a_one_line_usage_error(string verb)
    {
        var path = Write("multi.yaml", GoodJobSet + "---\na: [\nb: 1\n---\n" + GoodJobSet);

        var result = CliRunner.Run(verb, "-f", path);

        AssertOneLine(result, 2, "not valid YAML or JSON at line 15");
        Assert.That(result.Error, Does.Not.Contain("Operation is not valid"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static void AssertOneLine(CliResult result, int code, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(code), result.Error);
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.Error);
            Assert.That(result.Error, Does.Contain(expected));
            Assert.That(result.Error, Does.Not.Contain("internal error"));
        });
    }
}
