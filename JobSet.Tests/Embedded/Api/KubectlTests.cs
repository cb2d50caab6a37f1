using System.Diagnostics;
using JobSet.Kubernetes.Embedded;
using k8s;
using k8s.Models;
using JobSet.Core.Api;

namespace JobSet.Tests.Embedded.Api;

/// <summary>The real kubectl (v1.32 on PATH) against the embedded cluster, unmodified and without extra flags.</summary>
public sealed class KubectlTests : KubectlTestBase
{
    private const string JobSetYaml = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: NAME
        spec:
          replicatedJobs:
          - name: workers
            replicas: 2
            template:
              spec:
                parallelism: 1
                completions: 1
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: w
                      image: busybox
        """;

    protected override void ConfigureCluster(EmbeddedClusterOptions options)
    {
        options.SimulateWorkloads = true;
        options.Simulation.StartupTime = TimeSpan.Zero;
        options.Simulation.DefaultRunTime = TimeSpan.FromMilliseconds(100);
    }

    [Test]
    public async Task Create_namespace_works_although_kubectl_sends_protobuf()
    {
        var name = Name("kns");

        var created = await Kubectl.RunAsync("create", "namespace", name);
        var phase = await Kubectl.RunAsync("get", "namespace", name, "-o", "jsonpath={.status.phase}");

        Assert.That((created.Exit, created.Out.Trim()), Is.EqualTo((0, $"namespace/{name} created")), created.Err);
        Assert.That(phase.Out, Is.EqualTo("Active"));
    }

    [Test]
    public async Task Create_from_a_file_and_create_configmap_from_literals()
    {
        var name = Name("kcr");

        var fromFile = await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "create", "-n", Ns, "-f", "-");
        var again = await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "create", "-n", Ns, "-f", "-");
        var configMap = await Kubectl.RunAsync("create", "configmap", name, "-n", Ns, "--from-literal=a=b");
        var stored = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns);

        Assert.Multiple(() =>
        {
            Assert.That((fromFile.Exit, fromFile.Out.Trim()), Is.EqualTo((0, $"jobset.jobset.x-k8s.io/{name} created")), fromFile.Err);
            Assert.That(again.Err, Does.Contain($"Error from server (AlreadyExists): error when creating \"STDIN\": jobsets.jobset.x-k8s.io \"{name}\" already exists"));
            Assert.That((configMap.Exit, configMap.Out.Trim()), Is.EqualTo((0, $"configmap/{name} created")), configMap.Err);
            Assert.That(stored.Data, Is.EqualTo(new Dictionary<string, string> { ["a"] = "b" }));
        });
    }

    [Test]
    public async Task Create_job_from_an_image_is_decoded_from_protobuf_and_runs()
    {
        var name = Name("kcj");

        var created = await Kubectl.RunAsync("create", "job", name, "-n", Ns, "--image=busybox", "--", "echo", "hi");
        var waited = await Kubectl.RunAsync("wait", "--for=condition=complete", $"job/{name}", "-n", Ns, "--timeout=30s");
        var job = await Client.BatchV1.ReadNamespacedJobAsync(name, Ns);

        Assert.That((created.Exit, created.Out.Trim()), Is.EqualTo((0, $"job.batch/{name} created")), created.Err);
        Assert.That(waited.Exit, Is.Zero, waited.Err);
        var container = job.Spec.Template.Spec.Containers.Single();
        Assert.That((container.Name, container.Image, string.Join(" ", container.Command), job.Spec.Template.Spec.RestartPolicy), Is.EqualTo((name, "busybox", "echo hi", "Never")));
    }

    [Test]
    public async Task Apply_stores_a_defaulted_JobSet_and_get_shows_it()
    {
        var name = Name("kjs");

        var applied = await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "apply", "-n", Ns, "-f", "-");
        var yaml = await Kubectl.RunAsync("get", "jobset", name, "-n", Ns, "-o", "yaml");
        var table = await Kubectl.RunAsync("get", "jobsets", "-n", Ns);
        var again = await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "apply", "-n", Ns, "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That((applied.Exit, applied.Out.Trim()), Is.EqualTo((0, $"jobset.jobset.x-k8s.io/{name} created")), applied.Err);
            Assert.That(yaml.Out, Does.Contain("groupName: default").And.Contain("kubectl.kubernetes.io/last-applied-configuration"));
            Assert.That(table.Out, Does.StartWith("NAME").And.Contain("TERMINALSTATE").And.Contain(name));
            Assert.That(again.Exit, Is.EqualTo(0), again.Err);
        });
    }

    [Test]
    public async Task Server_side_apply_works()
    {
        var name = Name("kssa");

        var applied = await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "apply", "--server-side", "-n", Ns, "-f", "-");

        Assert.That((applied.Exit, applied.Out.Trim()), Is.EqualTo((0, $"jobset.jobset.x-k8s.io/{name} serverside-applied")), applied.Err);
    }

    [Test]
    public async Task An_invalid_JobSet_is_refused_with_the_server_message()
    {
        var applied = await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", "Bad_Name", StringComparison.Ordinal), "apply", "-n", Ns, "-f", "-");

        Assert.That(applied.Exit, Is.Not.Zero);
        Assert.That(applied.Err, Does.Contain("The JobSet \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\""));
    }

    [Test]
    public async Task A_misspelt_field_is_refused_by_strict_field_validation_and_only_warned_with_validate_warn()
    {
        var yaml = JobSetYaml.Replace("NAME", Name("ktypo"), StringComparison.Ordinal).Replace("  replicatedJobs:", "  replicatedJob:\n  - name: x\n  replicatedJobs:", StringComparison.Ordinal);

        var strict = await Kubectl.RunWithInputAsync(yaml, "apply", "-n", Ns, "-f", "-");
        var warned = await Kubectl.RunWithInputAsync(yaml, "apply", "-n", Ns, "-f", "-", "--validate=warn");

        Assert.That(strict.Exit, Is.Not.Zero);
        Assert.That(strict.Err, Does.Contain("JobSet in version \"v1alpha2\" cannot be handled as a JobSet: strict decoding error: unknown field \"spec.replicatedJob\""));
        Assert.That((warned.Exit, warned.Err.Trim()), Is.EqualTo((0, "Warning: unknown field \"spec.replicatedJob\"")));
    }

    [Test]
    public async Task Server_dry_run_stores_nothing_and_diff_shows_the_change()
    {
        var name = Name("kdry");
        var yaml = JobSetYaml.Replace("NAME", name, StringComparison.Ordinal);

        var dry = await Kubectl.RunWithInputAsync(yaml, "apply", "--dry-run=server", "-n", Ns, "-f", "-");
        var absent = await Kubectl.RunAsync("get", "jobset", name, "-n", Ns);
        await Kubectl.RunWithInputAsync(yaml, "apply", "-n", Ns, "-f", "-");
        var diff = await Kubectl.RunWithInputAsync(yaml.Replace($"  name: {name}", $"  name: {name}\n  labels:\n    team: b", StringComparison.Ordinal), "diff", "-n", Ns, "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(dry.Out.Trim(), Is.EqualTo($"jobset.jobset.x-k8s.io/{name} created (server dry run)"), dry.Err);
            Assert.That(absent.Err, Does.Contain("NotFound"));
            Assert.That(diff.Exit, Is.EqualTo(1), diff.Err);
            Assert.That(diff.Out, Does.Contain("+  labels:").And.Contain("+    team: b"));
        });
    }

    [Test]
    public async Task A_kind_the_cluster_does_not_serve_fails_with_no_matches_for_kind()
    {
        const string policy = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny
            spec:
              podSelector: {}
            """;

        var applied = await Kubectl.RunWithInputAsync(policy, "apply", "-n", Ns, "-f", "-");

        Assert.That(applied.Exit, Is.Not.Zero);
        Assert.That(applied.Err, Does.Contain("no matches for kind \"NetworkPolicy\" in version \"networking.k8s.io/v1\""));
    }

    [Test]
    public async Task Describe_shows_the_object()
    {
        var name = Name("kdesc");
        await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "apply", "-n", Ns, "-f", "-");

        var described = await Kubectl.RunAsync("describe", "jobset", name, "-n", Ns);

        Assert.That(described.Exit, Is.Zero, described.Err);
        Assert.That(described.Out, Does.Contain($"Name:         {name}").And.Contain("Replicated Jobs:"));
    }

    [Test]
    public async Task Patch_merge_and_status_subresource_then_wait_for_the_condition()
    {
        var name = Name("kwait");
        await Kubectl.RunWithInputAsync(JobSetYaml.Replace("NAME", name, StringComparison.Ordinal), "apply", "-n", Ns, "-f", "-");

        var labelled = await Kubectl.RunAsync("patch", "jobset", name, "-n", Ns, "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}");
        var status = await Kubectl.RunAsync("patch", "jobset", name, "-n", Ns, "--subresource=status", "--type=merge", "-p",
            "{\"status\":{\"conditions\":[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"AllJobsCompleted\",\"message\":\"jobset completed successfully\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
        var waited = await Kubectl.RunAsync("wait", "--for=condition=Completed", $"jobset/{name}", "-n", Ns, "--timeout=20s");
        var stored = await Client.CustomObjects.GetNamespacedCustomObjectAsync<V1alpha2JobSet>("jobset.x-k8s.io", "v1alpha2", Ns, "jobsets", name);

        Assert.Multiple(() =>
        {
            Assert.That(labelled.Exit, Is.Zero, labelled.Err);
            Assert.That(status.Exit, Is.Zero, status.Err);
            Assert.That((waited.Exit, waited.Out.Trim()), Is.EqualTo((0, $"jobset.jobset.x-k8s.io/{name} condition met")), waited.Err);
            Assert.That(stored.Metadata.Labels["team"], Is.EqualTo("a"));
            Assert.That(stored.Metadata.Generation, Is.EqualTo(1), "labels and status do not bump generation");
        });
    }

    [Test]
    public async Task A_job_applied_by_hand_runs_to_completion_and_cascading_delete_removes_its_pods()
    {
        var name = Name("kjob");
        var job = $$"""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {{name}}
            spec:
              completions: 2
              parallelism: 2
              completionMode: Indexed
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: c
                    image: busybox
            """;

        var applied = await Kubectl.RunWithInputAsync(job, "apply", "-n", Ns, "-f", "-");
        var waited = await Kubectl.RunAsync("wait", "--for=condition=complete", $"job/{name}", "-n", Ns, "--timeout=30s");
        var pods = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"job-name={name}");
        var table = await Kubectl.RunAsync("get", "pods", "-n", Ns, "-l", $"job-name={name}", "--no-headers", "-o", "custom-columns=X:status.phase");
        var printed = await Kubectl.RunAsync("get", "pods", "-n", Ns, "-l", $"job-name={name}", "--no-headers");
        var deleted = await Kubectl.RunAsync("delete", "job", name, "-n", Ns);
        var after = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"job-name={name}");

        Assert.Multiple(() =>
        {
            Assert.That(applied.Exit, Is.Zero, applied.Err);
            Assert.That(waited.Exit, Is.Zero, waited.Err);
            Assert.That(pods.Items.Select(p => p.Status.Phase), Is.EqualTo(new[] { "Succeeded", "Succeeded" }));
            Assert.That(table.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "Succeeded", "Succeeded" }));
            Assert.That(printed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]), Is.EqualTo(new[] { "Completed", "Completed" }), "the STATUS column shows the container's terminated reason, as kubectl does");
            Assert.That(deleted.Out.Trim(), Is.EqualTo($"job.batch \"{name}\" deleted"), deleted.Err);
            Assert.That(after.Items, Is.Empty, "kubectl deletes with background propagation, so the pods go too");
        });
    }

    [Test]
    public async Task Get_raw_returns_discovery()
    {
        var raw = await Kubectl.RunAsync("get", "--raw", "/apis/jobset.x-k8s.io/v1alpha2");

        Assert.That(raw.Exit, Is.Zero, raw.Err);
        Assert.That(raw.Out, Does.Contain("\"name\":\"jobsets\"").And.Contain("\"name\":\"jobsets/status\""));
    }

    [Test]
    public async Task Get_watch_prints_changes()
    {
        var name = Name("kw");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), Ns);
        using var process = Process.Start(Kubectl.StartInfo(["get", "configmap", name, "-n", Ns, "-w", "-o", "custom-columns=NAME:.metadata.name,VALUE:.data.k", "--no-headers"]))!;
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                await lines.Writer.WriteAsync(line);
            }
        });
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await lines.Reader.ReadAsync(cts.Token);

            // kubectl prints the object, then opens its watch; a change made before the watch is
            // open is not printed (as against a real server), so keep changing until one is seen.
            string? second = null;
            for (var attempt = 0; second is null && !cts.IsCancellationRequested; attempt++)
            {
                await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($"{{\"data\":{{\"k\":\"watched{attempt}\"}}}}", V1Patch.PatchType.MergePatch), name, Ns);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
                wait.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    second = await lines.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cts.IsCancellationRequested)
                {
                    // Not seen yet: the watch was not open at the time of this change.
                }
            }

            Assert.That(first, Does.StartWith(name).And.EndWith("v"));
            Assert.That(second, Does.StartWith(name).And.Match("watched[0-9]+$"));
        }
        finally
        {
            process.Kill();
            await reader;
        }
    }

    [Test]
    public async Task Delete_namespace_with_kubectl_removes_its_contents()
    {
        var ns = Name("kdel");
        await Kubectl.RunAsync("create", "namespace", ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("inside"), ns);

        var deleted = await Kubectl.RunAsync("delete", "namespace", ns);

        Assert.That(deleted.Exit, Is.Zero, deleted.Err);
        var all = await Client.CoreV1.ListNamespaceAsync(fieldSelector: $"metadata.name={ns}");
        Assert.That(all.Items, Is.Empty);
    }
}
