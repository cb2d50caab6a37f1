namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// One step of admission in the store's write path (as a webhook or built-in admission
/// plugin is on a real API server): it may change the incoming object (mutating) and may
/// refuse it by throwing a <see cref="Store.StoreException"/> (validating). Plugins run in
/// list order on every create and update, including writes from inside the process.
/// </summary>
internal interface IAdmissionPlugin
{
    /// <summary>Admits or refuses the request; mutates <see cref="AdmissionRequest.Object"/> in place when needed.</summary>
    void Admit(AdmissionRequest request);
}
