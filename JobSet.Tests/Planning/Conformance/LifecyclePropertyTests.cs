using JobSet.Tests.TestSupport;
using Bogus;
using JobSet.Core.Api;
using JobSet.Core.Planning;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// Invariants of failure, restart and finish over random (seeded) lifecycles: Jobs fail,
/// succeed, become ready and finish their deletion in random order between reconciles.
/// No single upstream test mirrors this: it checks the rules of failure_policy.go and
/// jobset_controller.go (reconcile, constructJobsFromTemplate) together.
/// </summary>
public class LifecyclePropertyTests
{
    [TestCase(1, "Recreate")]
    [TestCase(2, "BlockingRecreate")]
    [TestCase(3, "Recreate")]
    [TestCase(4, "BlockingRecreate")]
    [TestCase(5, "Recreate")]
    [TestCase(6, "BlockingRecreate")]
    public void Restarts_and_finishing_keep_their_invariants(int seed, string strategy)
    {
        var random = new Randomizer(seed);
        var maxRestarts = random.Int(0, 3);
        var rules = random.Bool()
            ? "\n  rules:\n  - name: ignore-deadline\n    action: RestartJobSetAndIgnoreMaxRestarts\n    onJobFailureReasons: [DeadlineExceeded]"
            : "";
        var cluster = new MiniCluster(Cluster.Read(Manifests.Single($"failurePolicy:\n  maxRestarts: {maxRestarts}\n  restartStrategy: {strategy}{rules}", replicas: 3)));
        var now = Cluster.T0;
        string? terminal = null;

        for (var step = 0; step < 60 && !cluster.JobSetDeleted; step++)
        {
            now = now.AddSeconds(random.Int(1, 30));
            var before = cluster.JobSet.Status ?? new V1alpha2JobSetStatus();
            var previousExist = cluster.Jobs.Any(j => int.Parse(j.Metadata.Labels[WellKnownKeys.RestartAttempt], System.Globalization.CultureInfo.InvariantCulture) < before.Restarts);

            var plan = cluster.Reconcile(now);

            var status = cluster.JobSet.Status!;
            var creates = plan.DocumentActions().Where(a => a.Type == "Create" && a.Resource is k8s.Models.V1Job).Select(a => (k8s.Models.V1Job)a.Resource).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(status.RestartsCountTowardsMax, Is.LessThanOrEqualTo(maxRestarts), "restarts counted towards max never pass it");
                Assert.That(status.Restarts, Is.GreaterThanOrEqualTo(status.RestartsCountTowardsMax));
                Assert.That(status.Restarts - before.Restarts, Is.InRange(0, 1), "at most one restart per reconcile");
                Assert.That(creates.Select(j => j.Metadata.Labels[WellKnownKeys.RestartAttempt]), Is.All.EqualTo(before.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (status.Restarts > before.Restarts)
                {
                    Assert.That(plan.DocumentActions().Select(a => a.Type), Is.EqualTo(new[] { "UpdateStatus" }), "a restart only writes the status");
                }

                if (strategy == "BlockingRecreate" && previousExist)
                {
                    Assert.That(creates, Is.Empty, "BlockingRecreate creates nothing while previous-attempt Jobs exist");
                }

                if (terminal is not null)
                {
                    Assert.That(status.TerminalState, Is.EqualTo(terminal), "a finished JobSet stays finished");
                    Assert.That(creates, Is.Empty, "a finished JobSet never creates");
                }
            });
            terminal = status.TerminalState;

            // The world moves on.
            var live = cluster.Jobs.Where(j => j.Metadata.DeletionTimestamp is null && ChildJobs.FinishedType(j) is null).Select(j => j.Metadata.Name).ToList();
            switch (random.Int(0, 4))
            {
                case 0 when live.Count > 0:
                    cluster.Fail(random.ArrayElement(live.ToArray()), now, random.ArrayElement(["BackoffLimitExceeded", "DeadlineExceeded"]));
                    break;
                case 1 when live.Count > 0:
                    cluster.Succeed(random.ArrayElement(live.ToArray()), now);
                    break;
                case 2:
                    cluster.FinishDeletions();
                    break;
                default:
                    cluster.AllRunning();
                    break;
            }
        }
    }
}
