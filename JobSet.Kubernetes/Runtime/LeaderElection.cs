using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease with KubernetesClient's <see cref="LeaderElector"/>,
/// with its known gaps closed: <see cref="RunAsync"/> runs the leader's work with a token that is
/// cancelled as soon as a renewal read shows another holder (not only after the renew deadline,
/// when the elector's late OnStoppedLeading fires) or when stopping; the elector's background
/// renewal is stopped when a term ends, so it cannot take the Lease back behind the caller's back;
/// transport errors are retried instead of ending the campaign; and a graceful stop releases the
/// Lease (empty <c>holderIdentity</c>, 1 s duration, as client-go's ReleaseOnCancel) so the next
/// candidate takes over at once instead of after <see cref="LeaderElectionOptions.LeaseDuration"/>.
/// The elector reads the system clock (no <see cref="TimeProvider"/>): tests use short durations.
/// </summary>
public sealed partial class LeaderElection
{
    private readonly IKubernetes client;
    private readonly LeaderElectionOptions options;
    private readonly ILogger logger;
    private volatile bool leading;
    private CancellationTokenSource? term;

    /// <summary>Creates a candidate; nothing happens until <see cref="RunAsync"/>.</summary>
    public LeaderElection(IKubernetes client, LeaderElectionOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.client = client;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>Whether this candidate leads now.</summary>
    public bool IsLeader => leading;

    /// <summary>This candidate's identity.</summary>
    public string Identity => options.Identity;

    /// <summary>A token cancelled when the current term of leadership ends (already cancelled when not leading).</summary>
    public CancellationToken LeadershipToken => Volatile.Read(ref term) is { } t ? t.Token : new CancellationToken(canceled: true);

    /// <summary>
    /// Campaigns for the Lease; while leading, runs <paramref name="whileLeading"/> with a token
    /// cancelled the moment leadership is lost or <paramref name="stop"/> is requested. After a lost
    /// term it campaigns again (and runs <paramref name="whileLeading"/> again when it wins). Returns
    /// when <paramref name="stop"/> is requested or <paramref name="whileLeading"/> returns by itself,
    /// releasing the Lease if it holds it; an exception from <paramref name="whileLeading"/> is rethrown
    /// after the release.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        while (!stop.IsCancellationRequested)
        {
            using var current = CancellationTokenSource.CreateLinkedTokenSource(stop);
            using var electorStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var lost = false;
            var lockWatch = new LeaseWatchingLock(
                new LeaseLock(client, options.Namespace, options.LeaseName, options.Identity),
                () =>
                {
                    lost = true;
                    leading = false;
                    LogLost(logger, options.Identity, options.Namespace, options.LeaseName);
                    SafeCancel(current);
                });
            using var elector = new LeaderElector(new LeaderElectionConfig(lockWatch)
            {
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            });

            Task? work = null;
            elector.OnStartedLeading += () =>
            {
                // The elector calls this synchronously on its own loop: start the work, never run it here.
                leading = true;
                lockWatch.Leading = true;
                Volatile.Write(ref term, current);
                LogStarted(logger, options.Identity, options.Namespace, options.LeaseName);
                Volatile.Write(ref work, Task.Run(async () =>
                {
                    try
                    {
                        await whileLeading(current.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        SafeCancel(current);
                    }
                }, CancellationToken.None));
            };
            elector.OnStoppedLeading += () =>
            {
                if (leading && !stop.IsCancellationRequested)
                {
                    lost = true;
                    LogLost(logger, options.Identity, options.Namespace, options.LeaseName);
                }

                leading = false;
                SafeCancel(current);
            };
            elector.OnError += ex => LogElectorError(logger, options.Namespace, options.LeaseName, ex);

            var campaign = CampaignAsync(elector, current, electorStop.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, current.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The term ended: lost, stopped, the work returned, or the campaign failed.
            }

            leading = false;
            lockWatch.Leading = false;
            Volatile.Write(ref term, null);
            // Stop the elector's renewals (its background renew task keeps going until cancelled).
            await electorStop.CancelAsync().ConfigureAwait(false);
            await campaign.ConfigureAwait(false);

            var started = Volatile.Read(ref work);
            Exception? failure = null;
            var finishedByItself = false;
            if (started is not null)
            {
                try
                {
                    await started.ConfigureAwait(false);
                    finishedByItself = !stop.IsCancellationRequested && !lost;
                }
                catch (OperationCanceledException)
                {
                    // Cancelled with the term.
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                if (!lost)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }
            }

            if (failure is not null)
            {
                throw new InvalidOperationException($"the leader's work failed: {failure.Message}", failure);
            }

            if (finishedByItself)
            {
                return;
            }

            if (lost && !stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(options.RetryPeriod, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Runs the elector for one term; exceptions (network) are logged and retried after the retry period.</summary>
    private async Task CampaignAsync(LeaderElector elector, CancellationTokenSource current, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (!leading)
                {
                    LogElectorError(logger, options.Namespace, options.LeaseName, ex);
                    await Task.Delay(options.RetryPeriod, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            LogElectorError(logger, options.Namespace, options.LeaseName, ex);
        }
        finally
        {
            SafeCancel(current);
        }
    }

    /// <summary>Gives the Lease up if this candidate still holds it, so another takes over without waiting for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.ReleaseTimeout);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }

            // Empty, not null: KubernetesClient's elector treats a null holder as "no Lease" and
            // tries to create it (409 forever); an empty one as free to take.
            var now = DateTime.UtcNow;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = now;
            lease.Spec.AcquireTime = now;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            LogReleased(logger, options.Identity, options.Namespace, options.LeaseName);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogReleaseFailed(logger, options.Namespace, options.LeaseName, ex);
        }
    }

    private static void SafeCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The term is over already.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader (lease {Namespace}/{Lease})")]
    private static partial void LogStarted(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost leadership (lease {Namespace}/{Lease})")]
    private static partial void LogLost(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease {Namespace}/{Lease}")]
    private static partial void LogReleased(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease {Namespace}/{Lease} failed")]
    private static partial void LogReleaseFailed(ILogger logger, string @namespace, string lease, Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leader election on {Namespace}/{Lease}: an attempt failed")]
    private static partial void LogElectorError(ILogger logger, string @namespace, string lease, Exception ex);
}
