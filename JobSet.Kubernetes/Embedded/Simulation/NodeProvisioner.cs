using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>Creates the simulated nodes in the store (Ready, with capacity, labels and taints).</summary>
internal static class NodeProvisioner
{
    /// <summary>Creates every configured node that does not exist yet; returns how many nodes are configured.</summary>
    public static int EnsureNodes(SimulationContext context)
    {
        var nodes = context.Options.ResolveNodes();
        var now = SimulationContext.Timestamp(context.Now);
        foreach (var node in nodes)
        {
            if (context.Store.Get(ResourceType.Nodes, null, node.Name) is not null)
            {
                continue;
            }

            try
            {
                context.Store.Create(ResourceType.Nodes, Build(context, node, now));
            }
            catch (StoreException ex) when (ex.Reason == "AlreadyExists")
            {
                // Created concurrently: nothing to do.
            }
        }

        return nodes.Count;
    }

    private static V1Node Build(SimulationContext context, SimulatedNode node, DateTime now)
    {
        var pods = new ResourceQuantity(node.PodCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("64"),
            ["memory"] = new("256Gi"),
            ["pods"] = pods,
        };
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = node.Name,
                Labels = new Dictionary<string, string>(node.Labels),
                Annotations = new Dictionary<string, string> { [SimulationAnnotations.Prefix + "simulated"] = "true" },
            },
            Spec = new V1NodeSpec { Taints = node.Taints.Count > 0 ? [.. node.Taints] : null },
            Status = new V1NodeStatus
            {
                Capacity = capacity,
                Allocatable = new Dictionary<string, ResourceQuantity>(capacity),
                Addresses =
                [
                    new V1NodeAddress { Type = "InternalIP", Address = context.HostIp(node.Name) },
                    new V1NodeAddress { Type = "Hostname", Address = node.Name },
                ],
                Conditions =
                [
                    new V1NodeCondition
                    {
                        Type = "Ready",
                        Status = "True",
                        Reason = "KubeletReady",
                        Message = "simulated kubelet is posting ready status",
                        LastHeartbeatTime = now,
                        LastTransitionTime = now,
                    },
                ],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    OsImage = "JobSet for .NET simulated node",
                    KernelVersion = "sim",
                    KubeletVersion = "v1.32.0-sim",
                    KubeProxyVersion = "v1.32.0-sim",
                    ContainerRuntimeVersion = "sim://1.0",
                    BootID = "",
                    MachineID = "",
                    SystemUUID = "",
                },
            },
        };
    }
}
