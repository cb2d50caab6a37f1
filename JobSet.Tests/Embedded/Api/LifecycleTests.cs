using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Finalizers, ownerReference garbage collection per propagation policy, namespace termination.</summary>
public sealed class LifecycleTests : ApiTestBase
{
    [Test]
    public async Task Delete_of_an_object_with_finalizers_only_sets_deletionTimestamp_until_they_are_removed()
    {
        var cm = ConfigMap(Name("fin"));
        cm.Metadata.Finalizers = ["example.com/hold"];
        cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(cm.Metadata.Name, Ns);
        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync(cm.Metadata.Name, Ns);
        held.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, held.Metadata.Name, Ns);

        Assert.That(held.Metadata.DeletionTimestamp, Is.Not.Null);
        Assert.That(await Exists(cm.Metadata.Name), Is.False);
    }

    [Test]
    public async Task New_finalizers_cannot_be_added_while_deleting()
    {
        var cm = ConfigMap(Name("fin2"));
        cm.Metadata.Finalizers = ["example.com/hold"];
        cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync(cm.Metadata.Name, Ns);
        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync(cm.Metadata.Name, Ns);
        held.Metadata.Finalizers.Add("example.com/more");

        var (code, reason, _) = await Failure(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, held.Metadata.Name, Ns));

        Assert.That((code, reason), Is.EqualTo((403, "Forbidden")));
    }

    [Test]
    public async Task Background_propagation_deletes_dependents_after_the_owner()
    {
        var (owner, dependents) = await OwnerWithDependents("bg", 2);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, Ns, propagationPolicy: "Background");

        Assert.That(await Exists(owner.Metadata.Name), Is.False);
        foreach (var d in dependents)
        {
            Assert.That(await Exists(d), Is.False, d);
        }
    }

    [Test]
    public async Task Orphan_propagation_keeps_dependents_without_the_owner_reference()
    {
        var (owner, dependents) = await OwnerWithDependents("or", 2);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, Ns, propagationPolicy: "Orphan");

        Assert.That(await Exists(owner.Metadata.Name), Is.False);
        foreach (var d in dependents)
        {
            var kept = await Client.CoreV1.ReadNamespacedConfigMapAsync(d, Ns);
            Assert.That(kept.Metadata.OwnerReferences, Is.Null.Or.Empty, d);
        }
    }

    [Test]
    public async Task Foreground_propagation_keeps_the_owner_until_its_dependents_are_gone()
    {
        var (owner, dependents) = await OwnerWithDependents("fg", 2);
        var blocker = await Client.CoreV1.ReadNamespacedConfigMapAsync(dependents[0], Ns);
        blocker.Metadata.Finalizers = ["example.com/hold"];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(blocker, blocker.Metadata.Name, Ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Metadata.Name, Ns, propagationPolicy: "Foreground");
        var waiting = await Client.CoreV1.ReadNamespacedConfigMapAsync(owner.Metadata.Name, Ns);
        var otherGone = !await Exists(dependents[1]);
        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync(dependents[0], Ns);
        held.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, held.Metadata.Name, Ns);

        Assert.Multiple(() =>
        {
            Assert.That(waiting.Metadata.Finalizers, Does.Contain("foregroundDeletion"));
            Assert.That(waiting.Metadata.DeletionTimestamp, Is.Not.Null);
            Assert.That(otherGone, Is.True);
        });
        Assert.That(await Exists(owner.Metadata.Name), Is.False, "the owner goes once the last dependent is gone");
    }

    [Test]
    public async Task Jobs_deleted_without_a_policy_orphan_their_pods_as_batch_v1_does()
    {
        var job = await Client.BatchV1.CreateNamespacedJobAsync(
            new V1Job
            {
                Metadata = new V1ObjectMeta { Name = Name("job") },
                Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "i" }] } } },
            },
            Ns);
        var pod = Pod(Name("jobpod"));
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, BlockOwnerDeletion = true, Controller = true }];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

        await Client.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, Ns);

        var kept = await Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, Ns);
        Assert.That(kept.Metadata.OwnerReferences, Is.Null.Or.Empty);
    }

    [Test]
    public async Task Deleting_a_namespace_terminates_it_until_its_contents_are_gone()
    {
        var ns = Name("doomed");
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var held = ConfigMap("held");
        held.Metadata.Finalizers = ["example.com/hold"];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(held, ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("free"), ns);

        await Client.CoreV1.DeleteNamespaceAsync(ns);
        var terminating = await Client.CoreV1.ReadNamespaceAsync(ns);
        var contents = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var (code, reason, _) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("late"), ns));
        var last = await Client.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        last.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(last, "held", ns);

        Assert.Multiple(() =>
        {
            Assert.That(terminating.Status.Phase, Is.EqualTo("Terminating"));
            Assert.That(contents.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "held" }));
            Assert.That((code, reason), Is.EqualTo((403, "Forbidden")));
        });
        var (gone, _, _) = await Failure(() => Client.CoreV1.ReadNamespaceAsync(ns));
        Assert.That(gone, Is.EqualTo(404));
    }

    [TestCase("default")]
    [TestCase("kube-system")]
    [TestCase("kube-public")]
    public async Task System_namespaces_may_not_be_deleted(string ns)
    {
        var (code, reason, message) = await Failure(() => Client.CoreV1.DeleteNamespaceAsync(ns));

        Assert.That((code, reason, message), Is.EqualTo((403, "Forbidden", $"namespaces \"{ns}\" is forbidden: this namespace may not be deleted")));
    }

    [Test]
    public async Task Delete_with_a_stale_precondition_is_409()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("pre")), Ns);

        var (code, _, _) = await Failure(() => Client.CoreV1.DeleteNamespacedConfigMapAsync(
            cm.Metadata.Name, Ns, new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "1" } }));

        Assert.That((code, await Exists(cm.Metadata.Name)), Is.EqualTo((409, true)));
    }

    private async Task<(V1ConfigMap Owner, List<string> Dependents)> OwnerWithDependents(string prefix, int count)
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name(prefix)), Ns);
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var d = ConfigMap(Name(prefix + "-dep"));
            d.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = true }];
            names.Add((await Client.CoreV1.CreateNamespacedConfigMapAsync(d, Ns)).Metadata.Name);
        }

        return (owner, names);
    }

    private async Task<bool> Exists(string name)
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: $"metadata.name={name}");
        return list.Items.Count > 0;
    }
}
