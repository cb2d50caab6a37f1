using JobSet.Core.Api;
using JobSet.Core.Serialization;
using JobSet.Kubernetes.Controller;
using k8s.Models;

namespace JobSet.Tests.Controller;

public class JobCacheTransformTests
{
    [Test]
    public void Keeps_the_metadata_status_and_scale_and_drops_the_pod_template_and_the_rest_of_the_spec()
    {
        var job = Job("big-workers-1", "1");
        job.Spec.Suspend = true;
        job.Spec.Parallelism = 4;
        job.Spec.Completions = 4;
        job.Spec.BackoffLimit = 6;
        job.Spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = "u" } };
        job.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "jobset.x-k8s.io/v1alpha2", Kind = "JobSet", Name = "big", Uid = "407365d2-75d9-4f58-a4ab-f2093bc85b58", Controller = true }];
        job.Status = new V1JobStatus { Active = 4, Ready = 3, StartTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Conditions = [new V1JobCondition { Type = "Suspended", Status = "True" }] };
        var expected = KubeSerializer.ToNode(Job("big-workers-1", "1"));
        expected["metadata"]!.AsObject().Remove("managedFields");
        expected["metadata"]!["ownerReferences"] = KubeSerializer.ToNode(job.Metadata.OwnerReferences);
        expected["spec"] = new System.Text.Json.Nodes.JsonObject { ["completions"] = 4, ["parallelism"] = 4, ["suspend"] = true };
        expected["status"] = KubeSerializer.ToNode(job.Status);

        JobCacheTransform.Apply(job);

        Assert.That(KubeSerializer.ToJson(job), Is.EqualTo(KubeSerializer.ToJson(expected)));
    }

    [Test]
    public void Shares_the_repeated_strings_of_the_labels_and_annotations()
    {
        var a = Job("big-workers-1", "1");
        var b = Job("big-workers-2", "2");

        JobCacheTransform.Apply(a);
        JobCacheTransform.Apply(b);

        Assert.Multiple(() =>
        {
            // JobSet-wide values and every key: one string for both Jobs and both maps.
            var key = a.Metadata.Labels.Keys.Single(k => k == WellKnownKeys.JobSetUid);
            Assert.That(b.Metadata.Annotations.Keys.Single(k => k == WellKnownKeys.JobSetUid), Is.SameAs(key));
            Assert.That(b.Metadata.Annotations[WellKnownKeys.JobSetUid], Is.SameAs(a.Metadata.Labels[WellKnownKeys.JobSetUid]));

            // A per-Job value: one string for the Job's two maps, distinct between Jobs.
            Assert.That(a.Metadata.Annotations[WellKnownKeys.JobIndex], Is.SameAs(a.Metadata.Labels[WellKnownKeys.JobIndex]));
            Assert.That(b.Metadata.Labels[WellKnownKeys.JobIndex], Is.EqualTo("2"));
        });
    }

    [Test]
    public void An_annotation_that_differs_from_the_jobs_own_label_is_kept_as_it_is()
    {
        var job = Job("big-workers-1", "1");
        job.Metadata.Annotations[WellKnownKeys.JobIndex] = new string(['7']);

        JobCacheTransform.Apply(job);

        Assert.That(job.Metadata.Annotations[WellKnownKeys.JobIndex], Is.EqualTo("7"));
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
