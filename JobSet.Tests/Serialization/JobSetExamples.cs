using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Serialization;

/// <summary>
/// The project examples that are JobSets. examples/ also holds other objects (pods and nodes for
/// the placement examples in sub-folders); those are not JobSets and are left to their owners' tests.
/// </summary>
internal static class JobSetExamples
{
    /// <summary>Relative paths of the examples whose single object is a JobSet, sorted.</summary>
    public static IEnumerable<string> All() =>
        ExampleFiles.All().Where(IsJobSet);

    private static bool IsJobSet(string example)
    {
        var objects = ManifestReader.ReadObjects(File.ReadAllText(ExampleFiles.PathOf(example)), example);
        return objects.Count == 1 && ManifestReader.TypeOf(objects[0]) == (ApiGroup.ApiVersion, ApiGroup.JobSetKind);
    }
}
