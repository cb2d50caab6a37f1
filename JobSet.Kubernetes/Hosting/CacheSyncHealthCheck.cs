using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobSet.Kubernetes.Hosting;

/// <summary>Ready once every controller cache finished its first list (controller-runtime's readyz).</summary>
internal sealed class CacheSyncHealthCheck : IHealthCheck
{
    private readonly IJobSetControllerState state;

    public CacheSyncHealthCheck(IJobSetControllerState state) => this.state = state;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Synced ? HealthCheckResult.Healthy("caches synced") : HealthCheckResult.Unhealthy("caches not synced yet"));
}
