using JobSet.Kubernetes.Embedded;
using JobSet.Kubernetes.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static JobSet.Tests.Runtime.RuntimeTestSupport;

namespace JobSet.Tests.Runtime;

/// <summary>Leader election on a Lease in the embedded cluster, with short durations.</summary>
public sealed class LeaderElectionTests
{
    private EmbeddedCluster cluster = null!;
    private k8s.Kubernetes client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Listen = "127.0.0.1:0", SimulateWorkloads = false });
        client = new k8s.Kubernetes(cluster.ClientConfiguration());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }

    private LeaderElection Candidate(string lease, string identity) => new(client, new LeaderElectionOptions
    {
        Namespace = "default",
        LeaseName = lease,
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1.5),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    }, NullLogger.Instance);

    /// <summary>Runs a candidate whose work counts its terms and waits for its token.</summary>
    private sealed class Running(LeaderElection election, Task run, CancellationTokenSource stop)
    {
        public LeaderElection Election { get; } = election;

        public Task Run { get; } = run;

        public CancellationTokenSource Stop { get; } = stop;
    }

    private static Running Start(LeaderElection election, Action<CancellationToken>? onLead = null)
    {
        var stop = new CancellationTokenSource();
        var run = election.RunAsync(async token =>
        {
            onLead?.Invoke(token);
            await Task.Delay(Timeout.Infinite, token);
        }, stop.Token);
        return new Running(election, run, stop);
    }

    private static string Lease() => "lease-" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task Of_two_candidates_one_leads_and_a_graceful_stop_hands_over_at_once()
    {
        var lease = Lease();
        var a = Start(Candidate(lease, "a"));
        var b = Start(Candidate(lease, "b"));
        await Eventually(() => a.Election.IsLeader || b.Election.IsLeader, "a leader");
        for (var i = 0; i < 10; i++)
        {
            Assert.That(a.Election.IsLeader && b.Election.IsLeader, Is.False, "never two leaders");
            await Task.Delay(100);
        }

        var (leader, follower) = a.Election.IsLeader ? (a, b) : (b, a);
        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(Patience);
        Assert.That(leader.Election.IsLeader, Is.False);
        await Eventually(() => follower.Election.IsLeader, "the follower takes over");

        await follower.Stop.CancelAsync();
        await follower.Run.WaitAsync(Patience);
        var released = await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default");
        Assert.That(released.Spec.HolderIdentity, Is.Empty, "released on a graceful stop");
    }

    [Test]
    public async Task The_work_token_is_cancelled_when_the_lease_is_taken_away_and_the_lease_is_won_back_later()
    {
        var lease = Lease();
        var terms = 0;
        CancellationToken firstTerm = default;
        var a = Start(Candidate(lease, "a"), token =>
        {
            if (Interlocked.Increment(ref terms) == 1)
            {
                firstTerm = token;
            }
        });
        await Eventually(() => a.Election.IsLeader && Volatile.Read(ref terms) == 1, "a leads");
        Assert.That(a.Election.LeadershipToken.IsCancellationRequested, Is.False);

        // Someone else writes itself into the Lease (as a partitioned leader's successor would).
        // (a renews every 200 ms: retry the write on a conflict)
        for (var attempt = 0; ; attempt++)
        {
            var current = await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default");
            current.Spec.HolderIdentity = "intruder";
            current.Spec.RenewTime = DateTime.UtcNow;
            current.Spec.AcquireTime = DateTime.UtcNow;
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(current, lease, "default");
                break;
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 50)
            {
            }
        }

        await Eventually(() => firstTerm.IsCancellationRequested, "the first term's token is cancelled");
        Assert.That(a.Election.IsLeader, Is.False, "not leading while the intruder holds the lease");

        // The intruder never renews: after the lease duration, a wins again and works again.
        await Eventually(() => a.Election.IsLeader && Volatile.Read(ref terms) == 2, "a leads again");
        await a.Stop.CancelAsync();
        await a.Run.WaitAsync(Patience);
    }

    [Test]
    public async Task Work_that_fails_ends_the_run_with_its_error_and_releases_the_lease()
    {
        var lease = Lease();
        var election = Candidate(lease, "a");
        var run = election.RunAsync(_ => throw new InvalidOperationException("boom"), CancellationToken.None);
        var ex = Assert.ThrowsAsync<InvalidOperationException>(async () => await run.WaitAsync(Patience));
        Assert.That(ex!.InnerException?.Message, Is.EqualTo("boom"));
        Assert.That((await client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default")).Spec.HolderIdentity, Is.Empty);
    }

    [Test]
    public void Settings_that_cannot_work_are_refused()
    {
        Assert.That(() => new LeaderElection(client, new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(5), RenewDeadline = TimeSpan.FromSeconds(5) }, NullLogger.Instance),
            Throws.ArgumentException.With.Message.Contains("RenewDeadline"));
    }
}
