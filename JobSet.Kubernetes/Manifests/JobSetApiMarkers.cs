namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// The kubebuilder markers of upstream's <c>jobset.x-k8s.io/v1alpha2</c> types, as schema rules on
/// this project's model: required fields, enums, defaults, bounds, keyed lists and CEL rules.
/// </summary>
internal static class JobSetApiMarkers
{
    /// <summary>The rules, added to <paramref name="m"/>.</summary>
    public static SchemaMarkers AddTo(SchemaMarkers m)
    {
        m.Cel(
                "V1alpha2JobSetSpec",
                "!(has(self.startupPolicy) && self.startupPolicy.startupPolicyOrder == 'InOrder' && self.replicatedJobs.exists(x, has(x.dependsOn)))",
                "StartupPolicy and DependsOn APIs are mutually exclusive")
            .ListMap("V1alpha2JobSetSpec.replicatedJobs", "name")
            .Immutable("V1alpha2JobSetSpec.network")
            .Immutable("V1alpha2JobSetSpec.successPolicy")
            .Immutable("V1alpha2JobSetSpec.failurePolicy")
            .Immutable("V1alpha2JobSetSpec.startupPolicy")
            .Minimum("V1alpha2JobSetSpec.ttlSecondsAfterFinished", 0)
            .MaxItems("V1alpha2JobSetSpec.volumeClaimPolicies", 50)
            .ListAtomic("V1alpha2JobSetSpec.volumeClaimPolicies")
            .Immutable("V1alpha2JobSetSpec.volumeClaimPolicies");

        m.Required("V1alpha2ReplicatedJob", "name", "template")
            .Default("V1alpha2ReplicatedJob.groupName", "default")
            .Default("V1alpha2ReplicatedJob.replicas", 1)
            .Minimum("V1alpha2ReplicatedJob.replicas", 0)
            .MaxItems("V1alpha2ReplicatedJob.dependsOn", 5)
            .ListMap("V1alpha2ReplicatedJob.dependsOn", "name")
            .Immutable("V1alpha2ReplicatedJob.dependsOn");

        m.Required("V1alpha2DependsOn", "name", "status")
            .Enum("V1alpha2DependsOn.status", "Ready", "Complete");

        m.Default("V1alpha2FailurePolicy.restartStrategy", "Recreate")
            .Enum("V1alpha2FailurePolicy.restartStrategy", "Recreate", "BlockingRecreate", "InPlaceRestart")
            .Required("V1alpha2FailurePolicyRule", "action", "name")
            .Enum("V1alpha2FailurePolicyRule.action", "FailJobSet", "RestartJobSet", "RestartJobSetAndIgnoreMaxRestarts", "RestartJob", "RestartJobAndIgnoreMaxRestarts")
            .ListAtomic("V1alpha2FailurePolicyRule.targetReplicatedJobs");

        m.Required("V1alpha2SuccessPolicy", "operator")
            .Enum("V1alpha2SuccessPolicy.operator", "All", "Any")
            .ListAtomic("V1alpha2SuccessPolicy.targetReplicatedJobs");

        m.Required("V1alpha2StartupPolicy", "startupPolicyOrder")
            .Enum("V1alpha2StartupPolicy.startupPolicyOrder", "AnyOrder", "InOrder");

        // Go int fields: no format, as upstream.
        m.Required("V1alpha2Coordinator", "replicatedJob")
            .On("V1alpha2Coordinator.jobIndex", s => s.Remove("format"))
            .On("V1alpha2Coordinator.podIndex", s => s.Remove("format"));

        m.Cel("V1alpha2VolumeClaimPolicy", "self.templates.all(t, !has(t.metadata.namespace) || size(t.metadata.namespace) == 0)", "namespace cannot be set for VolumeClaimPolicies templates")
            .MaxItems("V1alpha2VolumeClaimPolicy.templates", 50)
            .ListAtomic("V1alpha2VolumeClaimPolicy.templates")
            .Default("V1alpha2VolumeRetentionPolicy.whenDeleted", "Delete")
            .Enum("V1alpha2VolumeRetentionPolicy.whenDeleted", "Delete", "Retain");

        m.ListMap("V1alpha2JobSetStatus.conditions", "type")
            .ListMap("V1alpha2JobSetStatus.replicatedJobsStatus", "name")
            .Minimum("V1alpha2JobSetStatus.currentInPlaceRestartAttempt", 0)
            .Minimum("V1alpha2JobSetStatus.previousInPlaceRestartAttempt", 0)
            .Required("V1alpha2ReplicatedJobStatus", "active", "failed", "name", "ready", "succeeded", "suspended")
            .MaxItems("V1alpha2ReplicatedJobStatus.jobRestarts", 1024)
            .ListAtomic("V1alpha2ReplicatedJobStatus.jobRestarts")
            .MaxItems("V1alpha2ReplicatedJobStatus.jobRestartsCountTowardsMax", 1024)
            .ListAtomic("V1alpha2ReplicatedJobStatus.jobRestartsCountTowardsMax");
        return m;
    }
}
