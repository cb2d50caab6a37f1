using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// The Kubernetes API's own markers for the types a JobSet embeds (Job, pod and claim templates,
/// conditions): required fields, keyed lists, sets and the defaults keyed lists need. KubernetesClient's
/// models do not carry them (beyond non-nullable value types, which the generator marks required).
/// Lists not named here are emitted without a list type (atomic, as the API server treats them).
/// </summary>
internal static class KubernetesApiMarkers
{
    /// <summary>The rules.</summary>
    public static SchemaMarkers Create()
    {
        var m = new SchemaMarkers();

        // batch/v1 Job
        m.Required("V1JobSpec", "template")
            .Required("V1PodFailurePolicy", "rules")
            .Required("V1PodFailurePolicyRule", "action")
            .Required("V1PodFailurePolicyOnExitCodesRequirement", "operator", "values")
            .ListSet("V1PodFailurePolicyOnExitCodesRequirement.values")
            .Required("V1PodFailurePolicyOnPodConditionsPattern", "type")
            .Required("V1SuccessPolicy", "rules")
            .Required("V1LabelSelectorRequirement", "key", "operator");

        // core/v1 PodSpec
        m.Required("V1PodSpec", "containers")
            .ListMap("V1PodSpec.containers", "name")
            .ListMap("V1PodSpec.initContainers", "name")
            .ListMap("V1PodSpec.ephemeralContainers", "name")
            .ListMap("V1PodSpec.hostAliases", "ip")
            .ListMap("V1PodSpec.imagePullSecrets", "name")
            .ListMap("V1PodSpec.resourceClaims", "name")
            .ListMap("V1PodSpec.schedulingGates", "name")
            .ListMap("V1PodSpec.topologySpreadConstraints", "topologyKey", "whenUnsatisfiable")
            .ListMap("V1PodSpec.volumes", "name")
            .Required("V1HostAlias", "ip")
            .Required("V1PodOS", "name")
            .Required("V1PodReadinessGate", "conditionType")
            .Required("V1PodResourceClaim", "name")
            .Required("V1PodSchedulingGate", "name")
            .Required("V1Sysctl", "name", "value")
            .Required("V1TopologySpreadConstraint", "maxSkew", "topologyKey", "whenUnsatisfiable")
            .Default("V1LocalObjectReference.name", "");

        // Affinity
        m.Required("V1NodeSelector", "nodeSelectorTerms")
            .Required("V1NodeSelectorRequirement", "key", "operator")
            .Required("V1PreferredSchedulingTerm", "preference", "weight")
            .Required("V1WeightedPodAffinityTerm", "podAffinityTerm", "weight")
            .Required("V1PodAffinityTerm", "topologyKey");

        // Containers
        foreach (var container in new[] { "V1Container", "V1EphemeralContainer" })
        {
            m.Required(container, "name")
                .ListMap($"{container}.env", "name")
                .ListMap($"{container}.ports", "containerPort", "protocol")
                .ListMap($"{container}.volumeDevices", "devicePath")
                .ListMap($"{container}.volumeMounts", "mountPath");
        }

        m.Required("V1EnvVar", "name")
            .Required("V1ConfigMapKeySelector", "key").Default("V1ConfigMapKeySelector.name", "")
            .Required("V1SecretKeySelector", "key").Default("V1SecretKeySelector.name", "")
            .Required("V1ObjectFieldSelector", "fieldPath")
            .Required("V1FileKeySelector", "key", "path", "volumeName").Default("V1FileKeySelector.optional", false)
            .Required("V1ResourceFieldSelector", "resource")
            .Default("V1ConfigMapEnvSource.name", "")
            .Default("V1SecretEnvSource.name", "")
            .Default("V1ContainerPort.protocol", "TCP")
            .Required("V1HTTPGetAction", "port")
            .Required("V1HTTPHeader", "name", "value")
            .Required("V1SleepAction", "seconds")
            .Required("V1TCPSocketAction", "port")
            .Required("V1GRPCAction", "port").Default("V1GRPCAction.service", "")
            .Required("V1ContainerResizePolicy", "resourceName", "restartPolicy")
            .ListMap("V1ResourceRequirements.claims", "name")
            .Required("Corev1ResourceClaim", "name")
            .Required("V1ContainerRestartRule", "action")
            .Required("V1ContainerRestartRuleOnExitCodes", "operator")
            .ListSet("V1ContainerRestartRuleOnExitCodes.values")
            .Required("V1AppArmorProfile", "type")
            .Required("V1SeccompProfile", "type")
            .Required("V1VolumeDevice", "devicePath", "name")
            .Required("V1VolumeMount", "mountPath", "name");

        // Volumes
        m.Required("V1Volume", "name")
            .Required("V1AWSElasticBlockStoreVolumeSource", "volumeID")
            .Required("V1AzureDiskVolumeSource", "diskName", "diskURI")
            .Default("V1AzureDiskVolumeSource.fsType", "ext4").Default("V1AzureDiskVolumeSource.readOnly", false)
            .Required("V1AzureFileVolumeSource", "secretName", "shareName")
            .Required("V1CephFSVolumeSource", "monitors")
            .Required("V1CinderVolumeSource", "volumeID")
            .Default("V1ConfigMapVolumeSource.name", "")
            .Required("V1KeyToPath", "key", "path")
            .Required("V1CSIVolumeSource", "driver")
            .Required("V1DownwardAPIVolumeFile", "path")
            .Required("V1PersistentVolumeClaimTemplate", "spec")
            .Required("V1TypedLocalObjectReference", "kind", "name")
            .Required("V1TypedObjectReference", "kind", "name")
            .Required("V1FlexVolumeSource", "driver")
            .Required("V1GCEPersistentDiskVolumeSource", "pdName")
            .Required("V1GitRepoVolumeSource", "repository")
            .Required("V1GlusterfsVolumeSource", "endpoints", "path")
            .Required("V1HostPathVolumeSource", "path")
            .Required("V1ISCSIVolumeSource", "iqn", "lun", "targetPortal").Default("V1ISCSIVolumeSource.iscsiInterface", "default")
            .Required("V1NFSVolumeSource", "path", "server")
            .Required("V1PersistentVolumeClaimVolumeSource", "claimName")
            .Required("V1PhotonPersistentDiskVolumeSource", "pdID")
            .Required("V1PortworxVolumeSource", "volumeID")
            .Required("V1ClusterTrustBundleProjection", "path")
            .Required("V1PodCertificateProjection", "keyType", "signerName")
            .Required("V1ServiceAccountTokenProjection", "path")
            .Default("V1SecretProjection.name", "")
            .Default("V1ConfigMapProjection.name", "")
            .Required("V1QuobyteVolumeSource", "registry", "volume")
            .Required("V1RBDVolumeSource", "image", "monitors")
            .Default("V1RBDVolumeSource.keyring", "/etc/ceph/keyring").Default("V1RBDVolumeSource.pool", "rbd").Default("V1RBDVolumeSource.user", "admin")
            .Required("V1ScaleIOVolumeSource", "gateway", "secretRef", "system")
            .Default("V1ScaleIOVolumeSource.fsType", "xfs").Default("V1ScaleIOVolumeSource.storageMode", "ThinProvisioned")
            .Required("V1VsphereVirtualDiskVolumeSource", "volumePath")
            .ListMap("V1PersistentVolumeClaimStatus.conditions", "type")
            .Required("V1PersistentVolumeClaimCondition", "status", "type")
            .Required("V1ModifyVolumeStatus", "status");

        // meta/v1 Condition (JobSet status), with its validation markers.
        m.Required("V1Condition", "lastTransitionTime", "message", "reason", "status", "type")
            .On("V1Condition.message", s => s["maxLength"] = 32768)
            .Minimum("V1Condition.observedGeneration", 0)
            .On("V1Condition.reason", s =>
            {
                s["maxLength"] = 1024;
                s["minLength"] = 1;
                s["pattern"] = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
            })
            .Enum("V1Condition.status", "True", "False", "Unknown")
            .On("V1Condition.type", s =>
            {
                s["maxLength"] = 316;
                s["pattern"] = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
            });
        return m;
    }
}
