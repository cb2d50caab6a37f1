namespace JobSet.Core.Api;

/// <summary>Names of the JobSet API group, version and resource.</summary>
public static class ApiGroup
{
    /// <summary>The API group.</summary>
    public const string Name = "jobset.x-k8s.io";

    /// <summary>The API version within the group.</summary>
    public const string Version = "v1alpha2";

    /// <summary>The full apiVersion string: group/version.</summary>
    public const string ApiVersion = Name + "/" + Version;

    /// <summary>The kind of a JobSet.</summary>
    public const string JobSetKind = "JobSet";

    /// <summary>The plural resource name.</summary>
    public const string JobSetPlural = "jobsets";

    /// <summary>The value of <c>spec.managedBy</c> that names this controller.</summary>
    public const string ControllerName = "jobset.sigs.k8s.io/jobset-controller";
}
