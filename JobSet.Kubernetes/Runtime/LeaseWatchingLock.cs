using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace JobSet.Kubernetes.Runtime;

/// <summary>
/// Wraps KubernetesClient's LeaseLock for <see cref="LeaderElection"/>: reports, on the first read
/// that shows another holder, that leadership is gone (the elector itself only notices after its
/// renew deadline); and turns transport errors (connection refused, timeouts) into the
/// <see cref="HttpOperationException"/> the elector treats as "retry", where it would otherwise let
/// them escape its acquire loop or end leadership on a single failed renewal.
/// </summary>
internal sealed class LeaseWatchingLock(ILock inner, Action onLost) : ILock
{
    private volatile bool leading;

    public string Identity => inner.Identity;

    public bool Leading
    {
        get => leading;
        set => leading = value;
    }

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        LeaderElectionRecord record;
        try
        {
            record = await inner.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not HttpOperationException and not OperationCanceledException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw Transient(ex);
        }

        if (leading && record is not null && record.HolderIdentity != Identity)
        {
            leading = false;
            onLost();
        }

        return record!;
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.UpdateAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public string Describe() => inner.Describe();

    private static HttpOperationException Transient(Exception ex) => new($"reading the lease failed: {ex.Message}", ex)
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), ""),
    };
}
