namespace JobSet.Tests.TestSupport;

/// <summary>The project's own example manifests (examples/), copied next to the test assembly.</summary>
public static class ExampleFiles
{
    /// <summary>The folder holding the copied examples.</summary>
    public static string Folder => Path.Combine(TestContext.CurrentContext.TestDirectory, "examples");

    /// <summary>The full path of one example, e.g. <c>simple.yaml</c>.</summary>
    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>
    /// The file names of the example JobSets (the top level of examples/), sorted. Subfolders
    /// hold inputs of other verbs (pods, observed objects) and are not listed.
    /// </summary>
    public static IEnumerable<string> All() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.yaml", SearchOption.TopDirectoryOnly)
                .Select(p => Path.GetRelativePath(Folder, p))
                .Order(StringComparer.Ordinal)
            : [];
}
