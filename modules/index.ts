// The package's public API: constructs, their props and interfaces, the error types and the
// configuration types. Validators, rule tables, policy templates and the synthesis patches are
// internal (the patches have their own entry point, `cdktf-eks-irsa/speed`). api/cdktf-eks-irsa.api.md
// is the report of this surface; test/api.test.ts fails when it changes without the report.

// Errors
export { ValidationError, ValidationErrors } from "./core/errors";

// The hashicorp/aws version a stack synthesizes, and the features that need a newer one
export { AwsProviderVersion } from "./core/aws-provider-version";
export type { AwsProviderFeature, AwsProviderFeatureInfo } from "./core/aws-provider-version";

// IAM documents, as props write them
export type { PolicyCondition, PolicyStatement } from "./iam/policy-statement";
export type { ChainSource, ServiceAccountSubject, SubjectMatch } from "./iam/trust-policy";
export type { RoleSettings } from "./iam/role-settings";

// The add-on catalogue's inputs
export type { AddonPresetId, AddonPresetInputs, AddonSelection } from "./addons/catalogue";
export type { AddonPreset, HelmChart, ManagedAddon, PresetContext, UpstreamSource, WideningAcknowledgement } from "./addons/preset";
export type { CertManagerInputs } from "./addons/cert-manager";
export type { CloudWatchObservabilityInputs } from "./addons/cloudwatch-observability";
export type { ClusterAutoscalerInputs } from "./addons/cluster-autoscaler";
export type { EbsCsiDriverInputs } from "./addons/ebs-csi-driver";
export type { EfsCsiDriverInputs } from "./addons/efs-csi-driver";
export type { ExternalDnsInputs } from "./addons/external-dns";
export type { ExternalSecretsInputs } from "./addons/external-secrets";
export type { FsxLustreCsiDriverInputs } from "./addons/fsx-lustre-csi-driver";
export type { KarpenterInputs } from "./addons/karpenter";
export type { LoadBalancerControllerInputs, LoadBalancerControllerTargetGroupBindingInputs } from "./addons/load-balancer-controller";
export type { ManagedPrometheusInputs } from "./addons/managed-prometheus";
export type { MountpointAccess, MountpointS3CsiDriverInputs } from "./addons/mountpoint-s3-csi-driver";
export type { NodeTerminationHandlerInputs } from "./addons/node-termination-handler";
export type { VeleroInputs } from "./addons/velero";

// Workload identity: the binding, its role, its service accounts, the OIDC provider
export { WorkloadIdentity } from "./identity/workload-identity";
export type { WorkloadIdentityOptions, WorkloadIdentityProps, WorkloadServiceAccount } from "./identity/workload-identity";
export { WorkloadRole } from "./identity/workload-role";
export type { IdentityMechanism, PodIdentityOptions, RolePermissions, WorkloadRoleOptions, WorkloadRoleProps } from "./identity/workload-role";
export { PodIdentityTargetRole } from "./identity/target-role";
export type { PodIdentityTargetRoleProps } from "./identity/target-role";
export { ServiceAccount } from "./identity/service-account";
export type { ServiceAccountOptions, ServiceAccountProps } from "./identity/service-account";
export { ClusterOidcProvider } from "./identity/oidc-provider";
export type { ClusterOidcProviderProps, IOidcProvider } from "./identity/oidc-provider";
export type { IWorkloadCluster, ReservedServiceAccount } from "./identity/workload-cluster";
// The kubernetes and tls types the library declares, on the core's own classes (no prebuilt provider needed)
export { KubernetesNamespaceV1, KubernetesProvider, KubernetesServiceAccountV1 } from "./identity/kubernetes";
export type {
  KubernetesMetadata,
  KubernetesMetadataAttributes,
  KubernetesNamespacedMetadata,
  KubernetesNamespaceV1Config,
  KubernetesProviderConfig,
  KubernetesProviderExec,
  KubernetesServiceAccountV1Config,
} from "./identity/kubernetes";
export { DataTlsCertificate, TlsProvider } from "./identity/tls";
export type { DataTlsCertificateConfig, TlsCertificateAttributes, TlsProviderConfig } from "./identity/tls";

// The cluster
export type { AddServiceAccountOptions, ClusterLookupOptions, IEksCluster, ImportedEksClusterAttributes } from "./cluster/cluster";
export { EksCluster } from "./cluster/eks-cluster";
export type { AddonVersions, AuthenticationMode, ClusterLogType, EksClusterProps, UpgradePolicy } from "./cluster/eks-cluster";
export type { AccessEntry, AccessPolicyAssociation, ClusterCreatorAccess } from "./cluster/access-entries";
export type { AccessEntryType, EksAccessPolicyName } from "./core/access-policies";
export type { AddonSettings, ClusterAddon, ClusterAddons, KarpenterAddonSettings, ManagedAddonSettings } from "./cluster/cluster-addons";
export { KarpenterInfrastructure } from "./cluster/karpenter";
export type { KarpenterInfrastructureProps } from "./cluster/karpenter";
export { ManagedNodeGroup } from "./cluster/node-group";
export type { CapacityType, ManagedNodeGroupProps, NodeGroupOptions, NodeTaint, TaintEffect } from "./cluster/node-group";
export { EksVpc } from "./cluster/vpc";
export type { EksVpcOptions, EksVpcProps } from "./cluster/vpc";
// Compute modes, EKS add-ons by name and the cluster's own, the control plane's log group (issue 23)
export type { AutoModeNodePool, AutoModeOptions } from "./cluster/auto-mode";
export { FargateProfile } from "./cluster/fargate-profile";
export type { FargateProfileOptions, FargateProfileProps, FargateSelector } from "./cluster/fargate-profile";
export type { CoreAddons } from "./cluster/core-addons";
export type { AddonCreateConflicts, AddonUpdateConflicts, EksAddonSettings } from "./cluster/eks-addon-settings";
export type { EksAddonOptions, EksAddonRole, EksAddons, InstalledEksAddon } from "./cluster/eks-addons";
export { ControlPlaneLogGroup } from "./cluster/control-plane-logs";
export type { ControlPlaneLogGroupOptions, ControlPlaneLogGroupProps } from "./cluster/control-plane-logs";
export type { ServiceRoleOptions } from "./iam/service-role";

// Stacks and the platform
export { ClusterStack } from "./platform/cluster-stack";
export type { ClusterStackProps } from "./platform/cluster-stack";
export { WorkloadsStack } from "./platform/workloads-stack";
export type { Workload, WorkloadsStackProps } from "./platform/workloads-stack";
export type { StateBackendOptions } from "./platform/state-backend";
export { Platform } from "./platform/platform";
export { AppSynthesis } from "./platform/synthesize";
export type { AppSynthesisOptions, StackSize } from "./platform/synthesize";
export type { EnvironmentStacks, EnvironmentStacksOptions, PlatformProps } from "./platform/platform";

// The configuration file
export type { ClusterConfig, EnvironmentConfig, PlatformConfig, WorkloadConfig } from "./platform/config";
export { ConfigFileError, PlatformConfigSource } from "./platform/config-file";
export type { PlatformConfigFileChoice, ReadPlatformConfigOptions, SourcePosition } from "./platform/config-file";
