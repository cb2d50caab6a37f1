using JobSet.Kubernetes.Embedded.Simulation;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

/// <summary>The scheduler's pure placement rules, without a store.</summary>
public sealed class SchedulingSnapshotTests
{
    private const string Zone = SimulationOptions.ZoneLabel;

    private static readonly Dictionary<string, IDictionary<string, string>> Namespaces = new()
    {
        ["team-a"] = new Dictionary<string, string> { ["team"] = "a" },
        ["team-b"] = new Dictionary<string, string> { ["team"] = "b" },
    };

    // An existing pod app=db runs in namespace "team-a" on node n1 (zone z1); n2 is in zone z2.
    // Term of the incoming pod (namespace "team-b"): which namespaces it looks in decides where it may go.
    [TestCase("affinity", "own", "web", null, TestName = "Affinity in its own namespace finds no db and the pod does not match its own term: unschedulable")]
    [TestCase("affinity", "own", "db", "n2", TestName = "Affinity in its own namespace finds no db but the pod matches its own term: it starts the group on the least loaded node")]
    [TestCase("affinity", "all", "web", "n1", TestName = "Affinity with namespaceSelector {} finds the db in team-a")]
    [TestCase("affinity", "listed", "web", "n1", TestName = "Affinity listing team-a finds the db")]
    [TestCase("affinity", "selected-b", "web", null, TestName = "Affinity selecting team=b namespaces finds no db")]
    [TestCase("anti", "all", "web", "n2", TestName = "Anti-affinity with namespaceSelector {} keeps out of the db zone")]
    [TestCase("anti", "own", "web", "n2", TestName = "Anti-affinity in its own namespace sees no db: least loaded node")]
    [TestCase("anti-only-zone1", "all", "web", null, TestName = "Anti-affinity when the only other node is unschedulable: no node")]
    public void Namespace_scope_of_affinity_terms(string kind, string scope, string incomingApp, string? expectedNode)
    {
        var nodes = new List<V1Node> { Node("n1", "z1"), Node("n2", "z2") };
        if (kind == "anti-only-zone1")
        {
            nodes[1].Spec = new V1NodeSpec { Unschedulable = true };
        }

        var db = Pod("db-0", "team-a", new() { ["app"] = "db" });
        var snapshot = new SchedulingSnapshot(nodes, [Bound(db, "n1")], Namespaces);
        var term = new V1PodAffinityTerm
        {
            TopologyKey = Zone,
            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } },
            NamespaceSelector = scope switch
            {
                "all" => new V1LabelSelector(),
                "selected-b" => new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "b" } },
                _ => null,
            },
            Namespaces = scope == "listed" ? ["team-a"] : null,
        };
        var incoming = Pod("x-0", "team-b", new() { ["app"] = incomingApp });
        incoming.Spec.Affinity = kind == "affinity"
            ? new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } }
            : new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } };

        Assert.That(snapshot.Decide(incoming).NodeName, Is.EqualTo(expectedNode));
    }

    [Test]
    public void An_existing_pods_anti_affinity_keeps_matching_pods_out_of_its_domain()
    {
        var guard = Pod("guard", "team-a", new() { ["app"] = "guard" });
        guard.Spec.Affinity = new V1Affinity
        {
            PodAntiAffinity = new V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm { TopologyKey = Zone, NamespaceSelector = new V1LabelSelector(), LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "noisy" } } },
                ],
            },
        };
        var snapshot = new SchedulingSnapshot([Node("n1", "z1"), Node("n2", "z1"), Node("n3", "z2")], [Bound(guard, "n1")], Namespaces);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Decide(Pod("noisy-0", "team-b", new() { ["app"] = "noisy" })).NodeName, Is.EqualTo("n3"));
            Assert.That(snapshot.Decide(Pod("quiet-0", "team-b", new() { ["app"] = "quiet" })).NodeName, Is.EqualTo("n2"), "least loaded, ties by name");
        });
    }

    [Test]
    public void Placing_pods_counts_against_capacity_and_feeds_later_decisions()
    {
        var node = Node("n1", "z1");
        node.Status.Allocatable["pods"] = new ResourceQuantity("1");
        var snapshot = new SchedulingSnapshot([node], [], Namespaces);
        var first = Pod("a", "team-a", []);
        Assert.That(snapshot.Decide(first).NodeName, Is.EqualTo("n1"));
        snapshot.Place(first, "n1");
        var second = snapshot.Decide(Pod("b", "team-a", []));
        Assert.Multiple(() =>
        {
            Assert.That(second.NodeName, Is.Null);
            Assert.That(second.Message, Is.EqualTo("0/1 nodes are available: 1 Too many pods."));
        });
    }

    private static V1Node Node(string name, string zone) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [Zone] = zone, ["kubernetes.io/hostname"] = name } },
        Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["pods"] = new("110") } },
    };

    private static V1Pod Pod(string name, string ns, Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main" }] },
        Status = new V1PodStatus { Phase = "Pending" },
    };

    private static V1Pod Bound(V1Pod pod, string node)
    {
        pod.Spec.NodeName = node;
        pod.Status.Phase = "Running";
        return pod;
    }
}
