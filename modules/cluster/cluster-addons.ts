import { Construct } from "constructs";
import type { EksAddon, EksAddonConfig } from "@cdktf/provider-aws/lib/eks-addon";
import { Fn, type ITerraformDependable } from "cdktf";
import { ADDON_PRESETS, type AddonPresetId, type AddonSelection, isAddonPresetId } from "../addons/catalogue";
import type { CertManagerInputs } from "../addons/cert-manager";
import type { CloudWatchObservabilityInputs } from "../addons/cloudwatch-observability";
import type { ClusterAutoscalerInputs } from "../addons/cluster-autoscaler";
import type { EbsCsiDriverInputs } from "../addons/ebs-csi-driver";
import type { EfsCsiDriverInputs } from "../addons/efs-csi-driver";
import type { ExternalDnsInputs } from "../addons/external-dns";
import type { ExternalSecretsInputs } from "../addons/external-secrets";
import type { FsxLustreCsiDriverInputs } from "../addons/fsx-lustre-csi-driver";
import type { LoadBalancerControllerInputs, LoadBalancerControllerTargetGroupBindingInputs } from "../addons/load-balancer-controller";
import type { ManagedPrometheusInputs } from "../addons/managed-prometheus";
import type { MountpointS3CsiDriverInputs } from "../addons/mountpoint-s3-csi-driver";
import type { NodeTerminationHandlerInputs } from "../addons/node-termination-handler";
import { type AddonPreset, helmValues, type PresetContext } from "../addons/preset";
import type { VeleroInputs } from "../addons/velero";
import type { ReservedServiceAccount } from "../identity/workload-cluster";
import type { IEksCluster } from "./cluster";
import { ValidationError, withField } from "../core/errors";
import { checkKarpenterRelations, KARPENTER_OPTION_CHECKS, KarpenterInfrastructure, type KarpenterInfrastructureProps } from "./karpenter";
import { booleanCheck, checkInputs, type InputChecks, isToken, objectCheck, oneOfCheck, ruleCheck, rules } from "../core/naming";
import { type RoleSettings, validateRoleSettings } from "../iam/role-settings";
import type { ServiceAccountSubject } from "../iam/trust-policy";
import { WorkloadIdentity } from "../identity/workload-identity";
import { WorkloadRole } from "../identity/workload-role";
import { EKS_ADDON_SETTING_CHECKS, EKS_ADDON_SETTING_KEYS, type EksAddonArguments, eksAddonArguments, type EksAddonSettings } from "./eks-addon-settings";

/** How an add-on of the catalogue runs on a cluster, besides its preset's inputs. */
export interface AddonSettings {
  /**
   * How the add-on's pods get its role: IRSA, or EKS Pod Identity (which installs the
   * eks-pod-identity-agent add-on).
   * @default "irsa", or "podIdentity" on a cluster with `enableIrsa` false
   */
  readonly mechanism?: "irsa" | "podIdentity";
  /**
   * The service account the add-on runs as, when its Helm chart is told to use another than its
   * default (`serviceAccount.name` in the chart's values). Not for an add-on EKS installs, whose
   * service account is fixed.
   * @default the preset's: the chart's default namespace and name
   */
  readonly serviceAccount?: ServiceAccountSubject;
  /**
   * The permissions boundary, path and tags of the add-on's role, over the cluster's `roleDefaults`.
   * @default the cluster's `roleDefaults`
   */
  readonly roleSettings?: RoleSettings;
}

/** Settings of an add-on that EKS can install and upgrade itself (`aws_eks_addon`), and how EKS installs it. */
export interface ManagedAddonSettings extends AddonSettings, EksAddonSettings {
  /**
   * Install the EKS managed add-on, its role bound through the add-on (`service_account_role_arn`
   * for IRSA, a `pod_identity_association` for Pod Identity). `false` makes the role only, for an
   * installation with Helm (the chart's values are then an output of the cluster stack).
   * @default true
   */
  readonly install?: boolean;
}

/** Karpenter on a cluster: its controller role, and what it needs on the AWS side (`KarpenterInfrastructure`). */
export interface KarpenterAddonSettings extends AddonSettings, Omit<KarpenterInfrastructureProps, "clusterName" | "tags" | "cniPolicy"> {
  /**
   * Tag the cluster's private subnets `karpenter.sh/discovery: <cluster name>` for EC2NodeClasses'
   * `subnetSelectorTerms`: those of the VPC the cluster makes, or given `subnetIds` (through
   * `aws_ec2_tag`). Turn off for subnets that several clusters share (blue/green), which would
   * otherwise take turns setting the tag's value; select them by ID or another tag instead.
   * @default true
   */
  readonly subnetDiscoveryTag?: boolean;
}

/**
 * Add-ons of the catalogue (`ADDON_PRESETS`) on a cluster: each gets a least-privilege role from its
 * preset, scoped to the cluster, trusted by the add-on's service account only. Add-ons EKS manages
 * are installed too (unless `install: false`); for the others, installed with Helm, the cluster
 * stack outputs the role's ARN and the chart's service account values. Each field holds the preset's
 * inputs and the settings of its kind: `{ externalDns: { hostedZoneArns: [...] } }`.
 */
export interface ClusterAddons {
  /**
   * AWS Load Balancer Controller (Helm), with every permission it needs to manage ALBs and NLBs.
   * @default not installed
   */
  readonly loadBalancerController?: LoadBalancerControllerInputs & AddonSettings;
  /**
   * AWS Load Balancer Controller (Helm) limited to TargetGroupBinding resources: target groups made elsewhere.
   * @default not installed
   */
  readonly loadBalancerControllerTargetGroupBinding?: LoadBalancerControllerTargetGroupBindingInputs & AddonSettings;
  /**
   * external-dns (Helm) with Route 53, limited to the given hosted zones.
   * @default not installed
   */
  readonly externalDns?: ExternalDnsInputs & AddonSettings;
  /**
   * cert-manager (Helm) with Route 53 DNS-01 challenges in the given hosted zones.
   * @default not installed
   */
  readonly certManager?: CertManagerInputs & AddonSettings;
  /**
   * Kubernetes cluster-autoscaler (Helm) for the cluster's Auto Scaling groups.
   * @default not installed
   */
  readonly clusterAutoscaler?: ClusterAutoscalerInputs & AddonSettings;
  /**
   * Karpenter (Helm): its controller role, node role and access entry, and interruption queue with its rules.
   * @default not installed
   */
  readonly karpenter?: KarpenterAddonSettings;
  /**
   * Amazon EBS CSI driver (EKS add-on `aws-ebs-csi-driver`).
   * @default not installed
   */
  readonly ebsCsiDriver?: EbsCsiDriverInputs & ManagedAddonSettings;
  /**
   * Amazon EFS CSI driver (EKS add-on `aws-efs-csi-driver`).
   * @default not installed
   */
  readonly efsCsiDriver?: EfsCsiDriverInputs & ManagedAddonSettings;
  /**
   * Mountpoint for Amazon S3 CSI driver (EKS add-on `aws-mountpoint-s3-csi-driver`), limited to the given buckets.
   * @default not installed
   */
  readonly mountpointS3CsiDriver?: MountpointS3CsiDriverInputs & ManagedAddonSettings;
  /**
   * Amazon FSx for Lustre CSI driver (EKS add-on `aws-fsx-csi-driver`).
   * @default not installed
   */
  readonly fsxLustreCsiDriver?: FsxLustreCsiDriverInputs & ManagedAddonSettings;
  /**
   * External Secrets Operator (Helm), reading the given secrets and parameters.
   * @default not installed
   */
  readonly externalSecrets?: ExternalSecretsInputs & AddonSettings;
  /**
   * Velero (Helm), backing up to the given buckets.
   * @default not installed
   */
  readonly velero?: VeleroInputs & AddonSettings;
  /**
   * Prometheus (Helm) writing to and querying Amazon Managed Service for Prometheus workspaces.
   * @default not installed
   */
  readonly managedPrometheus?: ManagedPrometheusInputs & AddonSettings;
  /**
   * Amazon CloudWatch Observability (EKS add-on `amazon-cloudwatch-observability`).
   * @default not installed
   */
  readonly cloudWatchObservability?: CloudWatchObservabilityInputs & ManagedAddonSettings;
  /**
   * AWS Node Termination Handler in queue mode (Helm), reading the given queues.
   * @default not installed
   */
  readonly nodeTerminationHandler?: NodeTerminationHandlerInputs & AddonSettings;
}

/** The setting keys of each kind of add-on: everything else of an add-on's field is its preset's inputs. */
export const ADDON_SETTING_KEYS = {
  /** Of every add-on. */
  helm: ["mechanism", "serviceAccount", "roleSettings"],
  /** Of an add-on EKS can install. */
  managed: ["mechanism", "serviceAccount", "roleSettings", "install", ...EKS_ADDON_SETTING_KEYS],
  /** Of Karpenter, which takes no preset inputs: they come from its infrastructure. */
  karpenter: [
    "mechanism",
    "serviceAccount",
    "roleSettings",
    "nodeRoleName",
    "nodeRoleSettings",
    "ssmManagedInstanceCore",
    "accessEntry",
    "interruptionHandling",
    "queueName",
    "subnetDiscoveryTag",
  ],
} as const satisfies Record<string, readonly string[]>;

/**
 * The checks of an add-on's settings that stand alone, one per setting (see `InputChecks`):
 * addClusterAddons runs them, and the configuration schema runs each on its field of the add-on.
 */
export const ADDON_SETTING_CHECKS: InputChecks<ManagedAddonSettings> = {
  mechanism: oneOfCheck(["irsa", "podIdentity"] as const),
  serviceAccount: objectCheck<ServiceAccountSubject>({ namespace: ruleCheck(rules.namespace), name: ruleCheck(rules.serviceAccountName) }),
  roleSettings: validateRoleSettings,
  install: booleanCheck,
  ...EKS_ADDON_SETTING_CHECKS,
};

/** The checks of Karpenter's settings that stand alone: an add-on's, and its infrastructure's. */
export const KARPENTER_SETTING_CHECKS: InputChecks<KarpenterAddonSettings> = {
  mechanism: ADDON_SETTING_CHECKS.mechanism,
  serviceAccount: ADDON_SETTING_CHECKS.serviceAccount,
  roleSettings: ADDON_SETTING_CHECKS.roleSettings,
  subnetDiscoveryTag: booleanCheck,
  nodeRoleName: KARPENTER_OPTION_CHECKS.nodeRoleName,
  nodeRoleSettings: KARPENTER_OPTION_CHECKS.nodeRoleSettings,
  ssmManagedInstanceCore: KARPENTER_OPTION_CHECKS.ssmManagedInstanceCore,
  accessEntry: KARPENTER_OPTION_CHECKS.accessEntry,
  interruptionHandling: KARPENTER_OPTION_CHECKS.interruptionHandling,
  queueName: KARPENTER_OPTION_CHECKS.queueName,
};

/**
 * Checks an add-on's settings as a whole: an add-on EKS installs keeps its own service account,
 * and only it takes a version and configuration values; one the catalogue knows no Helm chart for
 * is installed by EKS. addClusterAddons runs it, and the configuration schema runs it on each add-on.
 */
export function checkAddonSettingsRelations(id: AddonPresetId, settings: { readonly [key: string]: unknown }): void {
  const preset = ADDON_PRESETS[id] as AddonPreset<unknown>;
  const install = preset.managedAddon !== undefined && settings.install !== false;
  if (!install && preset.managedAddon !== undefined && !preset.helmChart) {
    throw ValidationError.invalid(
      "install",
      false,
      `${preset.title} is installed as the EKS add-on ${preset.managedAddon.name} only (the catalogue knows no Helm chart for it): leave install out`,
    );
  }
  const eksSetting = EKS_ADDON_SETTING_KEYS.find((key) => settings[key] !== undefined);
  if (!install && eksSetting !== undefined) throw new ValidationError(eksSetting, "is set but install is false: EKS does not install the add-on");
  if (install && settings.serviceAccount !== undefined) {
    throw ValidationError.invalid(
      "serviceAccount",
      settings.serviceAccount,
      `EKS installs ${preset.managedAddon!.name} with its own service account ${preset.managedAddon!.serviceAccount.namespace}/${preset.managedAddon!.serviceAccount.name}: set install false to install it with Helm under another name`,
    );
  }
  if (id === "karpenter") checkKarpenterRelations(settings);
}

/** One add-on of the catalogue on a cluster. */
export interface ClusterAddon {
  /** The preset. */
  readonly preset: AddonPreset<unknown>;
  /** The service account the add-on runs as, which the role trusts. */
  readonly serviceAccount: ServiceAccountSubject;
  /** How its pods get the role. */
  readonly mechanism: "irsa" | "podIdentity";
  /** The role. */
  readonly role: WorkloadRole;
  /** The EKS managed add-on, when EKS installs it. */
  readonly managedAddon?: EksAddon;
  /**
   * The Helm chart's values for the service account (and, for Karpenter, its settings), when the
   * add-on is installed with Helm: `{ serviceAccount: { create: true, name, annotations } }`.
   */
  readonly helmValues?: { readonly [key: string]: unknown };
  /** Karpenter's node role, access entry and interruption queue, for the `karpenter` add-on. */
  readonly karpenter?: KarpenterInfrastructure;
}

/** What {@link addClusterAddons} needs of the cluster besides the `IEksCluster`. */
export interface ClusterAddonsContext {
  /** Makes an IAM role name from the cluster's name and a suffix. */
  readonly roleName: (suffix: string) => string;
  /** Installs a managed add-on with the cluster's common settings (cluster name, tags), as `EksCluster` installs its own. */
  readonly installAddon: (name: string, settings: EksAddonArguments, extra: Partial<EksAddonConfig>) => EksAddon;
  /** What managed add-ons of the catalogue wait for: the node groups and Fargate profiles (their controllers need somewhere to run). */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Why an add-on has no place on this cluster (Auto Mode runs it), or undefined.
   * @default every add-on has a place
   */
  readonly refusal?: (id: AddonPresetId) => string | undefined;
  /** Tags of Karpenter's resources. */
  readonly tags?: { readonly [key: string]: string };
  /** The mechanism of an add-on that sets none: `irsa`, or `podIdentity` on a cluster without IRSA. */
  readonly defaultMechanism: "irsa" | "podIdentity";
  /** A role's boundary, path and tags: the cluster's tags and `roleDefaults`, under the role's own settings. */
  readonly roleSettings: (own?: RoleSettings) => RoleSettings;
  /**
   * The cluster's VPC (the one it created, or that of its subnets): the Load Balancer Controller's
   * security group statement is scoped to it, and its chart is told it.
   * @default unknown (the controller's `vpcId` input, if given)
   */
  readonly vpcId?: string;
}

/** `loadBalancerController` -> `load-balancer-controller`: construct IDs, role names and (with `_`) output names. */
export function addonResourceName(id: string, separator: "-" | "_" = "-"): string {
  return id.replace(/[A-Z]/g, (c) => `${separator}${c.toLowerCase()}`);
}

/**
 * Adds the add-ons of a selection to a cluster (`EksCluster` calls it with its `addons` prop), in
 * the catalogue's order. Construct IDs come from the preset IDs (`loadBalancerController` ->
 * `load-balancer-controller`): the role is at `<name>/role` whether EKS installs the add-on (then
 * `addon-<EKS add-on name>` is the add-on, like vpc-cni's) or a Helm chart does (then `<name>` is a
 * `WorkloadIdentity` without Kubernetes service accounts), so switching `install` keeps it;
 * `karpenter-infrastructure` is Karpenter's node role and queue. Errors name fields below `addons`.
 */
export function addClusterAddons(
  cluster: IEksCluster & Construct,
  addons: ClusterAddons,
  context: ClusterAddonsContext,
): { readonly [id: string]: ClusterAddon } {
  if (addons === null || typeof addons !== "object" || Array.isArray(addons)) {
    throw ValidationError.invalid("addons", addons, "give an object of add-ons and their inputs, { loadBalancerController: {} }");
  }
  for (const id of Object.keys(addons)) {
    if (!isAddonPresetId(id)) throw ValidationError.invalid("addons", id, `known add-ons are ${Object.keys(ADDON_PRESETS).join(", ")}`);
  }
  if (addons.loadBalancerController && addons.loadBalancerControllerTargetGroupBinding) {
    throw new ValidationError(
      "addons.loadBalancerControllerTargetGroupBinding",
      "is set next to loadBalancerController: both are the AWS Load Balancer Controller (one service account); give one",
    );
  }
  const result: Record<string, ClusterAddon> = {};
  const taken = new Map<string, string>();
  for (const id of Object.keys(ADDON_PRESETS) as AddonPresetId[]) {
    const given = (addons as Record<string, Record<string, unknown> | undefined>)[id];
    if (given === undefined) continue;
    const refusal = context.refusal?.(id);
    if (refusal !== undefined) throw new ValidationError(`addons.${id}`, `is set, but the cluster runs in Auto Mode: ${refusal}`);
    result[id] = withField(`addons.${id}`, () => addClusterAddon(cluster, id, given, context, taken));
  }
  return result;
}

function addClusterAddon(
  cluster: IEksCluster & Construct,
  id: AddonPresetId,
  given: Record<string, unknown>,
  context: ClusterAddonsContext,
  taken: Map<string, string>,
): ClusterAddon {
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    throw ValidationError.invalid("", given, "give an object of the add-on's inputs and settings ({} for the defaults)");
  }
  const preset = ADDON_PRESETS[id] as AddonPreset<unknown>;
  const managed = preset.managedAddon !== undefined;
  const settingKeys: readonly string[] = ADDON_SETTING_KEYS[id === "karpenter" ? "karpenter" : managed ? "managed" : "helm"];
  const settings: Record<string, unknown> = {};
  let inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (settingKeys.includes(key)) settings[key] = value;
    else inputs[key] = value;
  }
  // Karpenter's preset inputs (node role, queue) come from its infrastructure, never from here.
  const inputKeys = id === "karpenter" ? [] : Object.keys((preset.schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
  const unknown = Object.keys(inputs).filter((key) => !inputKeys.includes(key));
  if (unknown.length > 0) {
    throw new ValidationError(
      "",
      `has unknown ${unknown.length === 1 ? "key" : "keys"} ${unknown.map((k) => JSON.stringify(k)).join(", ")}: allowed keys are ` +
        `${[...inputKeys, ...settingKeys].join(", ")} (the preset's inputs, then the add-on's settings)`,
    );
  }
  // The preset's inputs, checked before anything is made (Karpenter's come from its infrastructure);
  // then each setting, and the settings as a whole, as the configuration schema checks them.
  if (id !== "karpenter") preset.validate(inputs);
  if (id === "karpenter") checkInputs("", settings as KarpenterAddonSettings, KARPENTER_SETTING_CHECKS);
  else checkInputs("", settings as ManagedAddonSettings, ADDON_SETTING_CHECKS);
  checkAddonSettingsRelations(id, settings);
  const mechanism = (settings.mechanism ?? context.defaultMechanism) as "irsa" | "podIdentity";
  const install = managed && settings.install !== false;
  const eksSettings = Object.fromEntries(EKS_ADDON_SETTING_KEYS.map((key) => [key, settings[key]])) as EksAddonSettings;
  const eksArguments = install ? eksAddonArguments(eksSettings) : undefined;
  let serviceAccount = preset.serviceAccount;
  if (settings.serviceAccount !== undefined) {
    const sa = settings.serviceAccount as ServiceAccountSubject;
    serviceAccount = { namespace: sa.namespace, name: sa.name };
  } else if (install) {
    serviceAccount = preset.managedAddon!.serviceAccount;
  }
  // Checked here, under the add-on's own field: another add-on's, or one EKS owns.
  const subject = `${serviceAccount.namespace}/${serviceAccount.name}`;
  const owner = cluster.reservedServiceAccounts.find((r) => r.namespace === serviceAccount.namespace && r.name === serviceAccount.name);
  if (owner) throw ValidationError.invalid("serviceAccount", subject, `it belongs to ${owner.owner}: give the add-on a service account of its own`);
  const other = taken.get(subject);
  if (other !== undefined)
    throw ValidationError.invalid("serviceAccount", subject, `addons.${other} runs as it already: each add-on has a service account of its own`);
  taken.set(subject, id);

  const name = addonResourceName(id);
  let karpenter: KarpenterInfrastructure | undefined;
  if (id === "karpenter") {
    const { mechanism: _m, serviceAccount: _s, subnetDiscoveryTag: _t, roleSettings: _r, ...infrastructure } = settings;
    karpenter = new KarpenterInfrastructure(cluster, "karpenter-infrastructure", {
      ...(infrastructure as Omit<KarpenterInfrastructureProps, "clusterName">),
      clusterName: cluster.clusterName,
      // The cluster's vpc-cni has a role of its own.
      cniPolicy: false,
      tags: context.tags,
      nodeRoleSettings: context.roleSettings(infrastructure.nodeRoleSettings as RoleSettings | undefined),
    });
    inputs = { ...karpenter.controllerInputs };
  }
  if (id === "loadBalancerController" && inputs.vpcId === undefined && context.vpcId !== undefined) inputs = { ...inputs, vpcId: context.vpcId };
  const addonPolicies = { [id]: inputs } as AddonSelection;
  const roleOptions = {
    roleName: context.roleName(name),
    description: `${preset.title} add-on of EKS cluster ${cluster.clusterName}`,
    mechanism,
    addonPolicies,
    ...context.roleSettings(settings.roleSettings as RoleSettings | undefined),
  };

  if (install) {
    // At `<name>/role`, where a binding of the same add-on installed with Helm has it: switching
    // `install` keeps the role and its policies.
    const role = new WorkloadRole(new Construct(cluster, name), "role", { ...roleOptions, cluster, clusterOwned: true, serviceAccounts: [serviceAccount] });
    if (mechanism === "podIdentity") cluster.usePodIdentity("mechanism", [serviceAccount]);
    const managedAddon = context.installAddon(preset.managedAddon!.name, eksArguments!, {
      serviceAccountRoleArn: mechanism === "irsa" ? role.arn : undefined,
      podIdentityAssociation: mechanism === "podIdentity" ? [{ roleArn: role.arn, serviceAccount: serviceAccount.name }] : undefined,
      dependsOn: [...context.dependsOn],
    });
    return { preset, serviceAccount, mechanism, role, managedAddon };
  }
  const binding = new WorkloadIdentity(cluster, name, {
    ...roleOptions,
    cluster,
    serviceAccounts: [serviceAccount],
    // The chart creates the service account (see helmValues).
    createServiceAccounts: false,
  });
  const values: Record<string, unknown> = {
    ...helmValues(preset, { serviceAccountName: serviceAccount.name, roleArn: mechanism === "irsa" ? binding.role.arn : undefined }),
    ...chartSettings(id, cluster, inputs, binding.role.presetContext!, karpenter),
  };
  return { preset, serviceAccount, mechanism, role: binding.role, helmValues: values, karpenter };
}

/**
 * What a chart needs to know besides its service account, where the add-on cannot find it out or
 * would use more than its role allows: the node groups' metadata service is closed to pods (IMDSv2,
 * hop limit 1), so the Load Balancer Controller, cluster-autoscaler and the Node Termination Handler
 * are told the region (and the controller the VPC); external-dns is limited to the zones its role may
 * change (or it lists every zone and is refused on the others) and owns its records as the cluster;
 * Velero uses the role instead of a credentials secret; the Node Termination Handler runs in queue
 * mode, the one its role is for.
 */
function chartSettings(
  id: AddonPresetId,
  cluster: IEksCluster,
  inputs: Record<string, unknown>,
  ctx: PresetContext,
  karpenter?: KarpenterInfrastructure,
): Record<string, unknown> {
  switch (id) {
    case "loadBalancerController":
      return { clusterName: cluster.clusterName, region: ctx.region, ...(inputs.vpcId !== undefined ? { vpcId: inputs.vpcId } : {}) };
    case "loadBalancerControllerTargetGroupBinding":
      return { clusterName: cluster.clusterName, region: ctx.region };
    case "clusterAutoscaler":
      return { autoDiscovery: { clusterName: cluster.clusterName }, awsRegion: ctx.region };
    case "karpenter":
      return karpenter!.chartSettings;
    case "externalDns": {
      const zones = (inputs.hostedZoneArns as readonly string[]).map((arn) =>
        isToken(arn) ? Fn.element(Fn.split("/", arn), 1) : arn.slice(arn.lastIndexOf("/") + 1),
      );
      return { txtOwnerId: cluster.clusterName, extraArgs: zones.map((zone) => `--zone-id-filter=${zone}`) };
    }
    case "velero":
      return { credentials: { useSecret: false } };
    case "nodeTerminationHandler": {
      const queues = inputs.queueArns as readonly string[];
      const url = queues.length === 1 && !isToken(queues[0]) ? sqsQueueUrl(queues[0]) : undefined;
      return { enableSqsTerminationDraining: true, awsRegion: ctx.region, ...(url !== undefined ? { queueURL: url } : {}) };
    }
    default:
      return {};
  }
}

/** `arn:aws:sqs:eu-west-1:123456789012:nth` -> `https://sqs.eu-west-1.amazonaws.com/123456789012/nth` (`.com.cn` in China). */
function sqsQueueUrl(arn: string): string {
  const [, partition, , region, account, name] = arn.split(":");
  return `https://sqs.${region}.amazonaws.com${partition === "aws-cn" ? ".cn" : ""}/${account}/${name}`;
}

/**
 * The service accounts the add-ons own (their own, the preset's others, and the managed add-on's),
 * which no user workload may bind: a second role on one of them would hand the add-on's pods
 * other permissions, or a workload the add-on's.
 */
export function reservedAddonServiceAccounts(added: { readonly [id: string]: ClusterAddon }): ReservedServiceAccount[] {
  const reserved: ReservedServiceAccount[] = [];
  const seen = new Set<string>();
  for (const [id, addon] of Object.entries(added)) {
    for (const sa of [addon.serviceAccount, ...(addon.preset.otherServiceAccounts ?? [])]) {
      const key = `${sa.namespace}/${sa.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reserved.push({
        namespace: sa.namespace,
        name: sa.name,
        owner: `the ${addon.preset.title} add-on`,
        instead: `the cluster's addons.${id} gives it its role (${addon.role.node.path})`,
      });
    }
  }
  return reserved;
}
