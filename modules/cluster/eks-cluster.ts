import { Annotations, Fn, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon, type EksAddonConfig } from "@cdktf/provider-aws/lib/eks-addon";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Ec2Tag } from "@cdktf/provider-aws/lib/ec2-tag";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import {
  type AccessEntry,
  addAccessEntries,
  CLUSTER_CREATOR_ACCESS,
  type ClusterCreatorAccess,
  validateAccessEntry,
  validateAccessEntryPrincipals,
} from "./access-entries";
import { addClusterAddons, type ClusterAddon, type ClusterAddons, reservedAddonServiceAccounts } from "./cluster-addons";
import type { AddonPresetId } from "../addons/catalogue";
import { type ClusterLookupOptions, EKS_SYSTEM_SERVICE_ACCOUNTS, type IEksCluster, type ImportedEksClusterAttributes } from "./cluster";
import { IAM_LIMITS, validateTags } from "../iam/iam-limits";
import { ClusterBase } from "./private/cluster-base";
import { ImportedCluster } from "./private/imported-cluster";
import { WorkloadRole } from "../identity/workload-role";
import { checkPartitions, regionOfStack, validateArn, validateArns } from "../core/arns";
import {
  booleanCheck,
  checkInputs,
  type InputCheck,
  type InputChecks,
  isToken,
  listCheck,
  objectCheck,
  oneOfCheck,
  ruleCheck,
  rules,
  truncateWithHash,
  validateKeys,
} from "../core/naming";
import { checkKubernetesVersion, kubernetesVersionWarning } from "./kubernetes-versions";
import { defaultKarpenterNodeRoleName } from "./karpenter";
import { ManagedNodeGroup, type NodeGroupOptions } from "./node-group";
import { ClusterOidcProvider, type IOidcProvider, validateOidcClientIds, validateOidcThumbprints } from "../identity/oidc-provider";
import type { ReservedServiceAccount } from "../identity/workload-cluster";
import { checkPolicyStatements } from "../iam/policy-check";
import { policyDocumentJson } from "../iam/policy-document";
import { mergeRoleSettings, type RoleSettings, validateRoleSettings } from "../iam/role-settings";
import { ServiceRole } from "../iam/service-role";
import { EksVpc, type EksVpcOptions } from "./vpc";
import { writeAsData } from "../core/literal-text";
import { AwsProviderVersion } from "../core/aws-provider-version";
import { ValidationError, withField } from "../core/errors";
import { claimWith } from "../core/claims";
import { claimRoleName } from "../iam/role-names";
import { addonResourceName } from "./cluster-addons";
// ---- issue 23: compute modes, open add-ons, control-plane logging
import {
  AUTO_MODE_CLUSTER_POLICIES,
  AUTO_MODE_CORE_ADDONS,
  AUTO_MODE_NODE_ACCESS_POLICY,
  AUTO_MODE_NODE_POLICIES,
  AUTO_MODE_NODE_POOLS,
  type AutoModeOptions,
  autoModeRefusal,
  validateAutoModeOptions,
} from "./auto-mode";
import { ControlPlaneLogGroup, type ControlPlaneLogGroupOptions, validateLogGroupOptions } from "./control-plane-logs";
import { CORE_ADDONS, type CoreAddonKey, type CoreAddons, coreAddonKeyOf, coreAddonSettings } from "./core-addons";
import { EKS_ADDON_SETTING_CHECKS, type EksAddonArguments, eksAddonArguments } from "./eks-addon-settings";
import { addEksAddons, type EksAddons, type InstalledEksAddon, reservedEksAddonServiceAccounts } from "./eks-addons";
import { FargateProfile, type FargateProfileOptions, fargateSelectorsOf } from "./fargate-profile";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import { type ServiceRoleOptions, validateServiceRoleOptions } from "../iam/service-role";

/** Control plane log types EKS can send to CloudWatch Logs. */
export type ClusterLogType = "api" | "audit" | "authenticator" | "controllerManager" | "scheduler";
/** How principals authenticate to the Kubernetes API. */
export type AuthenticationMode = "API" | "API_AND_CONFIG_MAP";

const LOG_TYPES: readonly ClusterLogType[] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const AUTHENTICATION_MODES: readonly AuthenticationMode[] = ["API", "API_AND_CONFIG_MAP"];

/** The support policy of a cluster's Kubernetes version. */
export interface UpgradePolicy {
  /** `STANDARD` (upgrade at the end of standard support) or `EXTENDED` (extended support, charged). */
  readonly supportType: "STANDARD" | "EXTENDED";
}

/**
 * Versions of the EKS managed add-ons.
 * @deprecated give each version in `coreAddons.<add-on>.version`, beside the add-on's other settings
 */
export interface AddonVersions {
  /**
   * Version of `vpc-cni`.
   * @default the default version for the cluster's Kubernetes version
   */
  readonly vpcCni?: string;
  /**
   * Version of `coredns`.
   * @default the default version for the cluster's Kubernetes version
   */
  readonly coreDns?: string;
  /**
   * Version of `kube-proxy`.
   * @default the default version for the cluster's Kubernetes version
   */
  readonly kubeProxy?: string;
  /**
   * Version of `eks-pod-identity-agent`.
   * @default the default version for the cluster's Kubernetes version
   */
  readonly podIdentityAgent?: string;
}

/** Props of {@link EksCluster}. */
export interface EksClusterProps {
  /** The cluster's name: 1-100 characters, starting with a letter or digit, then letters, digits, `-` or `_`. */
  readonly clusterName: string;
  /**
   * The Kubernetes version (`1.<minor>`).
   * @default "1.35" (in EKS standard support until 2027-03-27)
   */
  readonly kubernetesVersion?: string;
  /**
   * What happens when the version leaves standard support: `STANDARD` upgrades the cluster
   * automatically at the end of standard support; `EXTENDED` keeps it, at the extended support price.
   * @default EKS's default (`EXTENDED`)
   */
  readonly upgradePolicy?: UpgradePolicy;
  /**
   * Subnets (at least two, in two zones) for the cluster and its nodes: bring your own network.
   * Give this or `vpc`, not both.
   * @default none
   */
  readonly subnetIds?: readonly string[];
  /**
   * Create a VPC for the cluster with these options. Give this or `subnetIds`, not both.
   * @default none
   */
  readonly vpc?: EksVpcOptions;
  /**
   * Whether the API server endpoint is reachable from the internet (always from inside the VPC).
   * @default true
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * CIDR blocks allowed to reach the public endpoint.
   * @default ["0.0.0.0/0"]
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Control plane log types sent to CloudWatch Logs.
   * @default ["api", "audit", "authenticator"]
   */
  readonly logTypes?: readonly ClusterLogType[];
  /**
   * ARN of a KMS key for the envelope encryption of Kubernetes secrets: bring your own key.
   * @default a key created for the cluster, with yearly rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * How principals authenticate: access entries only (`API`), or also the `aws-auth` ConfigMap.
   * @default "API"
   */
  readonly authenticationMode?: AuthenticationMode;
  /**
   * What the principal that creates the cluster (the one running Terraform) gets: `accessEntry`, an
   * ordinary entry with `AmazonEKSClusterAdminPolicy` that Terraform manages and `none` removes;
   * `bootstrap`, EKS's bootstrap admin, made outside Terraform; `none`, no access of its own. EKS
   * reads its bootstrap flag only when it creates a cluster, so changing this never replaces one.
   * @default `accessEntry` for a cluster created now; a cluster created with EKS's bootstrap admin
   * (by an earlier version) keeps it and gets no second entry (see docs/upgrading.md to move it)
   */
  readonly clusterCreatorAccess?: ClusterCreatorAccess;
  /**
   * Access entries: per IAM role or user, its type, Kubernetes groups, user name and EKS access
   * policies, each scoped to the cluster or to namespaces. One entry per principal.
   * @default none
   */
  readonly accessEntries?: readonly AccessEntry[];
  /**
   * IAM principal ARNs (roles, users) that get an access entry with AmazonEKSClusterAdminPolicy at
   * cluster scope: the short form of such an entry in `accessEntries`.
   * @default none
   */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * Managed node groups, keyed by name.
   * @default { default: {} } (one group of m6i.large, 1-3 nodes); none on an Auto Mode cluster
   */
  readonly nodeGroups?: { readonly [name: string]: NodeGroupOptions };
  /**
   * Install the `eks-pod-identity-agent` add-on (for EKS Pod Identity, next to IRSA). A binding with
   * mechanism `podIdentity` or `both` installs it when this is not set; `false` refuses such bindings.
   * Refused on an Auto Mode cluster without node groups, which runs the agent itself.
   * @default installed when a binding needs it
   */
  readonly podIdentityAgent?: boolean;
  /**
   * Versions of the managed add-ons.
   * @default the default version of each for the cluster's Kubernetes version
   * @deprecated give each version in `coreAddons.<add-on>.version`
   */
  readonly addonVersions?: AddonVersions;
  /**
   * Add-ons of the catalogue, each with a least-privilege role trusted by its service account only:
   * `{ loadBalancerController: {}, externalDns: { hostedZoneArns: [...] }, ebsCsiDriver: {}, karpenter: {} }`.
   * EKS installs those it manages (EBS, EFS, Mountpoint for S3 and FSx CSI drivers, CloudWatch
   * Observability); for the others the role is made and the chart's values are in `catalogueAddons`.
   * @default none
   */
  readonly addons?: ClusterAddons;
  /**
   * IRSA on the cluster: its IAM OIDC provider (created with a `tls_certificate` lookup of the
   * issuer at plan, or `existingOidcProviderArn`). `false` leaves both out, for a cluster whose
   * bindings all use EKS Pod Identity: a binding that needs IRSA then fails at synth, and the
   * cluster's own add-ons (vpc-cni, the catalogue's) use Pod Identity.
   * @default true
   */
  readonly enableIrsa?: boolean;
  /**
   * How the vpc-cni add-on (`kube-system/aws-node`) gets its role: IRSA, or EKS Pod Identity
   * (through the add-on's own association; the `eks-pod-identity-agent` add-on is installed first).
   * @default "irsa", or "podIdentity" when `enableIrsa` is false
   */
  readonly vpcCniMechanism?: "irsa" | "podIdentity";
  /**
   * Use an IAM OIDC provider that already exists for this cluster's issuer (by ARN) instead of
   * creating one. `oidcExtraClientIds` and `oidcExtraThumbprints` are then refused: set them on that provider.
   * @default a provider is created
   */
  readonly existingOidcProviderArn?: string;
  /**
   * Audiences the OIDC provider accepts besides `sts.amazonaws.com`.
   * @default none
   */
  readonly oidcExtraClientIds?: readonly string[];
  /**
   * Thumbprints the OIDC provider trusts besides the issuer's root CA (TLS-intercepting proxies).
   * @default none
   */
  readonly oidcExtraThumbprints?: readonly string[];
  /**
   * Tags of every taggable resource of the cluster.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * The permissions boundary, path and tags of every IAM role the cluster creates (cluster, node,
   * vpc-cni, add-on and Karpenter node roles) and of the workload roles bound to it. Each role can
   * override them (`clusterRoleSettings`, `nodeRoleSettings`, `vpcCniRoleSettings`, an add-on's
   * `roleSettings`, a workload's own `permissionsBoundary`, `path` and `tags`); tags are merged.
   * @default none
   */
  readonly roleDefaults?: RoleSettings;
  /**
   * The boundary, path and tags of the cluster role (the control plane's), over `roleDefaults`.
   * @default `roleDefaults`
   */
  readonly clusterRoleSettings?: RoleSettings;
  /**
   * The boundary, path and tags of the managed node groups' role, over `roleDefaults`.
   * @default `roleDefaults`
   */
  readonly nodeRoleSettings?: RoleSettings;
  /**
   * The boundary, path and tags of the vpc-cni add-on's role, over `roleDefaults`.
   * @default `roleDefaults`
   */
  readonly vpcCniRoleSettings?: RoleSettings;
  /**
   * Tags of the EC2 instances and volumes the node groups launch, besides `tags`. The AWS provider's
   * `default_tags` do not reach them (they are launched by EKS through the launch template), so
   * `ClusterStack` passes its default tags here.
   * @default none
   */
  readonly instanceTags?: { readonly [key: string]: string };

  // ---- issue 23: compute modes, open add-ons, control-plane logging
  /**
   * Run the cluster in EKS Auto Mode: EKS provisions nodes from its node pools and runs pod and
   * service networking, DNS, block storage, load balancing and the Pod Identity agent itself. The
   * cluster role gets the Auto Mode policies and a node role is made. Without `nodeGroups` the
   * cluster has none, and installs none of its own add-ons (vpc-cni, kube-proxy, coredns, the Pod
   * Identity agent); with them, it installs those for their nodes. Add-ons of the catalogue that
   * Auto Mode replaces (Karpenter, the Load Balancer Controller; the EBS CSI driver, cluster-autoscaler
   * and the Node Termination Handler without node groups) are refused. Needs AWS provider 5.79 or later.
   * @default off
   */
  readonly autoMode?: AutoModeOptions;
  /**
   * Fargate profiles, keyed by name: which pods run on Fargate. EKS Pod Identity does not run on
   * Fargate, so a Pod Identity binding (or add-on) whose namespace a profile takes whole is refused.
   * @default none
   */
  readonly fargateProfiles?: { readonly [name: string]: FargateProfileOptions };
  /**
   * The pod execution role of the Fargate profiles (trusted by `eks-fargate-pods.amazonaws.com` for
   * this cluster's profiles only, with AmazonEKSFargatePodExecutionRolePolicy): its name, path and boundary.
   * @default `<cluster name>-fargate-pods`, path "/", no boundary
   */
  readonly fargatePodExecutionRole?: ServiceRoleOptions;
  /**
   * Settings of the cluster's own add-ons (vpc-cni, kube-proxy, coredns, eks-pod-identity-agent):
   * version, configuration values, preserve, conflict resolution.
   * @default EKS's defaults for each
   */
  readonly coreAddons?: CoreAddons;
  /**
   * Any other EKS add-on, by name, with its settings and optionally a role for its service account:
   * `{ "snapshot-controller": {}, "external-dns": { role: { serviceAccount, addonPolicies } } }`.
   * Add-ons of the catalogue go in `addons`, the cluster's own in `coreAddons`.
   * @default none
   */
  readonly eksAddons?: EksAddons;
  /**
   * The control plane's log group, `/aws/eks/<cluster name>/cluster`, made before the cluster with a
   * retention (and optionally a KMS key), when `logTypes` is not empty.
   * @default created, 90 days' retention, no KMS key
   */
  readonly logGroup?: ControlPlaneLogGroupOptions;
  /**
   * Refuse to delete the cluster (EKS deletion protection): turn it off before a destroy. Needs AWS
   * provider 6.9 or later.
   * @default EKS's default (off)
   */
  readonly deletionProtection?: boolean;
  /**
   * Let Amazon Application Recovery Controller shift the cluster's traffic away from an impaired
   * availability zone (zonal shift and zonal autoshift). Needs AWS provider 5.74 or later.
   * @default EKS's default (off)
   */
  readonly zonalShift?: boolean;
}

/**
 * An EKS cluster ready for IRSA: the cluster with its IAM role, secrets encryption, access
 * entries, network (created or given), managed node groups whose pods cannot use the node's
 * instance profile, the managed add-ons (vpc-cni through its own IRSA role), and the IAM OIDC
 * provider of its issuer; or, in EKS Auto Mode, the node pools and capabilities EKS runs itself;
 * Fargate profiles; any EKS add-on by name; and the control plane's log group (docs/compute.md).
 */
export class EksCluster extends ClusterBase {
  /**
   * Looks up a cluster this app does not create, and its IAM OIDC provider, with data sources.
   * The result works wherever an `EksCluster` does for workload identities.
   */
  public static fromClusterName(scope: Construct, id: string, clusterName: string, options: ClusterLookupOptions = {}): IEksCluster {
    return new ImportedCluster(scope, id, { ...options, clusterName });
  }

  /**
   * Uses a cluster this app does not create, from attributes known here (literals, or references to
   * another stack's outputs): no data source reads it.
   */
  public static fromClusterAttributes(scope: Construct, id: string, attributes: ImportedEksClusterAttributes): IEksCluster {
    return new ImportedCluster(scope, id, { attributes });
  }

  /** The cluster's name (a reference to the `aws_eks_cluster`, so that dependents wait for it). */
  public readonly clusterName: string;
  /** The cluster's ARN. */
  public readonly arn: string;
  /** The Kubernetes API server endpoint. */
  public readonly endpoint: string;
  /** The cluster's certificate authority, base64-encoded PEM. */
  public readonly certificateAuthorityData: string;
  /** The cluster's OIDC issuer URL. */
  public readonly oidcIssuerUrl: string;
  /** The IAM OIDC provider of the cluster's issuer: created, or the one `existingOidcProviderArn` names; none with `enableIrsa` false. */
  public readonly oidcProvider?: IOidcProvider;
  /** Why the cluster has no OIDC provider, with `enableIrsa` false: bindings that need IRSA fail with it. */
  public readonly withoutIrsa?: string;
  /**
   * ARN of the IAM role of the nodes: the managed node groups', or on an Auto Mode cluster without
   * node groups, Auto Mode's (`autoModeNodeRoleArn`).
   */
  public readonly nodeRoleArn: string;
  /** ARN of the IAM role of the control plane. */
  public readonly clusterRoleArn: string;
  /** ARN of the KMS key that encrypts Kubernetes secrets. */
  public readonly kmsKeyArn: string;
  /** The subnets of the cluster and its nodes. */
  public readonly subnetIds: readonly string[];
  /** The VPC, when the cluster created one. */
  public readonly vpc?: EksVpc;
  /** The `aws_eks_cluster` resource. */
  public readonly resource: EksClusterResource;
  /** The node groups, by name. */
  public readonly nodeGroups: { readonly [name: string]: ManagedNodeGroup };
  /**
   * The role of the vpc-cni add-on (kube-system/aws-node, AmazonEKS_CNI_Policy), through IRSA or Pod
   * Identity (`vpcCniMechanism`); none on an Auto Mode cluster without node groups, which installs no vpc-cni.
   */
  public readonly vpcCniRole?: WorkloadRole;
  /** The boundary, path and tags of every role of the cluster and of the workload roles bound to it, unless a role sets its own. */
  public readonly roleDefaults?: RoleSettings;
  /** Service accounts of EKS and of the catalogue's add-ons on this cluster: bindings refuse them. */
  public readonly reservedServiceAccounts: readonly ReservedServiceAccount[];
  /** The access entries of `accessEntries` and `adminPrincipalArns`, by principal ARN. */
  public readonly accessEntries: { readonly [principalArn: string]: EksAccessEntry };
  /** The cluster creator's access entry, with `clusterCreatorAccess` `accessEntry` (the default; for a cluster created with the bootstrap admin it has no instance). */
  public readonly creatorAccessEntry?: EksAccessEntry;
  /** The EKS managed add-ons, by add-on name (`vpc-cni`, `aws-ebs-csi-driver`, ...). */
  public readonly addons: { readonly [name: string]: EksAddon };
  /** The add-ons of the catalogue (the `addons` prop), by preset ID: role, service account, Helm values. */
  public readonly catalogueAddons: { readonly [id: string]: ClusterAddon };
  // ---- issue 23: compute modes, open add-ons, control-plane logging
  /** ARN of the role of the nodes Auto Mode launches, on an Auto Mode cluster. */
  public readonly autoModeNodeRoleArn?: string;
  /** The Fargate profiles, by name. */
  public readonly fargateProfiles: { readonly [name: string]: FargateProfile };
  /** ARN of the Fargate profiles' pod execution role, when there are profiles. */
  public readonly fargatePodExecutionRoleArn?: string;
  /** The add-ons of `eksAddons`, by add-on name: the add-on and its role. */
  public readonly eksAddons: { readonly [name: string]: InstalledEksAddon };
  /** The control plane's log group, when the cluster made it. */
  public readonly logGroup?: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    // The catalogue's add-ons reserve their service accounts too, once their own roles are made.
    this.reservedServiceAccounts = EKS_SYSTEM_SERVICE_ACCOUNTS;
    // Each option, then the options as a whole, as the configuration schema checks them.
    checkInputs("", props, CLUSTER_OPTION_CHECKS);
    checkClusterRelations(props);
    // Every ARN in the partition of the stack's region (when its AWS provider names one).
    const region = regionOfStack(this);
    if (region !== undefined) checkPartitions("", props, region);
    const version = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const versionWarning = kubernetesVersionWarning(version);
    if (versionWarning !== undefined) Annotations.of(this).addWarning(`kubernetesVersion ${JSON.stringify(version)} ${versionWarning}`);
    // ---- IAM guardrails of every role (roleDefaults and the per-role settings, checked with the options)
    this.roleDefaults = props.roleDefaults;
    /** A role's settings: the cluster's tags, then roleDefaults, then the role's own. */
    const roleSettings = (own?: RoleSettings) => mergeRoleSettings({ tags: props.tags }, props.roleDefaults, own);
    const logTypes = props.logTypes ?? ["api", "audit", "authenticator"];
    const authenticationMode = props.authenticationMode ?? "API";
    // ---- IRSA or Pod Identity first (enableIrsa, vpcCniMechanism; their relations checked with the options)
    const irsa = props.enableIrsa ?? true;
    if (!irsa) {
      this.withoutIrsa = `cluster ${props.clusterName} is set up without IRSA (enableIrsa false), so it has no IAM OIDC provider: use mechanism "podIdentity", or set enableIrsa true`;
    }
    const vpcCniMechanism = props.vpcCniMechanism ?? (irsa ? "irsa" : "podIdentity");
    // ---- issue 23: Auto Mode, Fargate, the cluster's own add-ons, logging (checked with the options)
    const autoMode = props.autoMode;
    const nodeGroups = props.nodeGroups ?? (autoMode ? {} : { default: {} });
    // Nodes Auto Mode does not manage need the cluster's own add-ons; Auto Mode's nodes do not.
    const managedNodes = Object.keys(nodeGroups).length > 0;
    const coreInstalled = autoMode === undefined || managedNodes;
    const core = coreAddonSettings(props.coreAddons, props.addonVersions);
    const fargateNames = Object.keys(props.fargateProfiles ?? {}).sort();
    claimClusterNames(this, props);
    const tags = props.tags ? { ...props.tags } : undefined;
    const partition = new DataAwsPartition(this, "partition").partition;

    const karpenterDiscovery = props.addons?.karpenter !== undefined && props.addons.karpenter.subnetDiscoveryTag !== false;
    if (props.vpc) {
      this.vpc = new EksVpc(this, "network", {
        ...props.vpc,
        name: props.clusterName,
        tags: { ...props.tags, ...props.vpc.tags },
        privateSubnetTags: karpenterDiscovery ? { [KARPENTER_DISCOVERY_TAG]: props.clusterName } : undefined,
      });
      this.subnetIds = this.vpc.privateSubnetIds;
    } else {
      this.subnetIds = [...props.subnetIds!];
      // Karpenter's EC2NodeClasses find the subnets of a network made elsewhere by the same tag.
      if (karpenterDiscovery) {
        // A reference has no stable name for the tag's construct ID: tag such subnets where they are made.
        if (this.subnetIds.some(isToken)) {
          Annotations.of(this).addWarning(
            `subnetIds holds references only known at apply time: tag those subnets ${KARPENTER_DISCOVERY_TAG}: ${props.clusterName} where they are made, for Karpenter's EC2NodeClass`,
          );
        }
        for (const subnetId of this.subnetIds) {
          if (isToken(subnetId)) continue;
          new Ec2Tag(this, `karpenter-discovery-${subnetId}`, { resourceId: subnetId, key: KARPENTER_DISCOVERY_TAG, value: props.clusterName });
        }
      }
    }

    const clusterRole = new ServiceRole(this, "cluster-role", {
      name: roleNameFor(props.clusterName, "cluster"),
      service: "eks.amazonaws.com",
      // Auto Mode's capabilities act as the cluster role (EKS User Guide, "Amazon EKS Auto Mode cluster IAM role").
      managedPolicies: ["AmazonEKSClusterPolicy", ...(autoMode ? AUTO_MODE_CLUSTER_POLICIES : [])],
      partition,
      ...roleSettings(props.clusterRoleSettings),
    });
    this.clusterRoleArn = clusterRole.role.arn;

    if (props.kmsKeyArn !== undefined) {
      this.kmsKeyArn = props.kmsKeyArn;
    } else {
      const key = new KmsKey(this, "secrets-key", {
        description: `Envelope encryption of Kubernetes secrets of EKS cluster ${props.clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      });
      this.kmsKeyArn = key.arn;
    }
    // EKS encrypts and decrypts secrets as the cluster role. Checked like every policy the project writes.
    const kmsStatement = { actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], resources: [this.kmsKeyArn] };
    checkPolicyStatements("kmsKeyArn", [kmsStatement], { scope: this });
    const kmsAccess = new IamRolePolicy(this, "cluster-role-kms", {
      name: "secrets-encryption",
      role: clusterRole.role.name,
      policy: policyDocumentJson("kmsKeyArn", [kmsStatement]),
    });

    // ---- issue 23: Auto Mode's node role and the control plane's log group, both before the cluster
    const autoModePools = autoMode ? [...(autoMode.nodePools ?? AUTO_MODE_NODE_POOLS)] : [];
    const autoModeNodeRole = autoMode
      ? new ServiceRole(this, "auto-mode-node-role", {
          name: autoMode.nodeRole?.roleName ?? roleNameFor(props.clusterName, "auto-node"),
          service: "ec2.amazonaws.com",
          trustActions: ["sts:AssumeRole"],
          managedPolicies: AUTO_MODE_NODE_POLICIES,
          partition,
          ...roleSettings(autoMode.nodeRole),
        })
      : undefined;
    this.autoModeNodeRoleArn = autoModeNodeRole?.role.arn;
    // EKS writes to /aws/eks/<name>/cluster, and makes the group itself (kept forever) unless it exists.
    const logGroup =
      logTypes.length > 0 && props.logGroup?.create !== false
        ? new ControlPlaneLogGroup(this, "control-plane-logs", {
            clusterName: props.clusterName,
            retentionDays: props.logGroup?.retentionDays,
            kmsKeyArn: props.logGroup?.kmsKeyArn,
            importExisting: props.logGroup?.importExisting,
            tags,
          })
        : undefined;
    this.logGroup = logGroup?.logGroup;

    this.resource = new EksClusterResource(this, "cluster", {
      name: props.clusterName,
      version,
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds: [...this.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: props.endpointPublicAccess ?? true,
        publicAccessCidrs: (props.endpointPublicAccess ?? true) ? [...(props.publicAccessCidrs ?? ["0.0.0.0/0"])] : undefined,
      },
      enabledClusterLogTypes: [...logTypes],
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: this.kmsKeyArn } },
      accessConfig: {
        authenticationMode,
        // The creator's access is an ordinary entry unless asked otherwise (addAccessEntries).
        bootstrapClusterCreatorAdminPermissions: props.clusterCreatorAccess === "bootstrap",
      },
      // EKS reads the flag only when it creates the cluster: a change must never replace one.
      lifecycle: { ignoreChanges: [BOOTSTRAP_FLAG] },
      upgradePolicy: props.upgradePolicy ? { supportType: props.upgradePolicy.supportType } : undefined,
      tags,
      dependsOn: [...clusterRole.attachments, kmsAccess, ...(autoModeNodeRole?.attachments ?? []), ...(this.logGroup ? [this.logGroup] : [])],
      // ---- issue 23: Auto Mode's three capabilities (all on together, as the API requires), deletion protection, zonal shift
      ...(autoMode
        ? {
            computeConfig: {
              enabled: true,
              nodePools: autoModePools,
              // EKS maps the built-in node pools' role itself; without them the role has an access entry below.
              nodeRoleArn: autoModePools.length > 0 ? autoModeNodeRole!.role.arn : undefined,
            },
            storageConfig: { blockStorage: { enabled: true } },
            kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
            // Auto Mode runs networking and DNS itself: no self-managed vpc-cni, kube-proxy and coredns
            // at creation. The argument replaces an existing cluster when it changes, so a cluster that
            // turns Auto Mode on keeps what it was created with.
            bootstrapSelfManagedAddons: false,
            lifecycle: { ignoreChanges: ["bootstrap_self_managed_addons"] },
          }
        : {}),
      deletionProtection: props.deletionProtection,
      zonalShiftConfig: props.zonalShift !== undefined ? { enabled: props.zonalShift } : undefined,
    });
    // The provider versions these arguments need, checked at synth against the stack's (core/aws-provider-version.ts).
    if (autoMode) AwsProviderVersion.requireFeature(this, "eksAutoMode");
    if (props.deletionProtection !== undefined) AwsProviderVersion.requireFeature(this, "eksDeletionProtection");
    if (props.zonalShift !== undefined) AwsProviderVersion.requireFeature(this, "eksZonalShift");
    this.clusterName = this.resource.name;
    this.arn = this.resource.arn;
    this.endpoint = this.resource.endpoint;
    this.certificateAuthorityData = this.resource.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.resource.identity.get(0).oidc.get(0).issuer;

    if (autoModeNodeRole && autoModePools.length === 0) {
      // Your own NodeClasses' role: EKS maps only the built-in node pools' role itself.
      const entry = new EksAccessEntry(this, "auto-mode-node-access-entry", {
        clusterName: this.clusterName,
        principalArn: autoModeNodeRole.role.arn,
        type: "EC2",
        tags,
      });
      new EksAccessPolicyAssociation(this, "auto-mode-node-access-policy", {
        clusterName: this.clusterName,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/${AUTO_MODE_NODE_ACCESS_POLICY}`,
        accessScope: { type: "cluster" },
      });
    }

    this.oidcProvider = !irsa
      ? undefined
      : props.existingOidcProviderArn !== undefined
        ? ClusterOidcProvider.fromProviderArn(this, "oidc-provider", props.existingOidcProviderArn, this.oidcIssuerUrl)
        : new ClusterOidcProvider(this, "oidc-provider", {
            issuerUrl: this.oidcIssuerUrl,
            extraClientIds: props.oidcExtraClientIds,
            extraThumbprints: props.oidcExtraThumbprints,
            tags,
          });

    // ---- access entries: the creator's, accessEntries and adminPrincipalArns (cluster/access-entries.ts)
    const access = addAccessEntries(this, props, {
      clusterName: this.clusterName,
      partition,
      tags,
      createdWithBootstrap: this.resource.accessConfig.bootstrapClusterCreatorAdminPermissions,
    });
    this.accessEntries = access.entries;
    this.creatorAccessEntry = access.creator;

    // vpc-cni runs as kube-system/aws-node, a service account EKS manages: the add-on carries the
    // role ARN, so no second service account is declared for it.
    this.vpcCniRole = coreInstalled
      ? new WorkloadRole(this, "vpc-cni-role", {
          mechanism: vpcCniMechanism,
          roleName: roleNameFor(props.clusterName, "vpc-cni"),
          description: `vpc-cni add-on of EKS cluster ${props.clusterName}`,
          cluster: this,
          clusterOwned: true,
          serviceAccounts: [{ namespace: "kube-system", name: "aws-node" }],
          policyArnsByKey: { AmazonEKS_CNI_Policy: `arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy` },
          ...roleSettings(props.vpcCniRoleSettings),
        })
      : undefined;
    const addon = (name: string, settings: EksAddonArguments, extra: Partial<EksAddonConfig> = {}) =>
      new EksAddon(this, `addon-${name}`, {
        clusterName: this.clusterName,
        addonName: name,
        ...settings,
        tags,
        ...extra,
      });
    const coreAddon = (key: CoreAddonKey, extra: Partial<EksAddonConfig> = {}, defaults?: { readonly [key: string]: unknown }) =>
      addon(
        CORE_ADDONS[key],
        withField(`coreAddons.${key}`, () => eksAddonArguments(core[key], defaults)),
        extra,
      );
    const addons: Record<string, EksAddon> = {};
    const withAgent = (extra: Partial<EksAddonConfig>): Partial<EksAddonConfig> => {
      if (extra.podIdentityAssociation) AwsProviderVersion.requireFeature(this, "eksAddonPodIdentity");
      return {
        ...extra,
        dependsOn: [
          ...(extra.dependsOn ?? []),
          ...(extra.podIdentityAssociation && addons["eks-pod-identity-agent"] ? [addons["eks-pod-identity-agent"]] : []),
        ],
      };
    };
    // Auto Mode runs the agent on its nodes; a cluster with nodes of its own installs the add-on for them.
    this.installPodIdentityAgent = coreInstalled
      ? () => {
          addons["eks-pod-identity-agent"] ??= coreAddon("podIdentityAgent");
        }
      : () => undefined;
    this.podIdentityAgentAllowed = props.podIdentityAgent !== false;
    if (coreInstalled) {
      // Through Pod Identity, vpc-cni gets its credentials from the agent (which runs on the host
      // network, so it needs no CNI): the agent first.
      if (vpcCniMechanism === "podIdentity") this.usePodIdentity("vpcCniMechanism");
      // Before the nodes: they need the CNI to become Ready.
      addons["vpc-cni"] = coreAddon(
        "vpcCni",
        vpcCniMechanism === "irsa"
          ? { serviceAccountRoleArn: this.vpcCniRole!.arn }
          : withAgent({ podIdentityAssociation: [{ roleArn: this.vpcCniRole!.arn, serviceAccount: "aws-node" }] }),
      );
      addons["kube-proxy"] = coreAddon("kubeProxy");
    }
    if (props.podIdentityAgent) this.installPodIdentityAgent();

    // ---- issue 23: the Fargate profiles and their pod execution role, before anything whose pods they may run
    const profiles: Record<string, FargateProfile> = {};
    if (fargateNames.length > 0) {
      const options = props.fargatePodExecutionRole ?? {};
      const podExecutionRole = new ServiceRole(this, "fargate-pod-execution-role", {
        name: options.roleName ?? roleNameFor(props.clusterName, "fargate-pods"),
        service: "eks-fargate-pods.amazonaws.com",
        // As the EKS User Guide writes it: the cluster's profiles only (the confused-deputy guard).
        trustActions: ["sts:AssumeRole"],
        sourceArnLike: `${Fn.replace(this.arn, ":cluster/", ":fargateprofile/")}/*`,
        managedPolicies: ["AmazonEKSFargatePodExecutionRolePolicy"],
        partition,
        ...roleSettings(options),
      });
      this.fargatePodExecutionRoleArn = podExecutionRole.role.arn;
      for (const name of fargateNames) {
        const profile = props.fargateProfiles![name];
        profiles[name] = new FargateProfile(this, `fargate-profile-${name}`, {
          ...profile,
          clusterName: this.clusterName,
          profileName: name,
          podExecutionRoleArn: podExecutionRole.role.arn,
          subnetIds: profile?.subnetIds ?? this.subnetIds,
          tags: { ...props.tags, ...profile?.tags },
          dependsOn: podExecutionRole.attachments,
        });
      }
    }
    this.fargateProfiles = profiles;

    const nodeRole = coreInstalled
      ? new ServiceRole(this, "node-role", {
          name: roleNameFor(props.clusterName, "node"),
          service: "ec2.amazonaws.com",
          // No AmazonEKS_CNI_Policy: that belongs to the vpc-cni add-on's IRSA role.
          managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"],
          partition,
          ...roleSettings(props.nodeRoleSettings),
        })
      : undefined;
    this.nodeRoleArn = nodeRole?.role.arn ?? autoModeNodeRole!.role.arn;

    const groups: Record<string, ManagedNodeGroup> = {};
    for (const [name, options] of Object.entries(nodeGroups)) {
      groups[name] = new ManagedNodeGroup(this, `node-group-${name}`, {
        ...options,
        tags: { ...props.tags, ...options.tags },
        // The group's own instance tags over the cluster's.
        instanceTags: props.instanceTags || options.instanceTags ? { ...props.instanceTags, ...options.instanceTags } : undefined,
        clusterName: this.clusterName,
        nodeGroupName: name,
        nodeRoleArn: this.nodeRoleArn,
        subnetIds: this.subnetIds,
        dependsOn: [...nodeRole!.attachments, addons["vpc-cni"]],
      });
    }
    this.nodeGroups = groups;

    // After the nodes: coredns pods need somewhere to run, or the add-on stays degraded. Fargate
    // profiles are somewhere too; on Fargate alone, coredns is told so.
    const nodes: ITerraformDependable[] = [...Object.values(groups).map((g) => g.nodeGroup), ...Object.values(profiles).map((p) => p.resource)];
    if (coreInstalled) {
      const onFargateOnly = !managedNodes && fargateNames.length > 0;
      if (onFargateOnly) this.warnWithoutDnsProfile(Object.values(profiles));
      addons.coredns = coreAddon("coreDns", { dependsOn: nodes }, onFargateOnly ? { computeType: "Fargate" } : undefined);
    }
    this.addons = addons;

    // The catalogue's add-ons, before their service accounts are reserved: their own roles bind them.
    this.catalogueAddons = props.addons
      ? addClusterAddons(this, props.addons, {
          roleName: (suffix) => roleNameFor(props.clusterName, suffix),
          // An add-on bound through Pod Identity waits for the agent that hands out its credentials.
          installAddon: (name, settings, extra) => (addons[name] = addon(name, settings, withAgent(extra))),
          dependsOn: nodes,
          refusal: (presetId) => (autoMode ? autoModeRefusal(presetId, managedNodes) : undefined),
          tags,
          // Without IRSA, the add-ons' roles can only be handed out through Pod Identity.
          defaultMechanism: irsa ? "irsa" : "podIdentity",
          roleSettings: (own) => roleSettings(own),
          // The Load Balancer Controller's security group rules are scoped to the cluster's VPC: the one
          // it made, or that of the given subnets.
          vpcId: this.vpc?.vpc.id ?? (props.addons?.loadBalancerController ? new DataAwsSubnet(this, "subnet", { id: this.subnetIds[0] }).vpcId : undefined),
        })
      : {};
    // ---- issue 23: any other EKS add-on, after the catalogue's (whose add-ons and service accounts it must not take)
    this.reservedServiceAccounts = [...EKS_SYSTEM_SERVICE_ACCOUNTS, ...reservedAddonServiceAccounts(this.catalogueAddons)];
    this.eksAddons = props.eksAddons
      ? addEksAddons(this, props.eksAddons, {
          roleName: (suffix) => roleNameFor(props.clusterName, suffix),
          installAddon: (name, settings, extra) => (addons[name] = addon(name, settings, withAgent(extra))),
          dependsOn: nodes,
          catalogueAddons: Object.keys(this.catalogueAddons) as AddonPresetId[],
          coreAddonField: (name) => {
            const key = coreAddonKeyOf(name)!;
            if (!coreInstalled) return `EKS Auto Mode runs ${AUTO_MODE_CORE_ADDONS[key]} itself on this cluster, which has no managed node groups`;
            return key === "podIdentityAgent"
              ? "podIdentityAgent installs it and coreAddons.podIdentityAgent configures it"
              : `configure it under coreAddons.${key}`;
          },
          tags,
        })
      : {};
    this.reservedServiceAccounts = [...this.reservedServiceAccounts, ...reservedEksAddonServiceAccounts(this.eksAddons)];
  }

  private readonly installPodIdentityAgent: () => void;
  private readonly podIdentityAgentAllowed: boolean;

  /**
   * Installs the `eks-pod-identity-agent` add-on (Auto Mode runs it itself), or fails when the
   * cluster is set not to (`podIdentityAgent: false`), or when a Fargate profile takes every pod of a
   * service account's namespace: Pod Identity does not run on Fargate.
   */
  public usePodIdentity(field: string, serviceAccounts: readonly ServiceAccountSubject[] = []): void {
    if (!this.podIdentityAgentAllowed) {
      throw ValidationError.invalid(
        field,
        "Pod Identity",
        `cluster ${this.node.path} is set not to install the eks-pod-identity-agent add-on (podIdentityAgent false): allow it, or use mechanism "irsa"`,
      );
    }
    const profiles = Object.values(this.fargateProfiles ?? {});
    for (const sa of serviceAccounts) {
      const { all, some } = fargateSelectorsOf(profiles, sa.namespace);
      if (all.length > 0) {
        throw ValidationError.invalid(
          field,
          "Pod Identity",
          `pods of ${sa.namespace}/${sa.name} run on Fargate (Fargate profile ${all[0].profile} of cluster ${this.node.path} takes every pod of namespace ${all[0].selector.namespace}), where EKS Pod Identity does not work: use mechanism "irsa"`,
        );
      }
      if (some.length > 0) {
        Annotations.of(this).addWarning(
          `${sa.namespace}/${sa.name} uses EKS Pod Identity, and Fargate profile ${some[0].profile} runs pods of namespace ${some[0].selector.namespace} with labels ${JSON.stringify(some[0].selector.labels)} on Fargate, where Pod Identity does not work: give such pods IRSA`,
        );
      }
    }
    this.installPodIdentityAgent();
  }

  /** Warns when coredns, on a cluster whose only compute is Fargate, has no profile to run on. */
  private warnWithoutDnsProfile(profiles: readonly FargateProfile[]): void {
    const { all, some } = fargateSelectorsOf(profiles, "kube-system");
    const dns = some.some((m) => Object.entries(m.selector.labels ?? {}).every(([key, value]) => key === "k8s-app" && value === "kube-dns"));
    if (all.length === 0 && !dns) {
      Annotations.of(this).addWarning(
        "the cluster's only compute is Fargate, and no Fargate profile selects coredns: add one with the selector namespace kube-system (labels k8s-app: kube-dns), or coredns never runs",
      );
    }
  }
}

/** The checks of the upgrade policy's fields. */
export const UPGRADE_POLICY_CHECKS: InputChecks<UpgradePolicy> = { supportType: oneOfCheck(["STANDARD", "EXTENDED"] as const) };

/** The check of a control plane log type. */
export const LOG_TYPE_CHECK = oneOfCheck<ClusterLogType>(LOG_TYPES);

/** The checks of the add-on versions' fields: each an EKS add-on version. */
export const ADDON_VERSION_CHECKS: InputChecks<AddonVersions> = {
  vpcCni: ruleCheck(rules.addonVersion),
  coreDns: ruleCheck(rules.addonVersion),
  kubeProxy: ruleCheck(rules.addonVersion),
  podIdentityAgent: ruleCheck(rules.addonVersion),
};

/**
 * The checks of the cluster's options that stand alone, one per option (see `InputChecks`):
 * EksCluster runs them, and the configuration schema runs each on its field of `cluster`.
 */
export const CLUSTER_OPTION_CHECKS: InputChecks<EksClusterProps> = {
  clusterName: ruleCheck(rules.clusterName),
  kubernetesVersion: (field, version) => checkKubernetesVersion(field, version),
  upgradePolicy: objectCheck(UPGRADE_POLICY_CHECKS),
  subnetIds: listCheck({ min: 2, tooFew: "EKS needs at least two subnets in two availability zones", rule: rules.subnetId }),
  // An object whose options have their own checks (VPC_OPTION_CHECKS), which EksVpc runs.
  vpc: null,
  endpointPublicAccess: booleanCheck,
  publicAccessCidrs: listCheck({ min: 1, tooFew: "give at least one CIDR block", rule: rules.ipv4Cidr }),
  logTypes: listCheck({ item: LOG_TYPE_CHECK as InputCheck<string> }),
  kmsKeyArn: (field, arn) => validateArn(field, arn, "kmsKey"),
  authenticationMode: oneOfCheck(AUTHENTICATION_MODES),
  clusterCreatorAccess: oneOfCheck(CLUSTER_CREATOR_ACCESS),
  accessEntries: (field, entries) => {
    if (!Array.isArray(entries)) throw ValidationError.invalid(field, entries, "expected a list [...] of access entries");
    entries.forEach((entry, i) => validateAccessEntry(`${field}[${i}]`, entry));
  },
  adminPrincipalArns: (field, arns) => validateArns(field, arns, "iamPrincipal"),
  // The names here; each group's options have their own checks (NODE_GROUP_OPTION_CHECKS), which ManagedNodeGroup runs.
  nodeGroups: (field, groups) => validateKeys(field, groups, rules.nodeGroupName),
  podIdentityAgent: booleanCheck,
  addonVersions: objectCheck(ADDON_VERSION_CHECKS),
  // The add-ons have their own checks (cluster-addons.ts), which addClusterAddons runs.
  addons: null,
  enableIrsa: booleanCheck,
  vpcCniMechanism: oneOfCheck(["irsa", "podIdentity"] as const),
  existingOidcProviderArn: (field, arn) => validateArn(field, arn, "oidcProvider"),
  oidcExtraClientIds: validateOidcClientIds,
  oidcExtraThumbprints: validateOidcThumbprints,
  tags: validateTags,
  roleDefaults: validateRoleSettings,
  clusterRoleSettings: validateRoleSettings,
  nodeRoleSettings: validateRoleSettings,
  vpcCniRoleSettings: validateRoleSettings,
  instanceTags: validateTags,
  autoMode: validateAutoModeOptions,
  // The names here; each profile's options have their own check (validateFargateProfileOptions), which FargateProfile runs.
  fargateProfiles: (field, profiles) => validateKeys(field, profiles, rules.fargateProfileName),
  fargatePodExecutionRole: validateServiceRoleOptions,
  coreAddons: objectCheck<CoreAddons>({
    vpcCni: objectCheck(EKS_ADDON_SETTING_CHECKS),
    kubeProxy: objectCheck(EKS_ADDON_SETTING_CHECKS),
    coreDns: objectCheck(EKS_ADDON_SETTING_CHECKS),
    podIdentityAgent: objectCheck(EKS_ADDON_SETTING_CHECKS),
  }),
  // The names and each add-on's settings and role are checked by addEksAddons (eks-addons.ts), against the catalogue and the cluster's own add-ons.
  eksAddons: (field, addons) => validateKeys(field, addons, rules.addonName),
  logGroup: validateLogGroupOptions,
  deletionProtection: booleanCheck,
  zonalShift: booleanCheck,
};

/**
 * Checks the cluster's options as a whole: a network given or made (not both, not neither), extra
 * OIDC settings only for a provider it creates, public access CIDRs only with a public endpoint.
 */
export function checkClusterRelations(props: EksClusterProps): void {
  if (props.subnetIds && props.vpc) {
    throw new ValidationError("subnetIds", "and vpc are both set: give subnetIds to use your own network, or vpc to create one, not both");
  }
  if (!props.subnetIds && !props.vpc) {
    throw ValidationError.missing("subnetIds", "give subnetIds (at least two, in two zones) to use your own network, or vpc options to create one");
  }
  if (props.existingOidcProviderArn !== undefined) {
    for (const field of ["oidcExtraClientIds", "oidcExtraThumbprints"] as const) {
      if (props[field] !== undefined) {
        throw new ValidationError(
          field,
          "and existingOidcProviderArn are both set: the extra client IDs and thumbprints apply to a provider the cluster creates; set them on the existing provider instead",
        );
      }
    }
  }
  // ---- access entries: a principal once, across accessEntries and adminPrincipalArns
  validateAccessEntryPrincipals(props.accessEntries, props.adminPrincipalArns);
  // ---- IRSA or Pod Identity first
  if (props.enableIrsa === false) {
    for (const field of ["existingOidcProviderArn", "oidcExtraClientIds", "oidcExtraThumbprints"] as const) {
      if (props[field] !== undefined) {
        throw ValidationError.invalid(
          field,
          props[field],
          "enableIrsa is false, so the cluster has no IAM OIDC provider: leave it out, or set enableIrsa true",
        );
      }
    }
    if (props.vpcCniMechanism === "irsa") {
      throw ValidationError.invalid(
        "vpcCniMechanism",
        props.vpcCniMechanism,
        'enableIrsa is false, so the cluster has no IAM OIDC provider: use "podIdentity"',
      );
    }
  }
  // ---- compute modes: the cluster's own add-ons only where it installs them, a pod execution role only with profiles
  coreAddonSettings(props.coreAddons, props.addonVersions);
  if (props.autoMode !== undefined && Object.keys(props.nodeGroups ?? {}).length === 0) refuseCoreAddonSettings(props);
  if (props.fargatePodExecutionRole !== undefined && Object.keys(props.fargateProfiles ?? {}).length === 0) {
    throw new ValidationError("fargatePodExecutionRole", "is set but there are no fargateProfiles: the role is made for them");
  }
  if (props.endpointPublicAccess === false && props.publicAccessCidrs !== undefined) {
    throw ValidationError.invalid(
      "publicAccessCidrs",
      props.publicAccessCidrs,
      "they limit the public endpoint, and endpointPublicAccess is false: leave them out, or turn the public endpoint on",
    );
  }
}

/** The tag Karpenter's getting-started EC2NodeClass selects subnets by: `karpenter.sh/discovery: <cluster name>`. */
export const KARPENTER_DISCOVERY_TAG = "karpenter.sh/discovery";

/** The `aws_eks_cluster` attribute of EKS's bootstrap admin, which EKS reads only at creation. */
const BOOTSTRAP_FLAG = "access_config[0].bootstrap_cluster_creator_admin_permissions";

/** The Kubernetes version of new clusters: in EKS standard support until 2027-03-27. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/**
 * Claims the cluster's name and the names of the IAM roles the cluster makes for itself, named after
 * it (cluster, node, vpc-cni and add-on roles, Karpenter's default node role), across the app,
 * before anything is made: IAM role names are global to the account, so two clusters of one name, or
 * a workload role named like one of these roles, would fail at apply. A Karpenter `nodeRoleName`
 * given explicitly is claimed by `KarpenterInfrastructure`, under its own field.
 */
function claimClusterNames(cluster: Construct, props: EksClusterProps): void {
  const name = props.clusterName;
  if (isToken(name)) return;
  const other = claimWith(cluster, "eks cluster name", name.toLowerCase(), { scope: "app", what: `the cluster at ${cluster.node.path}`, data: name });
  if (other !== undefined) {
    throw new ValidationError(
      "clusterName",
      `${JSON.stringify(name)} is already the name of ${other.what}${other.data !== name ? ` (spelled ${JSON.stringify(other.data)})` : ""}: ` +
        `a cluster's IAM roles are named after it (${roleNameFor(name, "cluster")}, ${roleNameFor(name, "node")}, ...), and IAM role names are unique in an account, ignoring case; ` +
        "the platform configuration names no account, so every environment is taken to deploy to one: give each cluster its own name",
    );
  }
  // Where each role will be: the add-on roles at `<add-on>/role` whether EKS or Helm installs the add-on.
  const at = (relative: string) => `${cluster.node.path}/${relative}`;
  const roles: [string, string, string][] = [
    ["cluster", "cluster role", at("cluster-role")],
    ["node", "node role", at("node-role")],
    ["vpc-cni", "vpc-cni role", at("vpc-cni-role")],
    ...Object.keys(props.addons ?? {}).map((id): [string, string, string] => [addonResourceName(id), `${id} add-on role`, at(`${addonResourceName(id)}/role`)]),
  ];
  for (const [suffix, what, path] of roles) {
    claimRoleName(cluster, { field: "clusterName", value: name, name: roleNameFor(name, suffix), what: `the ${what} of cluster ${name} (${path})`, path });
  }
  // The roles of the compute modes: named after the cluster unless given a name, which is claimed under its own field.
  const computeRoles: [string, string | undefined, string, string][] = [];
  if (props.autoMode !== undefined) computeRoles.push(["auto-node", props.autoMode.nodeRole?.roleName, "autoMode.nodeRole.roleName", "auto-mode-node-role"]);
  if (Object.keys(props.fargateProfiles ?? {}).length > 0) {
    computeRoles.push(["fargate-pods", props.fargatePodExecutionRole?.roleName, "fargatePodExecutionRole.roleName", "fargate-pod-execution-role"]);
  }
  for (const [suffix, given, field, relative] of computeRoles) {
    const path = at(relative);
    const what = `the ${suffix === "auto-node" ? "Auto Mode node role" : "Fargate pod execution role"} of cluster ${name} (${path})`;
    claimRoleName(
      cluster,
      given === undefined
        ? { field: "clusterName", value: name, name: roleNameFor(name, suffix), what, path }
        : { field, value: given, name: given, what, path },
    );
  }
  if (props.addons?.karpenter !== undefined && props.addons.karpenter.nodeRoleName === undefined) {
    claimRoleName(cluster, {
      field: "clusterName",
      value: name,
      name: defaultKarpenterNodeRoleName(name),
      what: `Karpenter's node role of cluster ${name} (${at("karpenter-infrastructure")})`,
      path: at("karpenter-infrastructure"),
    });
  }
}

/** Fails when `coreAddons` (or the deprecated `addonVersions`) or `podIdentityAgent` is set on an Auto Mode cluster that installs none of its own add-ons. */
function refuseCoreAddonSettings(props: EksClusterProps): void {
  for (const source of ["coreAddons", "addonVersions"] as const) {
    for (const key of Object.keys(props[source] ?? {}) as CoreAddonKey[]) {
      if (props[source]?.[key] === undefined) continue;
      throw new ValidationError(
        `${source}.${key}`,
        `is set, but the cluster runs in Auto Mode without managed node groups: EKS Auto Mode runs ${AUTO_MODE_CORE_ADDONS[key]} itself; leave ${source}.${key} out`,
      );
    }
  }
  if (props.podIdentityAgent !== undefined) {
    throw ValidationError.invalid(
      "podIdentityAgent",
      props.podIdentityAgent,
      "EKS Auto Mode runs the EKS Pod Identity agent itself on a cluster without managed node groups: leave podIdentityAgent out",
    );
  }
}

/** An IAM role name made from the cluster name, within IAM's 64 characters. */
function roleNameFor(clusterName: string, suffix: string): string {
  return truncateWithHash(`${clusterName}-${suffix}`, IAM_LIMITS.roleNameLength);
}
