using JobSet.Tests.TestSupport;
using JobSet.Core.Api;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>TTL after finished, the rows of upstream's ttl_after_finished_test.go, through the planner.</summary>
public class TtlAfterFinishedTests
{
    [TestCase("Completed", 0, 0, ExpectedResult = "delete", TestName = "completed now, 0s TTL expires")]
    [TestCase("Completed", 0, 10, ExpectedResult = "requeue 10", TestName = "completed now, 10s TTL")]
    [TestCase("Completed", 10, 15, ExpectedResult = "requeue 5", TestName = "completed 10s ago, 15s TTL")]
    [TestCase("Completed", 10, 5, ExpectedResult = "delete", TestName = "completed 10s ago, 5s TTL")]
    [TestCase("Failed", 0, 10, ExpectedResult = "requeue 10", TestName = "failed now, 10s TTL")]
    [TestCase("Failed", 10, 15, ExpectedResult = "requeue 5", TestName = "failed 10s ago, 15s TTL")]
    [TestCase("Completed", 10, null, ExpectedResult = "nothing", TestName = "TTL not set")]
    public string Ttl(string finished, int secondsAgo, int? ttl)
    {
        var cluster = new Cluster(Manifests.Single(ttl is null ? "" : $"ttlSecondsAfterFinished: {ttl}", replicas: 1));
        cluster.JobSet.Status = new V1alpha2JobSetStatus
        {
            Conditions = [new V1Condition { Type = finished, Status = "True", Reason = "R", Message = "M", LastTransitionTime = Cluster.T0.UtcDateTime }],
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "rj" }],
        };

        var plan = cluster.Plan(Cluster.T0.AddSeconds(secondsAgo));

        return plan.DocumentActions().Any(a => a.Type == "Delete" && a.Resource is V1alpha2JobSet) ? "delete"
            : plan.RequeueAfter is { } requeue ? $"requeue {requeue.TotalSeconds}"
            : plan.DocumentActions().Count == 0 ? "nothing" : "unexpected actions";
    }
}
