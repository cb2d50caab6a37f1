using System.Net;
using System.Text.Json.Nodes;
using JobSet.Core.Api;
using JobSet.Kubernetes.Embedded;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// What a KubernetesClient-based controller does against the cluster: an informer's paged list,
/// a watch from the list's resourceVersion with bookmarks and a server timeout, resume, 410 on a
/// compacted resourceVersion, relist; status writes with optimistic concurrency; leader election
/// on a Lease.
/// </summary>
public sealed class ControllerViewTests : ApiTestBase
{
    private const int HistorySize = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    protected override void Configure(EmbeddedClusterOptions options) => options.WatchHistorySize = HistorySize;

    [Test]
    public async Task An_informer_lists_in_pages_watches_resumes_and_relists_after_410()
    {
        var set = Name("inf");
        var labels = new Dictionary<string, string> { ["set"] = set };
        for (var i = 0; i < 5; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"{set}-{i}", labels), Ns);
        }

        // Paged list: every page reports the first page's resourceVersion; the informer watches from it.
        var (cache, listVersion) = await PagedList(set);
        Assert.That(cache.Keys, Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"{set}-{i}")));

        // Changes made after the list and before the watch starts are not lost: the watch replays them.
        var changed = await Client.CoreV1.ReadNamespacedConfigMapAsync($"{set}-1", Ns);
        changed.Data["k"] = "changed";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(changed, changed.Metadata.Name, Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"{set}-5", labels), Ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync($"{set}-0", Ns);

        var seen = new List<(WatchEventType Type, string Name)>();
        var bookmarks = 0;
        var lastVersion = listVersion;
        using (var cts = new CancellationTokenSource(Patience))
        {
            // timeoutSeconds=1: the server ends the stream, as an informer's watch ends every few minutes.
            await foreach (var (type, cm) in Client.CoreV1.WatchListNamespacedConfigMapAsync(
                               Ns, labelSelector: $"set={set}", resourceVersion: listVersion, allowWatchBookmarks: true, timeoutSeconds: 1,
                               onError: e => throw e, cancellationToken: cts.Token))
            {
                lastVersion = cm.Metadata.ResourceVersion;
                if (type == WatchEventType.Bookmark)
                {
                    bookmarks++;
                    continue;
                }

                seen.Add((type, cm.Metadata.Name));
                Apply(cache, type, cm);
            }

            Assert.That(cts.IsCancellationRequested, Is.False, "the server ended the watch after timeoutSeconds");
        }

        Assert.That(seen, Is.EqualTo(new[]
        {
            (WatchEventType.Modified, $"{set}-1"),
            (WatchEventType.Added, $"{set}-5"),
            (WatchEventType.Deleted, $"{set}-0"),
        }));
        Assert.That(bookmarks, Is.GreaterThan(0), "bookmarks arrive on an idle watch (BookmarkInterval 200 ms)");
        Assert.That(long.Parse(lastVersion, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(long.Parse(listVersion, System.Globalization.CultureInfo.InvariantCulture)));

        // Resume from the last resourceVersion seen (a bookmark's): only newer changes arrive.
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"{set}-6", labels), Ns);
        var resumed = await FirstEvent(set, lastVersion);
        Assert.That((resumed.Type, resumed.Object.Metadata.Name), Is.EqualTo((WatchEventType.Added, $"{set}-6")));
        Apply(cache, resumed.Type, resumed.Object);
        lastVersion = resumed.Object.Metadata.ResourceVersion;

        // The history is compacted while the informer is away: its resourceVersion is 410 Gone.
        for (var i = 0; i < HistorySize + 5; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("churn")), Ns);
        }

        await Client.CoreV1.DeleteNamespacedConfigMapAsync($"{set}-2", Ns);
        var gone = Assert.ThrowsAsync<KubernetesException>(() => FirstEvent(set, lastVersion));
        Assert.That((gone!.Status?.Code, gone.Status?.Reason), Is.EqualTo(((int?)410, "Expired")));

        // Relist and resume: the cache converges on the store, and the watch continues from the relist.
        (cache, listVersion) = await PagedList(set);
        Assert.That(cache.Keys, Is.EquivalentTo(new[] { $"{set}-1", $"{set}-3", $"{set}-4", $"{set}-5", $"{set}-6" }));
        Assert.That(cache[$"{set}-1"].Data["k"], Is.EqualTo("changed"));
        await Client.CoreV1.DeleteNamespacedConfigMapAsync($"{set}-3", Ns);
        var after = await FirstEvent(set, listVersion);
        Assert.That((after.Type, after.Object.Metadata.Name), Is.EqualTo((WatchEventType.Deleted, $"{set}-3")));
    }

    [Test]
    public async Task A_jobset_informer_through_CustomObjects_lists_in_pages_and_watches_adds_status_writes_and_deletes()
    {
        var prefix = Name("jsi");
        for (var i = 0; i < 3; i++)
        {
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(AdmissionTests.JobSetJson($"{prefix}-{i}"), ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural);
        }

        var names = new List<string>();
        string? token = null;
        string? listVersion = null;
        do
        {
            var page = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.ListNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, limit: 2, continueParameter: token)))!;
            Assert.That(page["kind"]?.GetValue<string>(), Is.EqualTo("JobSetList"));
            listVersion ??= page["metadata"]!["resourceVersion"]!.GetValue<string>();
            names.AddRange(page["items"]!.AsArray().Select(j => j!["metadata"]!["name"]!.GetValue<string>()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
            token = page["metadata"]?["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(token));

        Assert.That(names, Is.EqualTo(new[] { $"{prefix}-0", $"{prefix}-1", $"{prefix}-2" }));

        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(AdmissionTests.JobSetJson($"{prefix}-3"), ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural);
        var status = new V1Patch(new JsonObject { ["status"] = new JsonObject { ["restarts"] = 2 } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(status, ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, $"{prefix}-1");
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, $"{prefix}-0");

        var seen = new List<(WatchEventType, string, int?)>();
        using var cts = new CancellationTokenSource(Patience);
        await foreach (var (type, obj) in Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                           ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, allowWatchBookmarks: true, resourceVersion: listVersion, timeoutSeconds: 5,
                           onError: e => throw e, cancellationToken: cts.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                continue;
            }

            var node = JsonNode.Parse(KubernetesJson.Serialize(obj))!;
            seen.Add((type, node["metadata"]!["name"]!.GetValue<string>(), node["status"]?["restarts"]?.GetValue<int>()));
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.That(seen, Is.EqualTo(new[]
        {
            (WatchEventType.Added, $"{prefix}-3", (int?)null),
            (WatchEventType.Modified, $"{prefix}-1", (int?)2),
            (WatchEventType.Deleted, $"{prefix}-0", (int?)null),
        }));
    }

    [Test]
    public async Task An_exact_list_shows_the_past_and_a_future_or_compacted_version_is_refused()
    {
        var set = Name("exact");
        var labels = new Dictionary<string, string> { ["set"] = set };
        var a = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"{set}-a", labels), Ns);
        var then = a.Metadata.ResourceVersion;
        a.Data["k"] = "later";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(a, a.Metadata.Name, Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"{set}-b", labels), Ns);

        var past = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: $"set={set}", resourceVersion: then, resourceVersionMatch: "Exact");
        var latest = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: $"set={set}", resourceVersion: then, resourceVersionMatch: "NotOlderThan");

        Assert.That((past.Metadata.ResourceVersion, past.Items.Select(c => $"{c.Metadata.Name}={c.Data["k"]}")), Is.EqualTo((then, new[] { $"{set}-a=v" })));
        Assert.That(latest.Items.Select(c => $"{c.Metadata.Name}={c.Data["k"]}"), Is.EqualTo(new[] { $"{set}-a=later", $"{set}-b=v" }));

        var (code, reason, _) = await Failure(() => Client.CoreV1.ListNamespacedConfigMapAsync(Ns, resourceVersion: "999999999999", resourceVersionMatch: "NotOlderThan"));
        Assert.That((code, reason), Is.EqualTo((504, "Timeout")));

        for (var i = 0; i < HistorySize + 5; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("churn")), Ns);
        }

        (code, reason, _) = await Failure(() => Client.CoreV1.ListNamespacedConfigMapAsync(Ns, resourceVersion: then, resourceVersionMatch: "Exact"));
        Assert.That((code, reason), Is.EqualTo((410, "Expired")));
    }

    [Test]
    public async Task A_jobset_status_write_with_a_stale_resource_version_is_a_conflict()
    {
        var name = Name("status");
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(AdmissionTests.JobSetJson(name), ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural);
        var stale = JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();

        var first = stale.DeepClone().AsObject();
        first["status"] = new JsonObject { ["restarts"] = 1 };
        var written = await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(first, ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, name);
        var writtenVersion = JsonNode.Parse(KubernetesJson.Serialize(written))!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var second = stale.DeepClone().AsObject();
        second["status"] = new JsonObject { ["restarts"] = 2 };
        var (code, reason, _) = await Failure(() => Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(second, ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, name));
        Assert.That((code, reason), Is.EqualTo((409, "Conflict")));

        var stalePatch = new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = stale["metadata"]!["resourceVersion"]!.GetValue<string>() }, ["status"] = new JsonObject { ["restarts"] = 3 } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        (code, reason, _) = await Failure(() => Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(stalePatch, ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, name));
        Assert.That((code, reason), Is.EqualTo((409, "Conflict")));

        var current = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, Ns, ApiGroup.JobSetPlural, name)))!;
        Assert.That((current["metadata"]!["resourceVersion"]!.GetValue<string>(), current["status"]?["restarts"]?.GetValue<int>()), Is.EqualTo((writtenVersion, (int?)1)));
    }

    [Test]
    public async Task A_lease_is_taken_renewed_and_taken_over_with_optimistic_concurrency()
    {
        var name = Name("lease");
        var now = DateTime.UtcNow;
        V1Lease Lease(string holder, DateTime renew) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15, AcquireTime = renew, RenewTime = renew },
        };

        // Two candidates race to create the lease: one wins, the other sees AlreadyExists.
        var won = await Client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("a", now), Ns);
        var (code, reason, _) = await Failure(() => Client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("b", now), Ns));
        Assert.That((code, reason), Is.EqualTo((409, "AlreadyExists")));

        // b reads the lease; a renews; b's takeover with the version it read is a conflict.
        var readByB = await Client.CoordinationV1.ReadNamespacedLeaseAsync(name, Ns);
        won.Spec.RenewTime = now.AddSeconds(5);
        var renewed = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(won, name, Ns);
        readByB.Spec.HolderIdentity = "b";
        (code, reason, _) = await Failure(() => Client.CoordinationV1.ReplaceNamespacedLeaseAsync(readByB, name, Ns));
        Assert.That((code, reason), Is.EqualTo((409, "Conflict")));

        // With the current version the takeover succeeds and bumps leaseTransitions.
        renewed.Spec.HolderIdentity = "b";
        renewed.Spec.LeaseTransitions = (renewed.Spec.LeaseTransitions ?? 0) + 1;
        var taken = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(renewed, name, Ns);
        Assert.That((taken.Spec.HolderIdentity, taken.Spec.LeaseTransitions), Is.EqualTo(("b", (int?)1)));
    }

    [Test]
    public async Task KubernetesClient_leader_election_elects_one_leader_and_fails_over()
    {
        var name = Name("elect");
        using var clientB = new k8s.Kubernetes(Cluster.ClientConfiguration());
        LeaderElector Elector(IKubernetes client, string identity) => new(new LeaderElectionConfig(new LeaseLock(client, Ns, name, identity))
        {
            LeaseDuration = TimeSpan.FromSeconds(1),
            RenewDeadline = TimeSpan.FromMilliseconds(700),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
        });

        using var a = Elector(Client, "a");
        using var b = Elector(clientB, "b");
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.OnStartedLeading += () => aLeads.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();

        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunUntilLeadershipLostAsync(stopA.Token);
        await aLeads.Task.WaitAsync(Patience);
        var runB = b.RunUntilLeadershipLostAsync(stopB.Token);

        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync(name, Ns);
        Assert.That((lease.Spec.HolderIdentity, bLeads.Task.IsCompleted), Is.EqualTo(("a", false)));

        // a stops renewing; b takes over once the lease expires.
        await stopA.CancelAsync();
        await bLeads.Task.WaitAsync(Patience);
        lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync(name, Ns);
        Assert.That(lease.Spec.HolderIdentity, Is.EqualTo("b"));
        await stopB.CancelAsync();
        await Task.WhenAll(Swallow(runA), Swallow(runB));
    }

    private static async Task Swallow(Task run)
    {
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // The elector ends by cancellation.
        }
    }

    private async Task<(SortedDictionary<string, V1ConfigMap> Cache, string Version)> PagedList(string set)
    {
        var cache = new SortedDictionary<string, V1ConfigMap>(StringComparer.Ordinal);
        string? token = null;
        string? version = null;
        do
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: $"set={set}", limit: 2, continueParameter: token);
            version ??= page.Metadata.ResourceVersion;
            Assert.That(page.Metadata.ResourceVersion, Is.EqualTo(version), "every page shows the first page's snapshot");
            foreach (var cm in page.Items)
            {
                cache[cm.Metadata.Name] = cm;
            }

            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        return (cache, version!);
    }

    private async Task<(WatchEventType Type, V1ConfigMap Object)> FirstEvent(string set, string resourceVersion)
    {
        using var cts = new CancellationTokenSource(Patience);
        await foreach (var (type, cm) in Client.CoreV1.WatchListNamespacedConfigMapAsync(
                           Ns, labelSelector: $"set={set}", resourceVersion: resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 10,
                           onError: e => throw e, cancellationToken: cts.Token))
        {
            if (type != WatchEventType.Bookmark)
            {
                return (type, cm);
            }
        }

        throw new HttpOperationException("the watch ended without an event");
    }

    private static void Apply(SortedDictionary<string, V1ConfigMap> cache, WatchEventType type, V1ConfigMap cm)
    {
        if (type == WatchEventType.Deleted)
        {
            cache.Remove(cm.Metadata.Name);
        }
        else
        {
            cache[cm.Metadata.Name] = cm;
        }
    }
}
