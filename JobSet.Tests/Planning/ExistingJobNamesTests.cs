using JobSet.Core.Api;
using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>
/// The bitmap of child Job names: which names count as the Job (ReplicatedJob, index) and which
/// are ignored, bits across word boundaries and ReplicatedJobs, duplicates, names added before binding.
/// </summary>
public class ExistingJobNamesTests
{
    private static JobSetLayout Layout(params (string Name, int Replicas)[] rjobs) => new(new V1alpha2JobSet
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = "js" },
        Spec = new V1alpha2JobSetSpec
        {
            ReplicatedJobs = [.. rjobs.Select(r => new V1alpha2ReplicatedJob { Name = r.Name, Replicas = r.Replicas, Template = new k8s.Models.V1JobTemplateSpec() })],
        },
    });

    private static ExistingJobNames Bound(params (string Name, int Replicas)[] rjobs)
    {
        var names = new ExistingJobNames();
        names.Bind("js", Layout(rjobs));
        return names;
    }

    [TestCase("js-a-0", true)]
    [TestCase("js-a-1", true)]
    [TestCase("js-a-2", false, TestName = "an index at the replica count is no Job of the ReplicatedJob")]
    [TestCase("js-a-01", false, TestName = "a leading zero is not how the controller writes an index")]
    [TestCase("js-a-00", false)]
    [TestCase("js-a-+1", false)]
    [TestCase("js-a--1", false)]
    [TestCase("js-a- 1", false)]
    [TestCase("js-a-", false)]
    [TestCase("js-a-1x", false)]
    [TestCase("js-a-99999999999", false)]
    [TestCase("js-a", false)]
    [TestCase("jsx-a-1", false, TestName = "the JobSet name must be followed by a dash")]
    [TestCase("xjs-a-1", false)]
    [TestCase("JS-a-1", false)]
    [TestCase("js-A-1", false)]
    [TestCase("js-c-1", false, TestName = "an unknown ReplicatedJob")]
    [TestCase("", false)]
    [TestCase("js", false, TestName = "the JobSet's own name is no child's name")]
    public void A_name_counts_only_as_the_controller_writes_it(string name, bool counts)
    {
        using var names = Bound(("a", 2));
        names.Add(name);

        Assert.That(names.Contains("a", 1) || names.Contains("a", 0), Is.EqualTo(counts));
    }

    [Test]
    public void The_shortest_name_is_the_jobset_a_dash_and_an_index_of_a_replicated_job_with_an_empty_name()
    {
        using var names = Bound(("", 1), ("a", 1));
        names.Add("js--0");

        Assert.Multiple(() =>
        {
            Assert.That(names.Contains("", 0), Is.True);
            Assert.That(names.Contains("a", 0), Is.False);
        });
    }

    [Test]
    public void Each_name_sets_its_own_bit_across_words_and_replicated_jobs()
    {
        using var names = Bound(("a", 70), ("b", 3), ("c", 64));
        foreach (var name in new[] { "js-a-0", "js-a-63", "js-a-64", "js-a-69", "js-b-1", "js-c-63", "js-a-5" })
        {
            names.Add(name);
        }

        var set = new List<string>();
        foreach (var (rjob, replicas) in new[] { ("a", 70), ("b", 3), ("c", 64) })
        {
            for (var i = 0; i < replicas; i++)
            {
                if (names.Contains(rjob, i))
                {
                    set.Add($"{rjob}{i}");
                }
            }
        }

        Assert.That(set, Is.EqualTo(new[] { "a0", "a5", "a63", "a64", "a69", "b1", "c63" }));
    }

    [Test]
    public void All_exist_only_when_every_index_was_added_once_or_more()
    {
        using var names = Bound(("a", 2), ("b", 3));
        names.Add("js-a-0");
        names.Add("js-a-0");
        var afterDuplicate = names.ContainsAll("a", 2);
        names.Add("js-a-1");
        names.Add("js-b-0");
        names.Add("js-b-1");

        Assert.Multiple(() =>
        {
            Assert.That(afterDuplicate, Is.False);
            Assert.That(names.ContainsAll("a", 2), Is.True);
            Assert.That(names.ContainsAll("a", 1), Is.False, "the replica count must be the layout's");
            Assert.That(names.ContainsAll("a", 3), Is.False);
            Assert.That(names.ContainsAll("b", 3), Is.False);
            Assert.That(names.ContainsAll("c", 0), Is.False);
        });
    }

    [Test]
    public void Indexes_outside_the_replicated_job_and_unknown_names_are_not_contained()
    {
        using var names = Bound(("a", 2), ("b", 2));
        names.Add("js-b-0");
        names.Add("js-b-1");

        Assert.Multiple(() =>
        {
            Assert.That(names.Contains("a", 2), Is.False, "the bit after a's range is b's first");
            Assert.That(names.Contains("b", -1), Is.False, "the bit before b's range is a's last");
            Assert.That(names.Contains("b", 2), Is.False);
            Assert.That(names.Contains("x", 0), Is.False);
            Assert.That(names.Contains("b", 0), Is.True);
        });
    }

    [Test]
    public void Nothing_is_contained_before_a_name_is_added_or_after_dispose()
    {
        var names = Bound(("a", 1));
        var before = (names.Contains("a", 0), names.ContainsAll("a", 1));
        names.Add("js-a-0");
        var added = (names.Contains("a", 0), names.ContainsAll("a", 1));
        names.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo((false, false)));
            Assert.That(added, Is.EqualTo((true, true)));
            Assert.That((names.Contains("a", 0), names.ContainsAll("a", 1)), Is.EqualTo((false, false)));
        });
    }

    [Test]
    public void Names_added_before_binding_are_parsed_when_bound_and_a_second_bind_changes_nothing()
    {
        using var names = new ExistingJobNames();
        names.Add("js-a-1");
        names.Add("other-a-0");
        var unbound = names.Contains("a", 1);
        names.Bind("js", Layout(("a", 2)));
        names.Bind("other", Layout(("a", 2)));
        names.Add("other-a-0");

        Assert.Multiple(() =>
        {
            Assert.That(unbound, Is.False);
            Assert.That(names.Contains("a", 1), Is.True);
            Assert.That(names.Contains("a", 0), Is.False);
        });
    }

    [Test]
    public void Duplicate_replicated_job_names_share_the_larger_range()
    {
        using var names = Bound(("a", 1), ("a", 3));
        names.Add("js-a-2");

        Assert.That(names.Contains("a", 2), Is.True);
    }

    [Test]
    public void Looking_up_alternately_in_two_replicated_jobs_keeps_them_apart()
    {
        using var names = Bound(("a", 2), ("b", 2));
        names.Add("js-a-0");
        names.Add("js-b-1");
        names.Add("js-a-1");

        Assert.That(
            new[] { names.Contains("a", 0), names.Contains("b", 0), names.Contains("a", 1), names.Contains("b", 1), names.Contains(new string('a', 1), 0) },
            Is.EqualTo(new[] { true, false, true, true, true }));
    }

    [Test]
    public void A_bitmap_of_many_words_is_cleared_and_holds_its_last_bit()
    {
        using var names = Bound(("a", 5000));
        names.Add("js-a-4999");

        Assert.Multiple(() =>
        {
            Assert.That(names.Contains("a", 4999), Is.True);
            Assert.That(names.Contains("a", 4998), Is.False);
        });
    }

    [Test]
    public void An_index_at_the_replica_count_sets_no_bit_of_the_next_replicated_job()
    {
        using var names = Bound(("a", 2), ("b", 2));
        names.Add("js-a-0");
        names.Add("js-a-2");

        Assert.Multiple(() =>
        {
            Assert.That(names.Contains("b", 0), Is.False);
            Assert.That(names.ContainsAll("a", 2), Is.False);
        });
    }

    [Test]
    public void Looking_up_an_unknown_replicated_job_then_adding_its_name_ignores_the_name()
    {
        using var names = Bound(("a", 1));
        names.Add("js-a-0");
        var unknown = names.Contains("zz", 0);
        names.Add("js-zz-0");

        Assert.Multiple(() =>
        {
            Assert.That(unknown, Is.False);
            Assert.That(names.Contains("zz", 0), Is.False);
            Assert.That(names.Contains("a", 0), Is.True);
        });
    }
}
