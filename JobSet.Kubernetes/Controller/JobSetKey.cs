namespace JobSet.Kubernetes.Controller;

/// <summary>The work-queue key of one JobSet: its namespace and name.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
public readonly record struct JobSetKey(string Namespace, string Name)
{
    /// <inheritdoc/>
    public override string ToString() => Namespace + "/" + Name;
}
