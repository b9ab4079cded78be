// The package's public API: constructs, their props and interfaces, the error types and the
// configuration types. Validators, rule tables, policy templates and the synthesis patches are
// internal (the patches have their own entry point, `cdktf-eks-irsa/speed`). api/cdktf-eks-irsa.api.md
// is the report of this surface; test/api.test.ts fails when it changes without the report.

// Errors
export { ValidationError, ValidationErrors } from "./core/errors";

// IAM documents, as props write them
export type { PolicyCondition, PolicyStatement } from "./iam/policy-statement";
export type { ServiceAccountSubject, SubjectMatch } from "./iam/trust-policy";

// The add-on catalogue's inputs
export type { AddonPresetId, AddonPresetInputs, AddonSelection } from "./addons/catalogue";
export type { AddonPreset, HelmChart, ManagedAddon, PresetContext, UpstreamSource } from "./addons/preset";
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
export { ServiceAccount } from "./identity/service-account";
export type { ServiceAccountOptions, ServiceAccountProps } from "./identity/service-account";
export { ClusterOidcProvider } from "./identity/oidc-provider";
export type { ClusterOidcProviderProps, IOidcProvider } from "./identity/oidc-provider";
export type { IWorkloadCluster, ReservedServiceAccount } from "./identity/workload-cluster";

// The cluster
export type { AddServiceAccountOptions, ClusterLookupOptions, IEksCluster, ImportedEksClusterAttributes } from "./cluster/cluster";
export { EksCluster } from "./cluster/eks-cluster";
export type { AddonVersions, AuthenticationMode, ClusterLogType, EksClusterProps, UpgradePolicy } from "./cluster/eks-cluster";
export type { AddonSettings, ClusterAddon, ClusterAddons, KarpenterAddonSettings, ManagedAddonSettings } from "./cluster/cluster-addons";
export { KarpenterInfrastructure } from "./cluster/karpenter";
export type { KarpenterInfrastructureProps } from "./cluster/karpenter";
export { ManagedNodeGroup } from "./cluster/node-group";
export type { CapacityType, ManagedNodeGroupProps, NodeGroupOptions, NodeTaint, TaintEffect } from "./cluster/node-group";
export { EksVpc } from "./cluster/vpc";
export type { EksVpcOptions, EksVpcProps } from "./cluster/vpc";

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
