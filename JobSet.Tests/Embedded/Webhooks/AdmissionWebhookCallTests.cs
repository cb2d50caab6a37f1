using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Webhooks;
using JobSet.Tests.Embedded.Api;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobSet.Tests.Embedded.Webhooks;

/// <summary>
/// The plain API server calls the webhooks its Mutating/ValidatingWebhookConfigurations name, over
/// HTTPS to a test webhook server found through a Service and its Endpoints, as kube-apiserver does:
/// JSON patches applied, refusals and failed calls answered with kube-apiserver's Status, selectors,
/// failurePolicy, timeouts and the CA bundle honoured. Each webhook only sees ConfigMaps labelled
/// <c>hook: NAME</c> (objectSelector), so the tests share one set of configurations.
/// </summary>
public sealed class AdmissionWebhookCallTests : ApiTestBase
{
    private const string HookNs = "hooks";
    private WebApplication server = null!;
    private readonly ConcurrentQueue<JsonObject> received = new();

    protected override void Configure(EmbeddedClusterOptions options) => options.PlainApiServer = true;

    [OneTimeSetUp]
    public async Task StartWebhookServer()
    {
        var bundle = CertificateBundle.Create($"hook.{HookNs}.svc", DateTimeOffset.UtcNow);
        var certificate = bundle.ServerCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        server = builder.Build();
        server.MapPost("/{**path}", Answer);
        await server.StartAsync();
        var port = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        var ca = Encoding.ASCII.GetBytes(bundle.CaCertificatePem);
        var otherCa = Encoding.ASCII.GetBytes(CertificateBundle.Create($"hook.{HookNs}.svc", DateTimeOffset.UtcNow).CaCertificatePem);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = HookNs } });
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns + "-a", Labels = new Dictionary<string, string> { ["team"] = "a" } } });
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("hook"), HookNs);
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("down"), HookNs);
        await Client.CoreV1.CreateNamespacedEndpointsAsync(
            new V1Endpoints
            {
                Metadata = new V1ObjectMeta { Name = "hook" },
                Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new Corev1EndpointPort { Name = "https", Port = port }] }],
            },
            HookNs);
        await Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "test-mutating" },
            Webhooks =
            [
                new V1MutatingWebhook { Name = "mutate.test", ClientConfig = Via("hook", "/mutate", ca), Rules = Rules("CREATE", "UPDATE"), ObjectSelector = Hook("mutate"), SideEffects = "None", AdmissionReviewVersions = ["v1"] },
                new V1MutatingWebhook { Name = "mutate-ns.test", ClientConfig = Via("hook", "/mutate", ca), Rules = Rules("CREATE"), ObjectSelector = Hook("ns"), NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } }, SideEffects = "None", AdmissionReviewVersions = ["v1"] },
            ],
        });
        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "test-validating" },
            Webhooks =
            [
                Validating("deny.test", Via("hook", "/validate", ca), "deny", "Fail"),
                Validating("deny.test", Via("hook", "/validate", ca), "mutate", "Fail"),
                Validating("down-fail.test", Via("down", "/validate", ca), "down-fail", "Fail"),
                Validating("down-ignore.test", Via("down", "/validate", ca), "down-ignore", "Ignore"),
                Validating("bad-ca.test", Via("hook", "/validate", otherCa), "bad-ca", "Fail"),
                Validating("slow.test", Via("hook", "/slow", ca), "slow", "Fail", timeoutSeconds: 1),
                Validating("url.test", new Admissionregistrationv1WebhookClientConfig { Url = $"https://127.0.0.1:{port}/validate", CaBundle = ca }, "url", "Fail"),
            ],
        });
    }

    [OneTimeTearDown]
    public async Task StopWebhookServer() => await server.DisposeAsync();

    private async Task Answer(HttpContext context)
    {
        var review = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var request = review["request"]!.AsObject();
        received.Enqueue(request);
        var response = new JsonObject { ["uid"] = request["uid"]!.GetValue<string>(), ["allowed"] = true };
        var path = context.Request.Path.Value;
        var obj = request["object"] as JsonObject;
        if (path == "/mutate" && obj is not null)
        {
            var patch = obj["metadata"]?["labels"] is null
                ? """[{"op":"add","path":"/metadata/labels","value":{"mutated":"yes"}}]"""
                : """[{"op":"add","path":"/metadata/labels/mutated","value":"yes"}]""";
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch));
            response["warnings"] = new JsonArray("mutated by the test webhook");
        }
        else if (path == "/validate" && obj?["data"]?["k"]?.GetValue<string>() == "bad")
        {
            response["allowed"] = false;
            response["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "data.k: bad is not allowed" };
        }
        else if (path == "/slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response }.ToJsonString());
    }

    private static V1Service Service(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = 9443 }] },
    };

    private static Admissionregistrationv1WebhookClientConfig Via(string service, string path, byte[] ca) =>
        new() { Service = new Admissionregistrationv1ServiceReference { Name = service, NamespaceProperty = HookNs, Path = path }, CaBundle = ca };

    private static List<V1RuleWithOperations> Rules(params string[] operations) =>
        [new V1RuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Operations = operations, Resources = ["configmaps"] }];

    private static V1LabelSelector Hook(string value) => new() { MatchLabels = new Dictionary<string, string> { ["hook"] = value } };

    private static V1ValidatingWebhook Validating(string name, Admissionregistrationv1WebhookClientConfig client, string hook, string failurePolicy, int timeoutSeconds = 10) => new()
    {
        Name = name,
        ClientConfig = client,
        Rules = Rules("CREATE", "UPDATE"),
        ObjectSelector = Hook(hook),
        FailurePolicy = failurePolicy,
        TimeoutSeconds = timeoutSeconds,
        SideEffects = "None",
        AdmissionReviewVersions = ["v1"],
    };

    private static V1ConfigMap Labelled(string name, string hook, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["hook"] = hook } },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    [Test]
    public async Task A_mutating_webhook_patch_is_stored_and_the_validating_webhook_sees_the_patched_object()
    {
        var name = Name("mutated");

        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(name, "mutate"), Ns);

        Assert.That(created.Metadata.Labels, Does.ContainKey("mutated").WithValue("yes"));
        Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns)).Metadata.Labels["mutated"], Is.EqualTo("yes"));
        var validated = received.Last(r => r["object"]?["metadata"]?["name"]?.GetValue<string>() == name && r["operation"]!.GetValue<string>() == "CREATE");
        Assert.That(validated["object"]!["metadata"]!["labels"]!["mutated"]!.GetValue<string>(), Is.EqualTo("yes"), "the last call is the validating webhook's");
        Assert.That(validated["object"]!["metadata"]!["uid"], Is.Not.Null, "validating webhooks see the object as it would be stored");
        Assert.That(validated["resource"]!["resource"]!.GetValue<string>(), Is.EqualTo("configmaps"));
    }

    [Test]
    public async Task An_update_sends_the_old_object_and_a_merge_patch_is_mutated_too()
    {
        var name = Name("updated");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(name, "deny"), Ns);

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"hook":"mutate"}},"data":{"k":"w"}}""", V1Patch.PatchType.MergePatch), name, Ns);

        Assert.That(patched.Metadata.Labels["mutated"], Is.EqualTo("yes"));
        Assert.That(patched.Data["k"], Is.EqualTo("w"));
        var update = received.Last(r => r["name"]?.GetValue<string>() == name && r["operation"]!.GetValue<string>() == "UPDATE");
        Assert.That(update["oldObject"]!["data"]!["k"]!.GetValue<string>(), Is.EqualTo("v"));
    }

    [Test]
    public async Task A_refusal_is_the_webhooks_status_with_kube_apiservers_message()
    {
        var (code, reason, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("denied"), "deny", "bad"), Ns));

        Assert.That((code, reason), Is.EqualTo((403, "Forbidden")));
        Assert.That(message, Is.EqualTo("admission webhook \"deny.test\" denied the request: data.k: bad is not allowed"));
    }

    [Test]
    public async Task A_refused_update_keeps_the_stored_object()
    {
        var name = Name("keep");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(name, "deny"), Ns);

        var (code, _, _) = await Failure(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(Labelled(name, "deny", "bad"), name, Ns));

        Assert.That(code, Is.EqualTo(403));
        Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync(name, Ns)).Data["k"], Is.EqualTo("v"));
    }

    [Test]
    public async Task With_failurePolicy_Fail_a_service_without_endpoints_refuses_with_500_and_stores_nothing()
    {
        var name = Name("down");

        var (code, reason, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(name, "down-fail"), Ns));

        Assert.That((code, reason), Is.EqualTo((500, "InternalError")));
        Assert.That(message, Is.EqualTo($"Internal error occurred: failed calling webhook \"down-fail.test\": failed to call webhook: Post \"https://down.{HookNs}.svc:443/validate?timeout=10s\": no endpoints available for service \"down\""));
        Assert.That(Cluster.Store.Get(JobSet.Kubernetes.Embedded.Store.ResourceType.ConfigMaps, Ns, name), Is.Null);
    }

    [Test]
    public async Task With_failurePolicy_Ignore_a_failed_call_admits()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("ignored"), "down-ignore"), Ns);

        Assert.That(created.Metadata.Uid, Is.Not.Null);
    }

    [Test]
    public async Task Objects_the_objectSelector_does_not_select_are_admitted_without_a_call()
    {
        var before = received.Count;

        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Name("plain")), Ns);

        Assert.That(created.Metadata.Labels, Is.Null.Or.Empty, "no webhook mutated it");
        Assert.That(received.Count, Is.EqualTo(before), "no webhook was called");
    }

    [Test]
    public async Task A_namespaceSelector_picks_namespaces_by_their_labels()
    {
        var outside = await Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("ns"), "ns"), Ns);
        var inside = await Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("ns"), "ns"), Ns + "-a");

        Assert.That(outside.Metadata.Labels.ContainsKey("mutated"), Is.False);
        Assert.That(inside.Metadata.Labels["mutated"], Is.EqualTo("yes"));
    }

    [Test]
    public async Task A_server_certificate_not_signed_by_the_caBundle_is_a_failed_call()
    {
        var (code, _, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("ca"), "bad-ca"), Ns));

        Assert.That(code, Is.EqualTo(500));
        Assert.That(message, Does.StartWith("Internal error occurred: failed calling webhook \"bad-ca.test\": failed to call webhook: Post ").And.Contain("x509: certificate signed by unknown authority"));
    }

    [Test]
    public async Task A_url_webhook_is_checked_against_the_urls_host_and_this_certificate_is_not_for_127_0_0_1()
    {
        var (code, _, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("url"), "url"), Ns));

        Assert.That(code, Is.EqualTo(500));
        Assert.That(message, Does.Contain("failed calling webhook \"url.test\"").And.Contain("x509: certificate is not valid for 127.0.0.1"));
    }

    [Test]
    public async Task A_webhook_slower_than_its_timeout_is_a_failed_call()
    {
        var (code, _, message) = await Failure(() => Client.CoreV1.CreateNamespacedConfigMapAsync(Labelled(Name("slow"), "slow"), Ns));

        Assert.That(code, Is.EqualTo(500));
        Assert.That(message, Does.EndWith("/slow?timeout=1s\": context deadline exceeded"));
    }

    [Test]
    public async Task Dry_run_calls_the_webhooks_and_stores_nothing()
    {
        var name = Name("dry");
        using var response = await Client.CoreV1.CreateNamespacedConfigMapWithHttpMessagesAsync(Labelled(name, "mutate"), Ns, dryRun: "All");

        Assert.That(response.Body.Metadata.Labels["mutated"], Is.EqualTo("yes"));
        Assert.That(received.Any(r => r["object"]?["metadata"]?["name"]?.GetValue<string>() == name && r["dryRun"]!.GetValue<bool>()), Is.True);
        Assert.That(Cluster.Store.Get(JobSet.Kubernetes.Embedded.Store.ResourceType.ConfigMaps, Ns, name), Is.Null);
    }
}
