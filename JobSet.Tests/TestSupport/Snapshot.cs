using System.Runtime.CompilerServices;
using System.Text;

namespace JobSet.Tests.TestSupport;

/// <summary>
/// Snapshot testing with Verify's conventions: the approved text lives next to the test in
/// <c>Snapshots/&lt;Class&gt;.&lt;Test&gt;.verified.yaml</c> and is reviewed like code. A mismatch writes
/// <c>.received.yaml</c> beside it and fails with the first differing line.
/// <list type="bullet">
/// <item>Strict mode (<c>CI=true</c> or <c>SNAPSHOT_STRICT=true</c>, as .ci/run sets): a missing snapshot fails.</item>
/// <item>Otherwise a missing snapshot is written as verified and the test warns: review and commit it.</item>
/// <item><c>SNAPSHOT_UPDATE=true</c> overwrites verified files with what the tests produce.</item>
/// </list>
/// </summary>
public static class Snapshot
{
    /// <summary>Compares <paramref name="actual"/> with the test's verified snapshot.</summary>
    /// <param name="actual">The text to compare (YAML).</param>
    /// <param name="name">A suffix distinguishing several snapshots of one test, or test cases.</param>
    /// <param name="sourceFile">Filled in by the compiler: the test's source file.</param>
    public static void Match(string actual, string? name = null, [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var test = TestContext.CurrentContext.Test;
        var className = test.ClassName?.Split('.')[^1] ?? "Test";
        var stem = $"{className}.{Sanitize(name ?? test.Name)}";
        var folder = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
        var verified = Path.Combine(folder, stem + ".verified.yaml");
        var received = Path.Combine(folder, stem + ".received.yaml");
        var text = Normalise(actual);

        if (IsSet("SNAPSHOT_UPDATE"))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, text);
            File.Delete(received);
            Assert.Warn($"snapshot updated: {verified}");
            return;
        }

        if (!File.Exists(verified))
        {
            if (IsSet("CI") || IsSet("SNAPSHOT_STRICT"))
            {
                Assert.Fail($"missing snapshot {verified} (strict mode); run the tests locally, review and commit it");
            }

            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, text);
            Assert.Warn($"new snapshot written: {verified}; review and commit it");
            return;
        }

        var expected = Normalise(File.ReadAllText(verified));
        if (expected == text)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, text);
        Assert.Fail($"snapshot mismatch: {verified}\n{FirstDifference(expected, text)}\nreceived: {received}");
    }

    private static bool IsSet(string variable) =>
        string.Equals(Environment.GetEnvironmentVariable(variable), "true", StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString().Trim('_');
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al)
            {
                return $"line {i + 1}:\n  verified: {el}\n  received: {al}";
            }
        }

        return "texts differ only in line endings";
    }
}
