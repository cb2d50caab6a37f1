namespace JobSet.Kubernetes.Controller;

/// <summary>What a reconcile asks of the work queue, as controller-runtime's Result and error.</summary>
/// <param name="RequeueAfter">Reconcile again after this long (forgetting any backoff); null: only on the next change.</param>
/// <param name="Error">Null on success; otherwise one line, and the key is retried with backoff.</param>
internal readonly record struct ReconcileResult(TimeSpan? RequeueAfter, string? Error)
{
    public static ReconcileResult Done { get; } = new(null, null);

    public static ReconcileResult After(TimeSpan? delay) => new(delay, null);

    public static ReconcileResult Failed(string error) => new(null, error);
}
