using JobSet.Kubernetes.Embedded.Simulation;
using k8s.Models;

namespace JobSet.Tests.Embedded.Simulation;

public sealed class PodBehaviourTests
{
    [TestCase(null, null, null, 0, 0, 0)]
    [TestCase("7", null, null, 0, 0, 7)]
    [TestCase(null, "1,3", null, 1, 0, 1)]
    [TestCase(null, "1,3", null, 2, 0, 0)]
    [TestCase("9", "1", null, 1, 0, 9)]
    [TestCase(null, null, "2", 0, 0, 1)]
    [TestCase(null, null, "2", 0, 1, 1)]
    [TestCase(null, null, "2", 0, 2, 0)]
    [TestCase(null, "0", "1", 0, 0, 1)]
    [TestCase(null, "0", "1", 0, 1, 0)]
    public void Exit_code_comes_from_the_annotations(string? exitCode, string? failIndex, string? failAttempts, int index, int attempt, int expected)
    {
        var annotations = new Dictionary<string, string>
        {
            ["batch.kubernetes.io/job-completion-index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SimulationAnnotations.Attempt] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (exitCode is not null)
        {
            annotations[SimulationAnnotations.ExitCode] = exitCode;
        }

        if (failIndex is not null)
        {
            annotations[SimulationAnnotations.FailIndex] = failIndex;
        }

        if (failAttempts is not null)
        {
            annotations[SimulationAnnotations.FailAttempts] = failAttempts;
        }

        var pod = new V1Pod { Metadata = new V1ObjectMeta { Annotations = annotations } };
        Assert.That(PodBehaviour.ExitCode(pod), Is.EqualTo(expected));
    }

    [Test]
    public void Attempt_adds_container_restarts_and_the_jobset_restart_attempt()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Annotations = new Dictionary<string, string> { [SimulationAnnotations.Attempt] = "1" },
                Labels = new Dictionary<string, string> { ["jobset.sigs.k8s.io/restart-attempt"] = "2" },
            },
            Status = new V1PodStatus { ContainerStatuses = [new V1ContainerStatus { Name = "main", RestartCount = 3 }] },
        };
        Assert.That(PodBehaviour.Attempt(pod), Is.EqualTo(6));
    }

    [TestCase(null, 5.0)]
    [TestCase("2.5", 2.5)]
    [TestCase("forever", null)]
    [TestCase("FOREVER", null)]
    [TestCase("nonsense", 5.0)]
    public void Run_time_comes_from_run_seconds_or_the_default(string? value, double? expectedSeconds)
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Annotations = value is null ? null : new Dictionary<string, string> { [SimulationAnnotations.RunSeconds] = value } } };
        var expected = expectedSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        Assert.That(PodBehaviour.RunTime(pod, TimeSpan.FromSeconds(5)), Is.EqualTo(expected));
    }

    [TestCase("In", new[] { 42 }, 42, "FailJob")]
    [TestCase("In", new[] { 42 }, 1, null)]
    [TestCase("NotIn", new[] { 42 }, 1, "FailJob")]
    [TestCase("NotIn", new[] { 42 }, 42, null)]
    [TestCase("NotIn", new[] { 42 }, 0, null)]
    public void Pod_failure_policy_exit_code_rules(string op, int[] values, int exitCode, string? expectedAction)
    {
        var policy = new V1PodFailurePolicy
        {
            Rules = [new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = op, Values = values } }],
        };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns" },
            Status = new V1PodStatus
            {
                Phase = "Failed",
                ContainerStatuses = [new V1ContainerStatus { Name = "main", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode } } }],
            },
        };
        Assert.That(PodFailurePolicyMatch.Find(policy, pod)?.Action, Is.EqualTo(expectedAction));
    }

    [Test]
    public void Pod_failure_policy_matches_pod_conditions_and_takes_the_first_rule()
    {
        var policy = new V1PodFailurePolicy
        {
            Rules =
            [
                new V1PodFailurePolicyRule { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] },
                new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [137] } },
            ],
        };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns" },
            Status = new V1PodStatus
            {
                Phase = "Failed",
                Conditions = [new V1PodCondition { Type = "DisruptionTarget", Status = "True" }],
                ContainerStatuses = [new V1ContainerStatus { Name = "main", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137 } } }],
            },
        };
        var match = PodFailurePolicyMatch.Find(policy, pod);
        Assert.Multiple(() =>
        {
            Assert.That(match?.Action, Is.EqualTo("Ignore"));
            Assert.That(match?.RuleIndex, Is.Zero);
        });
    }
}
