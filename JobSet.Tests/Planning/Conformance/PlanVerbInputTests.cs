using JobSet.Tests.TestSupport;

namespace JobSet.Tests.Planning.Conformance;

/// <summary><c>jobset plan</c> on malformed input: a one-line error and exit code 1 or 2, never a stack trace.</summary>
public class PlanVerbInputTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "jobset-plan-input-" + TestContext.CurrentContext.Test.ID);
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    private const string Header = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: solo
          namespace: default
          uid: u1
        spec:
          replicatedJobs:
          - name: rj
            replicas: 1

        """;

    private const string Template = """
            template:
              spec:
                template:
                  spec:
                    containers: [{name: main, image: busybox}]
        """;

    [TestCase("    template: null\n", TestName = "template null")]
    [TestCase("    template: {}\n", TestName = "template empty")]
    [TestCase("    template: {spec: {}}\n", TestName = "job spec empty")]
    [TestCase("    template: {spec: {template: {}}}\n", TestName = "pod template empty")]
    public void Jobset_with_a_thin_template_never_crashes(string template)
    {
        var result = Run(Header + template, null);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.AnyOf(0, 1, 2), result.Error);
            Assert.That(result.ErrorLines, Has.Count.LessThanOrEqualTo(1), result.Error);
            Assert.That(result.Error, Does.Not.Contain("   at "));
        });
    }

    [TestCase("metadata: {name: solo-rj-0, namespace: default, ownerReferences: [null]}", TestName = "null owner reference")]
    [TestCase("metadata: {name: solo-rj-0, namespace: default, labels: null, ownerReferences: [{apiVersion: jobset.x-k8s.io/v1alpha2, kind: JobSet, name: solo, uid: u1, controller: true}]}", TestName = "no labels")]
    [TestCase("metadata: {name: solo-rj-0, namespace: default, labels: {jobset.sigs.k8s.io/restart-attempt: '0'}, ownerReferences: [{apiVersion: jobset.x-k8s.io/v1alpha2, kind: JobSet, name: solo, uid: u1, controller: true}]}\nspec: null\nstatus: {conditions: [{type: Failed}]}", TestName = "no spec, condition without status")]
    [TestCase("metadata: {name: solo-rj-0, namespace: default, labels: {jobset.sigs.k8s.io/restart-attempt: '0'}, ownerReferences: [{apiVersion: jobset.x-k8s.io/v1alpha2, kind: JobSet, name: solo, uid: u1, controller: true}]}\nstatus: {conditions: [{type: Failed, status: 'True'}]}", TestName = "failed job without labels of its replicated job")]
    public void Malformed_observed_job_never_crashes(string job)
    {
        var result = Run(Header + Template, "apiVersion: batch/v1\nkind: Job\n" + job + "\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.AnyOf(0, 1, 2), result.Error);
            Assert.That(result.ErrorLines, Has.Count.LessThanOrEqualTo(1), result.Error);
            Assert.That(result.Error, Does.Not.Contain("   at "));
        });
    }

    private CliResult Run(string jobSet, string? observed)
    {
        var jobSetPath = Path.Combine(folder, "js.yaml");
        File.WriteAllText(jobSetPath, jobSet);
        if (observed is null)
        {
            return CliRunner.Run("plan", "-f", jobSetPath, "--now", "2026-01-01T00:00:00Z");
        }

        var observedPath = Path.Combine(folder, "observed.yaml");
        File.WriteAllText(observedPath, observed);
        return CliRunner.Run("plan", "-f", jobSetPath, "--observed", observedPath, "--now", "2026-01-01T00:00:00Z");
    }
}
