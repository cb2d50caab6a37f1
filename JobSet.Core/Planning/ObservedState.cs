using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// What exists in the cluster for the planner to compare with: Jobs (owned or not; the planner
/// selects the JobSet's children by controller owner reference), Services and
/// PersistentVolumeClaims of the JobSet's namespace.
/// </summary>
/// <param name="Jobs">Jobs, in any order.</param>
/// <param name="Services">Services, in any order.</param>
/// <param name="Claims">PersistentVolumeClaims, in any order.</param>
public sealed record ObservedState(
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyList<V1Service> Services,
    IReadOnlyList<V1PersistentVolumeClaim> Claims)
{
    /// <summary>Nothing exists yet.</summary>
    public static ObservedState Empty { get; } = new([], [], []);

    /// <summary>
    /// Sorts typed objects into an observed state: Jobs, Services and PersistentVolumeClaims
    /// are kept; other objects (Pods, Nodes) are ignored.
    /// </summary>
    public static ObservedState From(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var jobs = new List<V1Job>();
        var services = new List<V1Service>();
        var claims = new List<V1PersistentVolumeClaim>();
        foreach (var item in objects)
        {
            switch (item)
            {
                case V1Job job: jobs.Add(job); break;
                case V1Service service: services.Add(service); break;
                case V1PersistentVolumeClaim claim: claims.Add(claim); break;
            }
        }

        return new ObservedState(jobs, services, claims);
    }
}
