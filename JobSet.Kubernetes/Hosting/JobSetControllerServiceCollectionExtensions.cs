using JobSet.Kubernetes.Controller;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JobSet.Kubernetes.Hosting;

/// <summary>Registers the JobSet controller in a generic host.</summary>
public static class JobSetControllerServiceCollectionExtensions
{
    /// <summary>The health-check tag of the readiness check (caches synced).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds the JobSet controller as a hosted service, with its options (validated at start),
    /// <see cref="ControllerMetrics"/>, <see cref="IJobSetControllerState"/> and a readiness
    /// health check tagged <see cref="ReadyTag"/>. The cluster is
    /// <see cref="JobSetControllerOptions.Cluster"/>, or an <see cref="IKubernetes"/> already
    /// registered.
    /// </summary>
    public static IServiceCollection AddJobSetController(this IServiceCollection services, Action<JobSetControllerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<JobSetControllerOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobSetControllerOptions>, OptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(sp => new ControllerMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IKubernetes>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JobSetControllerOptions>>().Value;
            var config = options.Cluster ?? throw new InvalidOperationException("JobSetControllerOptions.Cluster is not set and no IKubernetes is registered");
            return new k8s.Kubernetes(config, new ClientRateLimitHandler(options.ClientQps, options.ClientBurst));
        });
        services.TryAddSingleton<JobSetControllerService>();
        services.TryAddSingleton<IJobSetControllerState>(sp => sp.GetRequiredService<JobSetControllerService>());
        services.AddHostedService(sp => sp.GetRequiredService<JobSetControllerService>());
        services.AddHealthChecks().AddCheck<CacheSyncHealthCheck>("jobset-caches", HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }

    /// <summary>Reports every problem of the options, one per line.</summary>
    private sealed class OptionsValidator : IValidateOptions<JobSetControllerOptions>
    {
        public ValidateOptionsResult Validate(string? name, JobSetControllerOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
