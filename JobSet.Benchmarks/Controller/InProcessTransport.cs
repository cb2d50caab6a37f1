using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Embedded.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobSet.Benchmarks.Controller;

/// <summary>
/// The embedded cluster's API handler served by ASP.NET Core's TestServer, so KubernetesClient
/// reaches the store with no socket: requests and responses are the same JSON and the same
/// handler code as over loopback HTTP (admission, watches as streamed responses), only the
/// network stack is left out. Chosen over an <c>IKubernetes</c> written against the store
/// because the controller then runs exactly the client code it runs against a real cluster.
/// </summary>
internal sealed class InProcessTransport : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessTransport(WebApplication app, HttpMessageHandler handler)
    {
        this.app = app;
        Handler = handler;
    }

    /// <summary>TestServer's handler: sends a request through the API handler in this process.</summary>
    public HttpMessageHandler Handler { get; }

    /// <summary>Serves <paramref name="cluster"/>'s store (its options, its admission) in process.</summary>
    public static async Task<InProcessTransport> StartAsync(EmbeddedCluster cluster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        // Not a plain API server (the cluster runs JobSet admission itself): no admission webhooks, as EmbeddedApiServer.
        var handler = new KubeApiHandler(cluster.Store, new JobSet.Kubernetes.Embedded.Admission.Webhooks.WebhookWrites(cluster.Store, null), cluster.Options, NullLogger.Instance);
        app.Run(handler.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return new InProcessTransport(app, app.GetTestServer().CreateHandler());
    }

    /// <summary>
    /// A client configured for <paramref name="cluster"/> whose requests go through this transport
    /// (the last handler never calls its inner, socket-backed handler), after <paramref name="first"/>.
    /// </summary>
    public k8s.Kubernetes Client(EmbeddedCluster cluster, params DelegatingHandler[] first) =>
        new(cluster.ClientConfiguration(), [.. first, new Forward(Handler)]);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Hands the request to TestServer instead of the network.</summary>
    private sealed class Forward(HttpMessageHandler target) : DelegatingHandler
    {
        private readonly HttpMessageInvoker invoker = new(target, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
