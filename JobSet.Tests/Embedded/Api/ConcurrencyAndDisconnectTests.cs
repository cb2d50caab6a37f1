using System.Net;
using System.Text;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Many writers on one object, and watch clients that go away mid-stream.</summary>
public sealed class ConcurrencyAndDisconnectTests : ApiTestBase
{
    private const int Writers = 16;

    [Test]
    public async Task Concurrent_patches_without_a_resource_version_all_apply()
    {
        var name = Name("patched");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() =>
            Client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch($"[{{\"op\":\"add\",\"path\":\"/data/w{i}\",\"value\":\"{i}\"}}]", V1Patch.PatchType.JsonPatch), name, Ns))));

        var final = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns);
        Assert.That(final.Data.Keys, Is.SupersetOf(Enumerable.Range(0, Writers).Select(i => $"w{i}")));
    }

    [Test]
    public async Task Concurrent_replaces_from_one_version_have_exactly_one_winner()
    {
        var name = Name("race");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            var mine = new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = name, ResourceVersion = created.Metadata.ResourceVersion },
                Data = new Dictionary<string, string> { ["k"] = $"writer-{i}" },
            };
            try
            {
                await Client.CoreV1.ReplaceNamespacedConfigMapAsync(mine, name, Ns);
                return HttpStatusCode.OK;
            }
            catch (k8s.Autorest.HttpOperationException ex)
            {
                return ex.Response.StatusCode;
            }
        })));

        Assert.That(outcomes.Count(o => o == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(outcomes.Where(o => o != HttpStatusCode.OK), Is.All.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task A_write_for_a_deleted_and_recreated_object_is_a_conflict_even_without_a_resource_version()
    {
        var name = Name("reborn");
        var old = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync(name, Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        old.Metadata.ResourceVersion = null;
        old.Data["k"] = "meant for the old one";

        var (code, reason, message) = await Failure(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(old, name, Ns));

        Assert.That((code, reason), Is.EqualTo((409, "Conflict")));
        Assert.That(message, Does.Contain("Precondition failed: UID in precondition: " + old.Metadata.Uid));
    }

    [Test]
    public async Task A_client_that_disconnects_mid_watch_leaves_no_watch_behind()
    {
        var baseline = Cluster.Store.SubscriberCount;
        var name = Name("dc");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);

        for (var i = 0; i < 5; i++)
        {
            // No draining of the unread stream on dispose: the client really hangs up mid-watch.
            using var handler = new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero };
            using var http = new HttpClient(handler) { BaseAddress = Cluster.BaseAddress };
            using var response = await http.GetAsync(new Uri($"/api/v1/namespaces/{Ns}/configmaps?watch=1&fieldSelector=metadata.name%3D{name}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
            var first = await reader.ReadLineAsync();
            Assert.That(first, Does.StartWith("{\"type\":\"ADDED\""));
            Assert.That(Cluster.Store.SubscriberCount, Is.GreaterThan(baseline), "the open watch is registered");
        }

        // The dropped streams' watches are released without any further event to write.
        var released = SpinWait.SpinUntil(() => Cluster.Store.SubscriberCount <= baseline, TimeSpan.FromSeconds(10));
        Assert.That((released, Cluster.Store.SubscriberCount), Is.EqualTo((true, baseline)));

        // Writes still go through.
        var cm = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns);
        cm.Data["k"] = "after";
        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, name, Ns);
        Assert.That(replaced.Data["k"], Is.EqualTo("after"));
    }
}
