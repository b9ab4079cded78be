import { type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { checkInputs, type InputChecks, isToken, listCheck, oneOfCheck, rangeCheck, ruleCheck, rules, validateLabels } from "../core/naming";
import { ValidationError } from "../core/errors";
import { validateArn } from "../core/arns";
import { validateTags } from "../iam/iam-limits";
import { writeAsData } from "../core/literal-text";

/** Whether nodes are on-demand or spot instances. */
export type CapacityType = "ON_DEMAND" | "SPOT";
/** What a taint does to pods that do not tolerate it. */
export type TaintEffect = "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";

/** A Kubernetes taint on every node of a group. */
export interface NodeTaint {
  /** The taint's key. */
  readonly key: string;
  /**
   * The taint's value.
   * @default none
   */
  readonly value?: string;
  /** What the taint does to pods that do not tolerate it. */
  readonly effect: TaintEffect;
}

/** Options of one EKS managed node group. */
export interface NodeGroupOptions {
  /**
   * EC2 instance types, in order of preference (several help spot capacity).
   * @default ["m6i.large"]
   */
  readonly instanceTypes?: readonly string[];
  /**
   * On-demand or spot capacity.
   * @default "ON_DEMAND"
   */
  readonly capacityType?: CapacityType;
  /**
   * The fewest nodes the group scales in to.
   * @default 1
   */
  readonly minSize?: number;
  /**
   * The most nodes the group scales out to.
   * @default 3
   */
  readonly maxSize?: number;
  /**
   * Nodes at creation. Later changes (by an autoscaler) are left alone by Terraform.
   * @default minSize
   */
  readonly desiredSize?: number;
  /**
   * Kubernetes labels of the nodes.
   * @default none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Kubernetes taints of the nodes.
   * @default none
   */
  readonly taints?: readonly NodeTaint[];
  /**
   * Root volume size in GiB (gp3, encrypted).
   * @default 50
   */
  readonly diskSizeGib?: number;
  /**
   * The EKS AMI type.
   * @default "AL2023_x86_64_STANDARD"
   */
  readonly amiType?: string;
  /**
   * Tags of the node group and, through the launch template, of its instances and volumes.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * Further tags of the instances and volumes only (through the launch template), for example the
   * provider's default tags, which do not reach resources that EKS launches.
   * @default none
   */
  readonly instanceTags?: { readonly [key: string]: string };
}

/** Props of {@link ManagedNodeGroup}. */
export interface ManagedNodeGroupProps extends NodeGroupOptions {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The group's name, unique in the cluster. */
  readonly nodeGroupName: string;
  /** ARN of the IAM role the nodes run as. */
  readonly nodeRoleArn: string;
  /** Subnets of the nodes, usually the private ones. */
  readonly subnetIds: readonly string[];
  /**
   * Resources that must exist before the nodes join (node role policy attachments, the vpc-cni add-on).
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const CAPACITY_TYPES: readonly CapacityType[] = ["ON_DEMAND", "SPOT"];
const TAINT_EFFECTS: readonly TaintEffect[] = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"];

/** The checks of a taint's fields. */
export const TAINT_CHECKS: InputChecks<NodeTaint> = {
  key: ruleCheck(rules.kubernetesKey),
  value: ruleCheck(rules.labelValue),
  effect: oneOfCheck(TAINT_EFFECTS),
};

/** Checks a node group's taints: at most 50, each a Kubernetes key, a label value and an effect. */
export function validateTaints(field: string, taints: readonly NodeTaint[]): void {
  if (!Array.isArray(taints)) throw ValidationError.invalid(field, taints, "expected a list [...]");
  if (taints.length > 50) throw ValidationError.invalid(field, `${taints.length} taints`, "a node group has at most 50 taints");
  taints.forEach((taint, i) => {
    if (typeof taint !== "object" || taint === null) throw ValidationError.invalid(`${field}[${i}]`, taint, "a taint is { key, value, effect }");
    if (taint.effect === undefined) throw ValidationError.missing(`${field}[${i}].effect`, `one of ${TAINT_EFFECTS.join(", ")}`);
    checkInputs(`${field}[${i}]`, taint, TAINT_CHECKS);
  });
}

/**
 * The checks of a node group's options that stand alone, one per option (see `InputChecks`):
 * ManagedNodeGroup runs them, and the configuration schema runs each on its field of a node group.
 */
export const NODE_GROUP_OPTION_CHECKS: InputChecks<NodeGroupOptions> = {
  instanceTypes: listCheck({ min: 1, tooFew: "give at least one EC2 instance type", rule: rules.instanceType }),
  capacityType: oneOfCheck(CAPACITY_TYPES),
  minSize: rangeCheck(0, 1000),
  maxSize: rangeCheck(1, 1000),
  desiredSize: rangeCheck(0, 1000),
  labels: validateLabels,
  taints: validateTaints,
  diskSizeGib: rangeCheck(1, 16384),
  amiType: ruleCheck(rules.amiType),
  tags: validateTags,
  instanceTags: validateTags,
};

/** The checks of what places a node group: its cluster, name, node role and subnets (values only known at apply time pass). */
const NODE_GROUP_PLACEMENT_CHECKS: Partial<InputChecks<ManagedNodeGroupProps>> = {
  clusterName: ruleCheck(rules.clusterName),
  nodeGroupName: ruleCheck(rules.nodeGroupName),
  nodeRoleArn: (field, arn) => validateArn(field, arn, "iamRole"),
  subnetIds: listCheck({ rule: rules.subnetId }),
};

/**
 * Checks a node group's options as a whole: minSize <= desiredSize <= maxSize (with their defaults),
 * and at most 50 tags on the instances, which carry both tags and instanceTags.
 */
export function checkNodeGroupRelations(field: string, options: NodeGroupOptions): void {
  const minSize = options.minSize ?? 1;
  const maxSize = options.maxSize ?? 3;
  const desiredSize = options.desiredSize ?? minSize;
  if (!isToken(minSize) && !isToken(maxSize) && minSize > maxSize) {
    throw new ValidationError(`${field}.minSize`, `(${minSize}) must not exceed ${field}.maxSize (${maxSize})`);
  }
  if (!isToken(desiredSize) && !isToken(minSize) && !isToken(maxSize) && (desiredSize < minSize || desiredSize > maxSize)) {
    throw new ValidationError(`${field}.desiredSize`, `(${desiredSize}) must lie between minSize (${minSize}) and maxSize (${maxSize})`);
  }
  // The instances and volumes carry both, within the same 50.
  validateTags(`${field}.instanceTags`, { ...options.instanceTags, ...options.tags });
}

/**
 * An EKS managed node group with a launch template that requires IMDSv2 with a hop limit of 1:
 * a pod's packets cross one more hop than the node's own, so pods cannot read the instance
 * profile's credentials from the metadata service and must use IRSA. (This is the supported form
 * of blocking 169.254.169.254 with iptables.)
 */
export class ManagedNodeGroup extends Construct {
  /** The `aws_launch_template` resource. */
  public readonly launchTemplate: LaunchTemplate;
  /** The `aws_eks_node_group` resource. */
  public readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    const field = `nodeGroups.${props.nodeGroupName}`;
    // What names the group and where it runs (EksCluster gives them); then each option, and the
    // options as a whole, as the configuration schema checks them.
    checkInputs("", props, NODE_GROUP_PLACEMENT_CHECKS);
    checkInputs(field, props, NODE_GROUP_OPTION_CHECKS);
    checkNodeGroupRelations(field, props);
    const minSize = props.minSize ?? 1;
    const maxSize = props.maxSize ?? 3;
    const desiredSize = props.desiredSize ?? minSize;
    const capacityType = props.capacityType ?? "ON_DEMAND";
    const diskSize = props.diskSizeGib ?? 50;
    const instanceTypes = props.instanceTypes ?? ["m6i.large"];
    // No empty `tags {}` blocks: an empty tag specification is noise in every plan.
    const nonEmpty = (t: { readonly [key: string]: string }) => (Object.keys(t).length > 0 ? { ...t } : undefined);
    const tags = nonEmpty({ ...props.tags });
    const launched = nonEmpty({ ...props.instanceTags, ...props.tags });

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      namePrefix: `${props.clusterName}-${props.nodeGroupName}-`,
      description: `EKS managed node group ${props.nodeGroupName}: IMDSv2 only, hop limit 1`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: diskSize, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      tagSpecifications: launched
        ? [
            { resourceType: "instance", tags: launched },
            { resourceType: "volume", tags: launched },
          ]
        : undefined,
      tags,
    });

    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: props.nodeGroupName,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      amiType: props.amiType ?? "AL2023_x86_64_STANDARD",
      capacityType,
      instanceTypes: [...instanceTypes],
      scalingConfig: { minSize, maxSize, desiredSize },
      updateConfig: { maxUnavailable: 1 },
      labels: props.labels ? { ...props.labels } : undefined,
      taint: props.taints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      tags,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      // An autoscaler owns the node count after creation.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });
  }
}
