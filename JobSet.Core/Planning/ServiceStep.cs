using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Core.Planning;

/// <summary>
/// The headless Service giving pods stable hostnames, created when DNS hostnames are on and no
/// Service of the subdomain's name exists in the namespace (an existing one is left alone, as
/// upstream). Named by the subdomain, <c>clusterIP: None</c>, selecting the JobSet's pods.
/// </summary>
internal static class ServiceStep
{
    public static void Plan(ReconcileContext context, IReadOnlyList<V1Service> observed)
    {
        var jobSet = context.JobSet;
        if (!JobBuilder.DnsHostnamesEnabled(jobSet))
        {
            return;
        }

        var name = Naming.Subdomain(jobSet);
        if (observed.Any(s => s.Metadata?.Name == name && (s.Metadata.NamespaceProperty ?? context.Namespace) == context.Namespace))
        {
            return;
        }

        context.Create(Build(jobSet, name, context.Namespace));
    }

    public static V1Service Build(V1alpha2JobSet jobSet, string name, string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            OwnerReferences = [JobBuilder.OwnerReference(jobSet)],
        },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            Selector = new Dictionary<string, string> { [WellKnownKeys.JobSetName] = InputCheckStep.NameOf(jobSet) },
            PublishNotReadyAddresses = jobSet.Spec.Network?.PublishNotReadyAddresses ?? true,
        },
    };
}
