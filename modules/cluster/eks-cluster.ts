import { Annotations, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import type { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAddon, type EksAddonConfig } from "@cdktf/provider-aws/lib/eks-addon";
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
import { type ClusterLookupOptions, EKS_SYSTEM_SERVICE_ACCOUNTS, type IEksCluster, type ImportedEksClusterAttributes } from "./cluster";
import { IAM_LIMITS, validateTags } from "../iam/iam-limits";
import { ClusterBase } from "./private/cluster-base";
import { ImportedCluster } from "./private/imported-cluster";
import { WorkloadRole } from "../identity/workload-role";
import { validateArn, validateArns } from "../core/arns";
import { checkRule, isToken, rules, truncateWithHash, validateClusterName, validateDistinct, validateNonEmptyList, validateOneOf } from "../core/naming";
import { ManagedNodeGroup, type NodeGroupOptions } from "./node-group";
import { ClusterOidcProvider, type IOidcProvider, validateOidcClientIds, validateOidcThumbprints } from "../identity/oidc-provider";
import type { ReservedServiceAccount } from "../identity/workload-cluster";
import { checkPolicyStatements } from "../iam/policy-check";
import { policyDocumentJson } from "../iam/policy-document";
import { mergeRoleSettings, type RoleSettings, validateRoleSettings } from "../iam/role-settings";
import { ServiceRole } from "../iam/service-role";
import { EksVpc, type EksVpcOptions } from "./vpc";
import { ValidationError } from "../core/errors";

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

/** Versions of the EKS managed add-ons. */
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
   * @default { default: {} } (one group of m6i.large, 1-3 nodes)
   */
  readonly nodeGroups?: { readonly [name: string]: NodeGroupOptions };
  /**
   * Install the `eks-pod-identity-agent` add-on (for EKS Pod Identity, next to IRSA). A binding with
   * mechanism `podIdentity` or `both` installs it when this is not set; `false` refuses such bindings.
   * @default installed when a binding needs it
   */
  readonly podIdentityAgent?: boolean;
  /**
   * Versions of the managed add-ons.
   * @default the default version of each for the cluster's Kubernetes version
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
}

/**
 * An EKS cluster ready for IRSA: the cluster with its IAM role, secrets encryption, access
 * entries, network (created or given), managed node groups whose pods cannot use the node's
 * instance profile, the managed add-ons (vpc-cni through its own IRSA role), and the IAM OIDC
 * provider of its issuer.
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
  /** ARN of the IAM role of the managed nodes. */
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
  /** The role of the vpc-cni add-on (kube-system/aws-node, AmazonEKS_CNI_Policy), through IRSA or Pod Identity (`vpcCniMechanism`). */
  public readonly vpcCniRole: WorkloadRole;
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

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    // The catalogue's add-ons reserve their service accounts too, once their own roles are made.
    this.reservedServiceAccounts = EKS_SYSTEM_SERVICE_ACCOUNTS;
    // The rules are those of the configuration schema (modules/platform/config-schema.ts): one function each.
    validateClusterName("clusterName", props.clusterName);
    const version = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    checkRule("kubernetesVersion", version, rules.kubernetesVersion);
    if (props.upgradePolicy !== undefined) validateOneOf("upgradePolicy.supportType", props.upgradePolicy.supportType, ["STANDARD", "EXTENDED"]);
    validateTags("tags", props.tags);
    validateTags("instanceTags", props.instanceTags);
    // ---- IAM guardrails of every role (roleDefaults and the per-role settings)
    for (const field of ["roleDefaults", "clusterRoleSettings", "nodeRoleSettings", "vpcCniRoleSettings"] as const) validateRoleSettings(field, props[field]);
    this.roleDefaults = props.roleDefaults;
    /** A role's settings: the cluster's tags, then roleDefaults, then the role's own. */
    const roleSettings = (own?: RoleSettings) => mergeRoleSettings({ tags: props.tags }, props.roleDefaults, own);
    const logTypes = props.logTypes ?? ["api", "audit", "authenticator"];
    logTypes.forEach((t, i) => validateOneOf(`logTypes[${i}]`, t, LOG_TYPES));
    validateDistinct("logTypes", logTypes);
    const authenticationMode = props.authenticationMode ?? "API";
    validateOneOf("authenticationMode", authenticationMode, AUTHENTICATION_MODES);
    if (props.subnetIds && props.vpc) {
      throw new ValidationError("subnetIds", "and vpc are both set: give subnetIds to use your own network, or vpc to create one, not both");
    }
    if (!props.subnetIds && !props.vpc) {
      throw ValidationError.missing("subnetIds", "give subnetIds (at least two, in two zones) to use your own network, or vpc options to create one");
    }
    if (props.subnetIds) {
      if (props.subnetIds.length < 2) {
        throw ValidationError.invalid("subnetIds", props.subnetIds, "EKS needs at least two subnets in two availability zones");
      }
      props.subnetIds.forEach((subnet, i) => checkRule(`subnetIds[${i}]`, subnet, rules.subnetId));
      validateDistinct("subnetIds", props.subnetIds);
    }
    if (props.publicAccessCidrs !== undefined) {
      validateNonEmptyList("publicAccessCidrs", props.publicAccessCidrs, "CIDR block");
      props.publicAccessCidrs.forEach((cidr, i) => checkRule(`publicAccessCidrs[${i}]`, cidr, rules.ipv4Cidr));
      validateDistinct("publicAccessCidrs", props.publicAccessCidrs);
    }
    if (props.kmsKeyArn !== undefined) validateArn("kmsKeyArn", props.kmsKeyArn, "kmsKey");
    // ---- access entries (cluster/access-entries.ts)
    validateArns("adminPrincipalArns", props.adminPrincipalArns, "iamPrincipal");
    (props.accessEntries ?? []).forEach((entry, i) => validateAccessEntry(`accessEntries[${i}]`, entry));
    validateAccessEntryPrincipals(props.accessEntries, props.adminPrincipalArns);
    if (props.clusterCreatorAccess !== undefined) validateOneOf("clusterCreatorAccess", props.clusterCreatorAccess, CLUSTER_CREATOR_ACCESS);
    for (const [name, addonVersion] of Object.entries(props.addonVersions ?? {})) {
      if (addonVersion !== undefined) checkRule(`addonVersions.${name}`, addonVersion, rules.addonVersion);
    }
    if (props.existingOidcProviderArn !== undefined) {
      validateArn("existingOidcProviderArn", props.existingOidcProviderArn, "oidcProvider");
      for (const field of ["oidcExtraClientIds", "oidcExtraThumbprints"] as const) {
        if (props[field] !== undefined) {
          throw new ValidationError(
            field,
            "and existingOidcProviderArn are both set: the extra client IDs and thumbprints apply to a provider the cluster creates; set them on the existing provider instead",
          );
        }
      }
    }
    // ---- IRSA or Pod Identity first (enableIrsa, vpcCniMechanism)
    const irsa = props.enableIrsa ?? true;
    if (!irsa) {
      for (const field of ["existingOidcProviderArn", "oidcExtraClientIds", "oidcExtraThumbprints"] as const) {
        if (props[field] !== undefined) {
          throw ValidationError.invalid(
            field,
            props[field],
            "enableIrsa is false, so the cluster has no IAM OIDC provider: leave it out, or set enableIrsa true",
          );
        }
      }
      this.withoutIrsa = `cluster ${props.clusterName} is set up without IRSA (enableIrsa false), so it has no IAM OIDC provider: use mechanism "podIdentity", or set enableIrsa true`;
    }
    const vpcCniMechanism = props.vpcCniMechanism ?? (irsa ? "irsa" : "podIdentity");
    validateOneOf("vpcCniMechanism", vpcCniMechanism, ["irsa", "podIdentity"]);
    if (!irsa && vpcCniMechanism === "irsa") {
      throw ValidationError.invalid("vpcCniMechanism", vpcCniMechanism, 'enableIrsa is false, so the cluster has no IAM OIDC provider: use "podIdentity"');
    }
    validateOidcClientIds("oidcExtraClientIds", props.oidcExtraClientIds);
    validateOidcThumbprints("oidcExtraThumbprints", props.oidcExtraThumbprints);
    const nodeGroups = props.nodeGroups ?? { default: {} };
    for (const name of Object.keys(nodeGroups)) {
      // Said of the key, as the configuration check says it.
      const allowed = rules.nodeGroupName(name);
      if (allowed !== undefined) throw new ValidationError("nodeGroups", `key ${JSON.stringify(name)} is invalid: ${allowed}`);
    }
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
      managedPolicies: ["AmazonEKSClusterPolicy"],
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
      dependsOn: [...clusterRole.attachments, kmsAccess],
    });
    this.clusterName = this.resource.name;
    this.arn = this.resource.arn;
    this.endpoint = this.resource.endpoint;
    this.certificateAuthorityData = this.resource.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.resource.identity.get(0).oidc.get(0).issuer;

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
    this.vpcCniRole = new WorkloadRole(this, "vpc-cni-role", {
      mechanism: vpcCniMechanism,
      roleName: roleNameFor(props.clusterName, "vpc-cni"),
      description: `vpc-cni add-on of EKS cluster ${props.clusterName}`,
      cluster: this,
      clusterOwned: true,
      serviceAccounts: [{ namespace: "kube-system", name: "aws-node" }],
      policyArnsByKey: { AmazonEKS_CNI_Policy: `arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy` },
      ...roleSettings(props.vpcCniRoleSettings),
    });
    const versions = props.addonVersions ?? {};
    const addon = (name: string, addonVersion?: string, extra: Partial<EksAddonConfig> = {}) =>
      new EksAddon(this, `addon-${name}`, {
        clusterName: this.clusterName,
        addonName: name,
        addonVersion,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags,
        ...extra,
      });
    const addons: Record<string, EksAddon> = {};
    // Before the nodes: they need the CNI to become Ready.
    this.installPodIdentityAgent = () => {
      addons["eks-pod-identity-agent"] ??= addon("eks-pod-identity-agent", versions.podIdentityAgent);
    };
    this.podIdentityAgentAllowed = props.podIdentityAgent !== false;
    if (props.podIdentityAgent) this.installPodIdentityAgent();
    // Through Pod Identity, vpc-cni gets its credentials from the agent (which runs on the host
    // network, so it needs no CNI): the agent first.
    if (vpcCniMechanism === "podIdentity") this.usePodIdentity("vpcCniMechanism");
    addons["vpc-cni"] = addon(
      "vpc-cni",
      versions.vpcCni,
      vpcCniMechanism === "irsa"
        ? { serviceAccountRoleArn: this.vpcCniRole.arn }
        : { podIdentityAssociation: [{ roleArn: this.vpcCniRole.arn, serviceAccount: "aws-node" }], dependsOn: [addons["eks-pod-identity-agent"]] },
    );
    addons["kube-proxy"] = addon("kube-proxy", versions.kubeProxy);

    const nodeRole = new ServiceRole(this, "node-role", {
      name: roleNameFor(props.clusterName, "node"),
      service: "ec2.amazonaws.com",
      // No AmazonEKS_CNI_Policy: that belongs to the vpc-cni add-on's IRSA role.
      managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"],
      partition,
      ...roleSettings(props.nodeRoleSettings),
    });
    this.nodeRoleArn = nodeRole.role.arn;

    const groups: Record<string, ManagedNodeGroup> = {};
    for (const [name, options] of Object.entries(nodeGroups)) {
      groups[name] = new ManagedNodeGroup(this, `node-group-${name}`, {
        ...options,
        tags: { ...props.tags, ...options.tags },
        instanceTags: props.instanceTags,
        clusterName: this.clusterName,
        nodeGroupName: name,
        nodeRoleArn: this.nodeRoleArn,
        subnetIds: this.subnetIds,
        dependsOn: [...nodeRole.attachments, addons["vpc-cni"]],
      });
    }
    this.nodeGroups = groups;

    // After the nodes: coredns pods need somewhere to run, or the add-on stays degraded.
    const nodes: ITerraformDependable[] = Object.values(groups).map((g) => g.nodeGroup);
    addons.coredns = addon("coredns", versions.coreDns, { dependsOn: nodes });
    this.addons = addons;

    // The catalogue's add-ons, before their service accounts are reserved: their own roles bind them.
    this.catalogueAddons = props.addons
      ? addClusterAddons(this, props.addons, {
          roleName: (suffix) => roleNameFor(props.clusterName, suffix),
          // An add-on bound through Pod Identity waits for the agent that hands out its credentials.
          installAddon: (name, addonVersion, extra) =>
            (addons[name] = addon(name, addonVersion, {
              ...extra,
              dependsOn: [...(extra.dependsOn ?? []), ...(extra.podIdentityAssociation ? [addons["eks-pod-identity-agent"]] : [])],
            })),
          dependsOn: nodes,
          tags,
          // Without IRSA, the add-ons' roles can only be handed out through Pod Identity.
          defaultMechanism: irsa ? "irsa" : "podIdentity",
          roleSettings: (own) => roleSettings(own),
          // The Load Balancer Controller's security group rules are scoped to the cluster's VPC: the one
          // it made, or that of the given subnets.
          vpcId: this.vpc?.vpc.id ?? (props.addons?.loadBalancerController ? new DataAwsSubnet(this, "subnet", { id: this.subnetIds[0] }).vpcId : undefined),
        })
      : {};
    this.reservedServiceAccounts = [...EKS_SYSTEM_SERVICE_ACCOUNTS, ...reservedAddonServiceAccounts(this.catalogueAddons)];
  }

  private readonly installPodIdentityAgent: () => void;
  private readonly podIdentityAgentAllowed: boolean;

  /** Installs the `eks-pod-identity-agent` add-on, or fails when the cluster is set not to (`podIdentityAgent: false`). */
  public usePodIdentity(field: string): void {
    if (!this.podIdentityAgentAllowed) {
      throw ValidationError.invalid(
        field,
        "Pod Identity",
        `cluster ${this.node.path} is set not to install the eks-pod-identity-agent add-on (podIdentityAgent false): allow it, or use mechanism "irsa"`,
      );
    }
    this.installPodIdentityAgent();
  }
}

/** The tag Karpenter's getting-started EC2NodeClass selects subnets by: `karpenter.sh/discovery: <cluster name>`. */
export const KARPENTER_DISCOVERY_TAG = "karpenter.sh/discovery";

/** The `aws_eks_cluster` attribute of EKS's bootstrap admin, which EKS reads only at creation. */
const BOOTSTRAP_FLAG = "access_config[0].bootstrap_cluster_creator_admin_permissions";

/** The Kubernetes version of new clusters: in EKS standard support until 2027-03-27. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** An IAM role name made from the cluster name, within IAM's 64 characters. */
function roleNameFor(clusterName: string, suffix: string): string {
  return truncateWithHash(`${clusterName}-${suffix}`, IAM_LIMITS.roleNameLength);
}
