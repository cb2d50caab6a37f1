using JobSet.Core.Api;

namespace JobSet.Core.Admission.Rules;

/// <summary>What every create rule needs: the JobSet, the gates, the name to check generated names with, and its ReplicatedJobs by name.</summary>
internal sealed class CreateContext
{
    /// <summary>What upstream's API server appends to a generateName: five random characters (fixed here, only the length matters).</summary>
    public const string GeneratedSuffix = "xxxxx";

    public CreateContext(V1alpha2JobSet jobSet, FeatureGates gates)
    {
        JobSet = jobSet;
        Gates = gates;
        Spec = jobSet.Spec;
        ReplicatedJobs = jobSet.Spec.ReplicatedJobs ?? [];
        Name = NameForValidation(jobSet);
        ByName = new Dictionary<string, V1alpha2ReplicatedJob>(StringComparer.Ordinal);
        FirstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ReplicatedJobs.Count; i++)
        {
            ByName.TryAdd(ReplicatedJobs[i].Name, ReplicatedJobs[i]);
            FirstIndex.TryAdd(ReplicatedJobs[i].Name, i);
        }
    }

    public V1alpha2JobSet JobSet { get; }

    public V1alpha2JobSetSpec Spec { get; }

    public FeatureGates Gates { get; }

    public IList<V1alpha2ReplicatedJob> ReplicatedJobs { get; }

    /// <summary>The first ReplicatedJob of each name.</summary>
    public Dictionary<string, V1alpha2ReplicatedJob> ByName { get; }

    /// <summary>The index of the first ReplicatedJob of each name.</summary>
    public Dictionary<string, int> FirstIndex { get; }

    /// <summary>The JobSet name child names are built from (a generated one for generateName).</summary>
    public string Name { get; }

    /// <summary>metadata.name, or for generateName the name the API server would generate (same length).</summary>
    public static string NameForValidation(V1alpha2JobSet jobSet)
    {
        if (!string.IsNullOrEmpty(jobSet.Metadata?.Name))
        {
            return jobSet.Metadata.Name;
        }

        var prefix = jobSet.Metadata?.GenerateName;
        if (string.IsNullOrEmpty(prefix))
        {
            return "";
        }

        return ObjectMetaRules.GenerateNamePrefix(prefix) + GeneratedSuffix;
    }
}
