using System.Collections.Concurrent;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;

namespace JobSet.Tests.Runtime;

internal static class RuntimeTestSupport
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Polls until the condition holds; fails the test after <see cref="Patience"/> (generous: never a timing assert).</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }

    public static V1Job Job(string name, IDictionary<string, string> labels, string? ownerUid = null) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string>(labels),
            OwnerReferences = ownerUid is null ? null :
            [
                new V1OwnerReference { ApiVersion = "jobset.x-k8s.io/v1alpha2", Kind = "JobSet", Name = "owner-" + ownerUid, Uid = ownerUid, Controller = true, BlockOwnerDeletion = true },
            ],
        },
        Spec = new V1JobSpec
        {
            Suspend = true,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sleep", "1"] }],
                },
            },
        },
    };
}

/// <summary>Records what an informer tells its handlers.</summary>
internal sealed class RecordingHandler<T> : IInformerHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public ConcurrentQueue<(string Kind, string Name, bool Initial)> Events { get; } = new();

    public void OnAdd(T obj, bool initialList) => Events.Enqueue(("add", obj.Metadata.Name, initialList));

    public void OnUpdate(T oldObj, T newObj) => Events.Enqueue(("update", newObj.Metadata.Name, false));

    public void OnDelete(T obj) => Events.Enqueue(("delete", obj.Metadata.Name, false));

    public bool Saw(string kind, string name) => Events.Any(e => e.Kind == kind && e.Name == name);

    public int Count(string kind) => Events.Count(e => e.Kind == kind);
}

/// <summary>A ListWatch wrapper that counts calls and can hide chosen watch events (as if the client missed them).</summary>
internal sealed class CountingSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private int lists;
    private int watches;

    public CountingSource(ListWatch<T> inner)
    {
        Source = new ListWatch<T>(
            (r, ct) =>
            {
                if (r.Continue is null)
                {
                    Interlocked.Increment(ref lists);
                }

                Interlocked.Increment(ref pages);
                return inner.List(r, ct);
            },
            (w, ct) =>
            {
                Interlocked.Increment(ref watches);
                return Filter(inner.Watch(w, ct));
            });
    }

    private int pages;

    public ListWatch<T> Source { get; }

    public ConcurrentDictionary<string, bool> Hidden { get; } = new();

    public int Lists => Volatile.Read(ref lists);

    public int Pages => Volatile.Read(ref pages);

    public int Watches => Volatile.Read(ref watches);

    private async IAsyncEnumerable<(WatchEventType Type, T Object)> Filter(IAsyncEnumerable<(WatchEventType Type, T Object)> events)
    {
        await foreach (var e in events)
        {
            if (e.Type != WatchEventType.Bookmark && Hidden.ContainsKey(e.Object.Metadata.Name))
            {
                continue;
            }

            yield return e;
        }
    }
}
