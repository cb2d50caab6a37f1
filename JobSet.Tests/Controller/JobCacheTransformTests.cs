using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Controller;
using k8s.Models;

namespace JobSet.Tests.Controller;

public class JobCacheTransformTests
{
    [Test]
    public void Keeps_every_field_but_managed_fields_and_shares_the_repeated_strings()
    {
        var a = Job("big-workers-1", "1");
        var b = Job("big-workers-2", "2");
        var expectedA = KubeSerializer.ToJson(Without(Job("big-workers-1", "1")));

        JobCacheTransform.Apply(a);
        JobCacheTransform.Apply(b);

        Assert.Multiple(() =>
        {
            Assert.That(KubeSerializer.ToJson(a), Is.EqualTo(expectedA), "the same object apart from managedFields");
            Assert.That(a.Metadata.ManagedFields, Is.Null);

            // JobSet-wide values and every key: one string for both Jobs and all four maps.
            var key = a.Metadata.Labels.Keys.Single(k => k == WellKnownKeys.JobSetUid);
            Assert.That(b.Spec.Template.Metadata.Annotations.Keys.Single(k => k == WellKnownKeys.JobSetUid), Is.SameAs(key));
            Assert.That(b.Metadata.Annotations[WellKnownKeys.JobSetUid], Is.SameAs(a.Metadata.Labels[WellKnownKeys.JobSetUid]));

            // A per-Job value: one string for the Job's four maps, distinct between Jobs.
            Assert.That(a.Spec.Template.Metadata.Labels[WellKnownKeys.JobIndex], Is.SameAs(a.Metadata.Labels[WellKnownKeys.JobIndex]));
            Assert.That(a.Metadata.Annotations[WellKnownKeys.JobIndex], Is.SameAs(a.Metadata.Labels[WellKnownKeys.JobIndex]));
            Assert.That(b.Metadata.Labels[WellKnownKeys.JobIndex], Is.EqualTo("2"));
        });
    }

    [Test]
    public void A_value_that_differs_from_the_jobs_own_label_is_kept_as_it_is()
    {
        var job = Job("big-workers-1", "1");
        job.Spec.Template.Metadata.Labels[WellKnownKeys.JobIndex] = new string(['7']);

        JobCacheTransform.Apply(job);

        Assert.That(job.Spec.Template.Metadata.Labels[WellKnownKeys.JobIndex], Is.EqualTo("7"));
        Assert.That(job.Metadata.Labels[WellKnownKeys.JobIndex], Is.EqualTo("1"));
    }

    [Test]
    public void A_job_without_maps_or_template_is_left_alone()
    {
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "bare", ManagedFields = [new V1ManagedFieldsEntry { Manager = "m" }] } };

        JobCacheTransform.Apply(job);

        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.Labels, Is.Null);
            Assert.That(job.Metadata.ManagedFields, Is.Null);
        });
    }

    private static V1Job Without(V1Job job)
    {
        job.Metadata.ManagedFields = null;
        return job;
    }

    private static V1Job Job(string name, string index)
    {
        // Fresh string instances, as a deserializer makes them.
        Dictionary<string, string> Map(params (string Key, string Value)[] entries) =>
            entries.ToDictionary(e => new string(e.Key.AsSpan()), e => new string(e.Value.AsSpan()));
        (string, string)[] common = [(WellKnownKeys.JobSetName, "big"), (WellKnownKeys.JobSetUid, "407365d2-75d9-4f58-a4ab-f2093bc85b58"), (WellKnownKeys.JobIndex, index), (WellKnownKeys.RestartAttempt, "0")];
        return new V1Job
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = Map(common),
                Annotations = Map(common),
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "jobset", Operation = "Update" }],
            },
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Map([.. common, ("job-name", name)]), Annotations = Map(common) },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
                },
            },
        };
    }
}
