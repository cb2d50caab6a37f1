using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobSet.Kubernetes.Embedded;

/// <summary>Runs an <see cref="EmbeddedCluster"/> as a hosted service: started with the host, stopped with it.</summary>
/// <param name="options">The cluster settings.</param>
/// <param name="loggerFactory">Where the cluster logs.</param>
public sealed class EmbeddedClusterHost(IOptions<EmbeddedClusterOptions> options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<EmbeddedCluster> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The running cluster, or null before the host started it.</summary>
    public EmbeddedCluster? Cluster { get; private set; }

    /// <summary>Completes with the cluster once it serves (for components that start alongside it).</summary>
    public Task<EmbeddedCluster> Started => started.Task;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            Cluster = await EmbeddedCluster.StartAsync(options.Value, loggerFactory, cancellationToken).ConfigureAwait(false);
            started.TrySetResult(Cluster);
        }
        catch (Exception ex)
        {
            started.TrySetException(ex);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Cluster is { } cluster)
        {
            Cluster = null;
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}

/// <summary>Registration of the embedded cluster in a service collection.</summary>
public static class EmbeddedClusterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded cluster as a hosted service (<see cref="EmbeddedClusterHost"/>, also
    /// resolvable directly to reach the running cluster), configured by <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedCluster(this IServiceCollection services, Action<EmbeddedClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<EmbeddedClusterOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.AddSingleton<EmbeddedClusterHost>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedClusterHost>());
        return services;
    }
}
