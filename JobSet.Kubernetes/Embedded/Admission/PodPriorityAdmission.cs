using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Admission;

/// <summary>
/// The API server's built-in <c>Priority</c> admission plugin, which runs before any webhook: a
/// new pod without <c>spec.priority</c> gets the value of its priority class. The embedded
/// cluster serves no PriorityClass objects, so the two system classes have their real values
/// and every other pod gets 0, the value a cluster without a global default class gives.
/// Exclusive placement depends on it: its anti-affinity selects pods by the priority label the
/// pod webhook copies from <c>spec.priority</c>.
/// </summary>
internal sealed class PodPriorityAdmission : IAdmissionPlugin
{
    private static readonly Dictionary<string, int> SystemClasses = new(StringComparer.Ordinal)
    {
        ["system-node-critical"] = 2000001000,
        ["system-cluster-critical"] = 2000000000,
    };

    /// <inheritdoc />
    public void Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource != ResourceType.Pods || request.Operation != AdmissionOperation.Create
            || request.Object["spec"] is not JsonObject spec || spec["priority"] is not null)
        {
            return;
        }

        var className = spec["priorityClassName"]?.GetValue<string>() ?? "";
        spec["priority"] = SystemClasses.GetValueOrDefault(className, 0);
    }
}
