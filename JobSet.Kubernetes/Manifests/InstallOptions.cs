namespace JobSet.Kubernetes.Manifests;

/// <summary>Settings of the install manifests (<c>jobset manifests</c>).</summary>
public sealed class InstallOptions
{
    /// <summary>The image a build of this repository's Dockerfile is tagged with by default.</summary>
    public const string DefaultImage = "jobset-dotnet:0.1.0";

    /// <summary>The namespace the controller runs in.</summary>
    public string Namespace { get; set; } = InstallNames.DefaultNamespace;

    /// <summary>The controller image.</summary>
    public string Image { get; set; } = DefaultImage;

    /// <summary>Only the CustomResourceDefinition.</summary>
    public bool CrdOnly { get; set; }

    /// <summary>Controller replicas (one leads; the others wait and serve webhooks).</summary>
    public int Replicas { get; set; } = 2;
}
