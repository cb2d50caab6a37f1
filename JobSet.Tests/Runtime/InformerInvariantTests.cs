using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static JobSet.Tests.Runtime.RuntimeTestSupport;

namespace JobSet.Tests.Runtime;

/// <summary>The informer against a scripted in-memory source: index invariants under generated event sequences, the watchdog.</summary>
public sealed class InformerInvariantTests
{
    /// <summary>A source whose list answers the given objects and whose watch plays a channel.</summary>
    private sealed class ScriptedSource
    {
        public List<V1ConfigMap> Initial { get; } = [];

        public Channel<(WatchEventType, V1ConfigMap)> Events { get; } = Channel.CreateUnbounded<(WatchEventType, V1ConfigMap)>();

        public int Watches;

        public ListWatch<V1ConfigMap> Source => new(
            (_, _) => Task.FromResult(new ListPage<V1ConfigMap>([.. Initial], "1", null)),
            Watch);

        private async IAsyncEnumerable<(WatchEventType Type, V1ConfigMap Object)> Watch(WatchRequest request, [EnumeratorCancellation] CancellationToken ct)
        {
            Interlocked.Increment(ref Watches);
            while (await Events.Reader.WaitToReadAsync(ct))
            {
                while (Events.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
    }

    private static V1ConfigMap Cm(string name, int rv, string? owner, string? color) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            ResourceVersion = rv.ToString(),
            Labels = color is null ? null : new Dictionary<string, string> { ["color"] = color },
            OwnerReferences = owner is null ? null : [new V1OwnerReference { Uid = owner, Controller = true, Name = owner, Kind = "X", ApiVersion = "v1" }],
        },
    };

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Indexes_equal_a_scan_of_the_cache_after_any_sequence_of_events(int seed)
    {
        var random = new Random(seed);
        var source = new ScriptedSource();
        string? Owner() => random.Next(4) switch { 0 => null, var n => $"uid-{n}" };
        string? Color() => random.Next(3) switch { 0 => null, 1 => "red", _ => "blue" };
        for (var i = 0; i < 20; i++)
        {
            source.Initial.Add(Cm($"c{i}", 1, Owner(), Color()));
        }

        var informer = new Informer<V1ConfigMap>(source.Source, new InformerOptions(), NullLogger<Informer<V1ConfigMap>>.Instance);
        informer.AddIndex("owner", Indexes.ControllerUid);
        informer.AddIndex("color", Indexes.Label("color"));
        var handler = new RecordingHandler<V1ConfigMap>();
        informer.AddHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);

        var expected = source.Initial.ToDictionary(c => c.Metadata.Name);
        for (var rv = 2; rv < 400; rv++)
        {
            var name = $"c{random.Next(30)}";
            if (expected.ContainsKey(name) && random.Next(3) == 0)
            {
                expected.Remove(name);
                source.Events.Writer.TryWrite((WatchEventType.Deleted, Cm(name, rv, null, null)));
            }
            else
            {
                var cm = Cm(name, rv, Owner(), Color());
                source.Events.Writer.TryWrite((expected.ContainsKey(name) ? WatchEventType.Modified : WatchEventType.Added, cm));
                expected[name] = cm;
            }
        }

        source.Events.Writer.TryWrite((WatchEventType.Bookmark, new V1ConfigMap { Metadata = new V1ObjectMeta { ResourceVersion = "400" } }));
        await Eventually(() => informer.LastSyncResourceVersion == "400", "all events applied");

        var cached = informer.List();
        Assert.That(cached.Select(c => (c.Metadata.Name, c.Metadata.ResourceVersion)), Is.EquivalentTo(expected.Values.Select(c => (c.Metadata.Name, c.Metadata.ResourceVersion))));
        foreach (var (index, keys) in new[] { ("owner", Indexes.ControllerUid), ("color", Indexes.Label("color")) })
        {
            foreach (var key in new[] { "uid-1", "uid-2", "uid-3", "red", "blue" })
            {
                var scan = cached.Where(c => keys(c).Contains(key)).Select(c => c.Metadata.Name).Order();
                Assert.That(informer.ByIndex(index, key).Select(c => c.Metadata.Name).Order(), Is.EqualTo(scan), $"{index}={key}");
            }
        }

        // A handler added now is told about every cached object first.
        var late = new RecordingHandler<V1ConfigMap>();
        informer.AddHandler(late);
        Assert.That(late.Events.Where(e => e.Kind == "add" && e.Initial).Select(e => e.Name), Is.EquivalentTo(expected.Keys));
        await cts.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Test]
    public async Task A_silent_watch_is_restarted_by_the_watchdog()
    {
        var source = new ScriptedSource();
        var informer = new Informer<V1ConfigMap>(source.Source, new InformerOptions { WatchIdleTimeout = TimeSpan.FromMilliseconds(200) }, NullLogger<Informer<V1ConfigMap>>.Instance);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Eventually(() => Volatile.Read(ref source.Watches) >= 3, "the idle watch restarted");
        Assert.That(informer.HasSynced, Is.True);
        await cts.CancelAsync();
        await run.WaitAsync(Patience);
    }
}
