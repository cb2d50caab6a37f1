using System.Text.Json.Nodes;
using JobSet.Core.Planning;
using JobSet.Kubernetes.Controller;
using k8s.Models;

namespace JobSet.Tests.Controller;

/// <summary>What the controller sends for each Job write: only the fields the plan changes.</summary>
public class JobPatchTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new JobChanges { Suspend = true }, "7", V1Patch.PatchType.MergePatch,
            """{"metadata":{"resourceVersion":"7"},"spec":{"suspend":true}}""").SetName("Suspend: spec.suspend on the observed version");
        yield return new TestCaseData(new JobChanges { Scales = true, Parallelism = 3, Completions = 3 }, "7", V1Patch.PatchType.MergePatch,
            """{"spec":{"parallelism":3,"completions":3}}""").SetName("Elastic resize: parallelism and completions, no precondition (upstream's plain merge patch)");
        yield return new TestCaseData(new JobChanges { Scales = true }, "7", V1Patch.PatchType.MergePatch,
            """{"spec":{"parallelism":null,"completions":null}}""").SetName("Elastic resize to unset values removes them");
        yield return new TestCaseData(
            new JobChanges
            {
                Suspend = false,
                Template = new PodTemplateChanges(
                    new Dictionary<string, string> { ["kueue.x-k8s.io/flavor"] = "b" },
                    new Dictionary<string, string> { ["note"] = "n" },
                    new Dictionary<string, string> { ["flavor"] = "b" },
                    [new V1Toleration { Key = "gpu", OperatorProperty = "Exists" }],
                    [new V1PodSchedulingGate { Name = "kueue" }]),
            },
            "7",
            V1Patch.PatchType.StrategicMergePatch,
            """{"metadata":{"resourceVersion":"7"},"spec":{"suspend":false,"template":{"spec":{"nodeSelector":{"$patch":"replace","flavor":"b"},"tolerations":[{"key":"gpu","operator":"Exists"}],"schedulingGates":[{"$patch":"replace"},{"name":"kueue"}]},"metadata":{"labels":{"kueue.x-k8s.io/flavor":"b"},"annotations":{"note":"n"}}}}}""")
            .SetName("Resume: labels and annotations merged, scheduling directives replaced, on the observed version");
        yield return new TestCaseData(
            new JobChanges { Suspend = false, Template = new PodTemplateChanges(null, null, null, null, null) },
            "7",
            V1Patch.PatchType.StrategicMergePatch,
            """{"metadata":{"resourceVersion":"7"},"spec":{"suspend":false,"template":{"spec":{"nodeSelector":null,"tolerations":null,"schedulingGates":null}}}}""")
            .SetName("Resume to no directives removes the old ones and leaves the labels alone");
    }

    [TestCaseSource(nameof(Cases))]
    public void Update_sends_only_the_changed_fields(JobChanges changes, string version, V1Patch.PatchType type, string expected)
    {
        var patch = JobPatches.Update(changes, version);

        Assert.Multiple(() =>
        {
            Assert.That(patch.Type, Is.EqualTo(type));
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse((string)patch.Content), JsonNode.Parse(expected)), Is.True, (string)patch.Content);
        });
    }

    [Test]
    public void The_start_time_write_sends_only_status_start_time_on_the_observed_version()
    {
        var patch = JobPatches.StartTime(new V1Job { Status = new V1JobStatus { Active = 2 } }, "9");

        Assert.Multiple(() =>
        {
            Assert.That(patch.Type, Is.EqualTo(V1Patch.PatchType.MergePatch));
            Assert.That((string)patch.Content, Is.EqualTo("""{"metadata":{"resourceVersion":"9"},"status":{"startTime":null}}"""));
        });
    }
}
