using JobSet.Kubernetes.Embedded;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JobSet.Tests.Embedded.Api;

/// <summary>The embedded cluster as a hosted service in a generic host.</summary>
public sealed class HostingTests
{
    [Test]
    public async Task The_host_starts_and_stops_the_cluster()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddEmbeddedCluster(o =>
        {
            o.Listen = "127.0.0.1:0";
            o.SimulateWorkloads = false;
        });
        using var host = builder.Build();
        var clusterHost = host.Services.GetRequiredService<EmbeddedClusterHost>();

        await host.StartAsync();
        var cluster = await clusterHost.Started;
        using (var client = new k8s.Kubernetes(cluster.ClientConfiguration()))
        {
            var namespaces = await client.CoreV1.ListNamespaceAsync();
            Assert.That(namespaces.Items.Select(n => n.Metadata.Name), Does.Contain("kube-system"));
        }

        await host.StopAsync();

        Assert.That(clusterHost.Cluster, Is.Null);
        using var http = new HttpClient();
        Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(cluster.BaseAddress, "/readyz")));
    }
}
