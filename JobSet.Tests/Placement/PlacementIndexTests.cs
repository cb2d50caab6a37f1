using JobSet.Tests.TestSupport;
using Bogus;
using JobSet.Core.Api;
using JobSet.Core.Placement;
using k8s.Models;

namespace JobSet.Tests.Placement;

/// <summary>Invariants of the index and of violation detection over random clusters (Bogus, fixed seeds).</summary>
public class PlacementIndexTests
{
    private static readonly string[] Namespaces = ["default", "team-b"];
    private static readonly string[] Zones = ["zone-a", "zone-b", "zone-c"];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Index_lookups_equal_a_scan_of_every_pod(int seed)
    {
        var pods = RandomPods(new Faker { Random = new Randomizer(seed) }, 300);
        var index = PlacementIndex.Build(pods, []);

        foreach (var pod in pods)
        {
            var ns = pod.NamespaceOrDefault();
            var exclusive = pods.Where(p => PodFacts.ExclusiveTopologyKey(p) is not null && p.NamespaceOrDefault() == ns).ToList();
            if (PodNames.WithoutRandomSuffix(pod.Metadata.Name) is { } baseName)
            {
                Assert.That(index.PodsNamed(ns, baseName), Is.EqualTo(exclusive.Where(p => PodNames.WithoutRandomSuffix(p.Metadata.Name) == baseName)));
            }

            if (pod.GetLabel(WellKnownKeys.JobKey) is { } jobKey)
            {
                Assert.That(index.PodsOfJob(ns, jobKey), Is.EqualTo(exclusive.Where(p => p.GetLabel(WellKnownKeys.JobKey) == jobKey)));
            }
        }
    }

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    public void A_violation_deletes_exactly_the_followers_of_the_leaders_job_and_only_when_one_is_misplaced(int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        var nodes = Zones.Select((zone, i) => TestPods.Node($"node-{i}", zone)).ToArray();
        for (var round = 0; round < 50; round++)
        {
            var leader = TestPods.Leader().On(faker.PickRandom(nodes).Metadata.Name);
            var leaderZone = nodes.Single(n => n.Metadata.Name == leader.Spec.NodeName).Metadata.Labels[TestPods.Zone];
            var ours = Enumerable.Range(1, faker.Random.Int(0, 6)).Select(i => Placed(TestPods.Follower(i), faker)).ToList();
            var strangers = Enumerable.Range(7, faker.Random.Int(0, 3)).Select(i => Placed(TestPods.Follower(i).OwnedBy("job-uid-old"), faker)).ToList();

            var check = PlacementViolation.Detect(leader, PlacementIndex.Build([leader, .. faker.Random.Shuffle(ours.Concat(strangers))], nodes), DateTimeOffset.UnixEpoch);

            var misplaced = ours.Any(p => p.Spec.NodeSelector.ValueOf(TestPods.Zone) != leaderZone);
            var deleted = check.Actions.Where(a => a.IsT1).Select(a => a.PodName).ToList();
            Assert.That(check.IsT2, Is.EqualTo(misplaced));
            Assert.That(deleted, Is.EqualTo(misplaced ? ours.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal) : Enumerable.Empty<string>()));
        }
    }

    private static V1Pod Placed(V1Pod follower, Faker faker) =>
        faker.Random.Int(0, 5) == 0 ? follower : follower.Selecting(TestPods.Zone, faker.PickRandom(Zones));

    private static List<V1Pod> RandomPods(Faker faker, int count)
    {
        var pods = new List<V1Pod>(count);
        for (var i = 0; i < count; i++)
        {
            var pod = faker.Random.Bool() ? TestPods.Leader() : TestPods.Follower(faker.Random.Int(1, 4));
            pod.Named($"js-rjob-{faker.Random.Int(0, 5)}-{faker.Random.Int(0, 3)}-{faker.Random.AlphaNumeric(5)}")
                .InNamespace(faker.PickRandom(Namespaces))
                .WithLabel(WellKnownKeys.JobKey, $"key-{faker.Random.Int(0, 5)}");
            if (faker.Random.Int(0, 9) == 0)
            {
                pod.WithoutAnnotation(WellKnownKeys.ExclusiveTopology);
            }

            if (faker.Random.Int(0, 9) == 0)
            {
                pod.WithoutLabel(WellKnownKeys.JobKey);
            }

            if (faker.Random.Int(0, 19) == 0)
            {
                pod.Named("short-name");
            }

            pods.Add(pod);
        }

        return pods;
    }
}
