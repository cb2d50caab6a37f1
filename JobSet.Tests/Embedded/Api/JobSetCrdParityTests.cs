using k8s;
using k8s.Models;

namespace JobSet.Tests.Embedded.Api;

/// <summary>
/// The served JobSet CRD is structurally what upstream installs (config/components/crd/bases/
/// jobset.x-k8s.io_jobsets.yaml): names, scope, versions, subresources, printer columns and the
/// top-level schema. Upstream's values are written out here: the project does not read upstream files.
/// </summary>
public sealed class JobSetCrdParityTests : ApiTestBase
{
    private V1CustomResourceDefinition crd = null!;

    [OneTimeSetUp]
    public async Task ReadCrd() => crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("jobsets.jobset.x-k8s.io");

    [Test]
    public void Names_scope_and_group_are_upstream_s()
    {
        var names = crd.Spec.Names;
        Assert.That(
            (crd.Spec.Group, crd.Spec.Scope, names.Kind, names.ListKind, names.Plural, names.Singular, names.ShortNames?.Count ?? 0, names.Categories?.Count ?? 0),
            Is.EqualTo(("jobset.x-k8s.io", "Namespaced", "JobSet", "JobSetList", "jobsets", "jobset", 0, 0)));
    }

    [Test]
    public void One_version_v1alpha2_served_and_stored_with_only_the_status_subresource()
    {
        var version = crd.Spec.Versions.Single();
        Assert.That((version.Name, version.Served, version.Storage, version.Deprecated ?? false), Is.EqualTo(("v1alpha2", true, true, false)));
        Assert.That((version.Subresources?.Status is not null, version.Subresources?.Scale is null), Is.EqualTo((true, true)));
        Assert.That(crd.Status.StoredVersions, Is.EqualTo(new[] { "v1alpha2" }));
        Assert.That(crd.Spec.Conversion?.Strategy ?? "None", Is.EqualTo("None"));
    }

    [Test]
    public void Printer_columns_match_upstream_in_order_with_descriptions()
    {
        var columns = crd.Spec.Versions.Single().AdditionalPrinterColumns.Select(c => (c.Name, c.JsonPath, c.Type, c.Description, c.Priority ?? 0));

        Assert.That(columns, Is.EqualTo(new[]
        {
            ("TerminalState", ".status.terminalState", "string", "Final state of JobSet", 0),
            ("Restarts", ".status.restarts", "string", "Number of restarts", 0),
            ("Completed", ".status.conditions[?(@.type==\"Completed\")].status", "string", (string?)null, 0),
            ("Suspended", ".spec.suspend", "string", "JobSet suspended", 0),
            ("Age", ".metadata.creationTimestamp", "date", "Time this JobSet was created", 0),
        }));
    }

    [Test]
    public void The_top_level_schema_has_upstream_s_properties_and_types()
    {
        var schema = crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;

        Assert.That(schema.Type, Is.EqualTo("object"));
        Assert.That(
            schema.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Type)),
            Is.EqualTo(new[] { ("apiVersion", "string"), ("kind", "string"), ("metadata", "object"), ("spec", "object"), ("status", "object") }));
    }

    [Test]
    public async Task Discovery_lists_jobsets_and_their_status_subresource_as_for_a_CRD()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var list = KubernetesJson.Deserialize<V1APIResourceList>(await http.GetStringAsync(new Uri("/apis/jobset.x-k8s.io/v1alpha2", UriKind.Relative)));

        var resources = list.Resources.ToDictionary(r => r.Name);
        Assert.That(resources.Keys, Is.EquivalentTo(new[] { "jobsets", "jobsets/status" }));
        var jobsets = resources["jobsets"];
        Assert.That((jobsets.Kind, jobsets.Namespaced, jobsets.SingularName), Is.EqualTo(("JobSet", true, "jobset")));
        Assert.That(jobsets.Verbs, Is.EquivalentTo(new[] { "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch" }));
        Assert.That(resources["jobsets/status"].Verbs, Is.EquivalentTo(new[] { "get", "patch", "update" }));
    }

    [Test]
    public async Task Jobsets_are_not_in_the_all_category_as_on_a_real_cluster()
    {
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var core = KubernetesJson.Deserialize<V1APIResourceList>(await http.GetStringAsync(new Uri("/api/v1", UriKind.Relative)));
        var batch = KubernetesJson.Deserialize<V1APIResourceList>(await http.GetStringAsync(new Uri("/apis/batch/v1", UriKind.Relative)));
        var jobSets = KubernetesJson.Deserialize<V1APIResourceList>(await http.GetStringAsync(new Uri("/apis/jobset.x-k8s.io/v1alpha2", UriKind.Relative)));

        var inAll = core.Resources.Concat(batch.Resources).Concat(jobSets.Resources)
            .Where(r => r.Categories?.Contains("all") == true)
            .Select(r => r.Name);

        Assert.That(inAll, Is.EquivalentTo(new[] { "pods", "services", "jobs" }));
    }
}
