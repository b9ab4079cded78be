// What Karpenter v1.14.1 needs on the AWS side besides its controller role (the `karpenter` preset):
// https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
// (KarpenterNodeRole, KarpenterInterruptionQueue and its policy, the EventBridge rules), plus the
// node role's EKS access entry that the getting-started guide creates with
// `aws eks create-access-entry --type EC2_LINUX`.
import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { KarpenterInputs } from "../addons/karpenter";
import { ValidationError } from "../core/errors";
import { validateTags } from "../iam/iam-limits";
import { booleanCheck, checkInputs, type InputChecks, patternRule, ruleCheck, rules, truncateWithHash } from "../core/naming";
import { mergeRoleSettings, type RoleSettings, validateRoleSettings } from "../iam/role-settings";
import { ServiceRole } from "../iam/service-role";
import { claimRoleName } from "../iam/role-names";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { writeAsData } from "../core/literal-text";

/** Karpenter's node role name when none is given: upstream's `KarpenterNodeRole-<cluster name>`, within IAM's 64 characters. */
export function defaultKarpenterNodeRoleName(clusterName: string): string {
  return truncateWithHash(`KarpenterNodeRole-${clusterName}`, 64);
}

/** Props of {@link KarpenterInfrastructure}. */
export interface KarpenterInfrastructureProps {
  /** The cluster's name (`EksCluster.clusterName`). */
  readonly clusterName: string;
  /**
   * Name of the node role, the `role` of Karpenter's EC2NodeClasses.
   * @default `KarpenterNodeRole-<cluster name>` (upstream's), shortened to 64 characters with a hash
   */
  readonly nodeRoleName?: string;
  /**
   * Attach `AmazonEKS_CNI_Policy` to the node role, as upstream does. Set it to false when the
   * vpc-cni add-on has a role of its own (as `EksCluster` gives it), so nodes do not carry
   * permissions only the CNI needs.
   * @default true
   */
  readonly cniPolicy?: boolean;
  /**
   * Attach `AmazonSSMManagedInstanceCore` to the node role (Session Manager access to nodes), as
   * upstream does.
   * @default true
   */
  readonly ssmManagedInstanceCore?: boolean;
  /**
   * Create the node role's EKS access entry (type `EC2_LINUX`), which lets the nodes join the
   * cluster. Needs the cluster's authentication mode `API` or `API_AND_CONFIG_MAP`; set it to false
   * for a cluster that maps node roles in the `aws-auth` ConfigMap only.
   * @default true
   */
  readonly accessEntry?: boolean;
  /**
   * Create the interruption queue and the EventBridge rules that feed it (spot interruptions,
   * rebalance recommendations, scheduled health events, instance state changes, capacity
   * reservation interruptions), for Karpenter's `settings.interruptionQueue`.
   * @default true
   */
  readonly interruptionHandling?: boolean;
  /**
   * Name of the interruption queue (1-80 letters, digits, `-` or `_`).
   * @default the cluster's name (upstream's), shortened to 80 characters with a hash
   */
  readonly queueName?: string;
  /**
   * Tags of the node role, queue, rules and access entry.
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * The permissions boundary, path and tags of the node role (its tags on top of `tags`). On a
   * cluster's `addons.karpenter`, over the cluster's `roleDefaults`.
   * @default none (the cluster's `roleDefaults` on a cluster)
   */
  readonly nodeRoleSettings?: RoleSettings;
}

/**
 * The checks of Karpenter's infrastructure options that stand alone, one per option (see
 * `InputChecks`): KarpenterInfrastructure runs them, and the configuration schema runs each on its
 * field of the `karpenter` add-on.
 */
export const KARPENTER_OPTION_CHECKS: InputChecks<KarpenterInfrastructureProps> = {
  clusterName: ruleCheck(rules.clusterName),
  nodeRoleName: ruleCheck(rules.roleName),
  nodeRoleSettings: validateRoleSettings,
  cniPolicy: booleanCheck,
  ssmManagedInstanceCore: booleanCheck,
  accessEntry: booleanCheck,
  interruptionHandling: booleanCheck,
  queueName: ruleCheck(patternRule(/^[A-Za-z0-9_-]{1,80}$/, "an SQS queue name has 1-80 letters, digits, '-' or '_'")),
  tags: validateTags,
};

/** Checks Karpenter's infrastructure options as a whole: a queue name only with the queue. */
export function checkKarpenterRelations(props: { readonly queueName?: unknown; readonly interruptionHandling?: unknown }): void {
  if (props.queueName !== undefined && props.interruptionHandling === false) {
    throw new ValidationError("queueName", "is set but interruptionHandling is false: no queue is created");
  }
}

/** The EventBridge rules that send interruption events to the queue, by the stable part of their name and construct ID. */
const INTERRUPTION_RULES: readonly { readonly kind: string; readonly source: string; readonly detailType: string; readonly description: string }[] = [
  { kind: "scheduled-change", source: "aws.health", detailType: "AWS Health Event", description: "scheduled changes (AWS Health events)" },
  { kind: "spot-interruption", source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning", description: "spot interruption warnings" },
  { kind: "rebalance", source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation", description: "instance rebalance recommendations" },
  { kind: "instance-state-change", source: "aws.ec2", detailType: "EC2 Instance State-change Notification", description: "instance state changes" },
  {
    kind: "capacity-reservation-interruption",
    source: "aws.ec2",
    detailType: "EC2 Capacity Reservation Instance Interruption Warning",
    description: "capacity reservation interruption warnings",
  },
];

/**
 * The AWS resources Karpenter v1 needs besides its controller role: the IAM role of the nodes it
 * launches (with upstream's managed policies) and its EKS access entry, and the SQS interruption
 * queue (SSE-SQS, 300 s retention, HTTPS only) fed by EventBridge rules. Give `controllerInputs` to
 * the `karpenter` preset, and `chartSettings` to the Helm chart's values.
 */
export class KarpenterInfrastructure extends Construct {
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The node role's name (an EC2NodeClass's `role`). */
  public readonly nodeRoleName: string;
  /** The node role's ARN. */
  public readonly nodeRoleArn: string;
  /** The interruption queue's name (`settings.interruptionQueue`), when `interruptionHandling`. */
  public readonly queueName?: string;
  /** The interruption queue's ARN, when `interruptionHandling`. */
  public readonly queueArn?: string;
  /** The node role (`aws_iam_role`). */
  public readonly nodeRole: IamRole;
  /** The node role's access entry, when `accessEntry`. */
  public readonly accessEntry?: EksAccessEntry;
  /** The interruption queue, when `interruptionHandling`. */
  public readonly queue?: SqsQueue;
  /** The EventBridge rules, by kind (`spot-interruption`, ...), when `interruptionHandling`. */
  public readonly rules: { readonly [kind: string]: CloudwatchEventRule };

  constructor(scope: Construct, id: string, props: KarpenterInfrastructureProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    // Each option, then the options as a whole, as the configuration schema checks them.
    checkInputs("", props, KARPENTER_OPTION_CHECKS);
    checkKarpenterRelations(props);
    this.clusterName = props.clusterName;
    const tags = props.tags ? { ...props.tags } : undefined;
    const partition = new DataAwsPartition(this, "partition");

    const managedPolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"];
    if (props.cniPolicy ?? true) managedPolicies.push("AmazonEKS_CNI_Policy");
    if (props.ssmManagedInstanceCore ?? true) managedPolicies.push("AmazonSSMManagedInstanceCore");
    const nodeRoleName = props.nodeRoleName ?? defaultKarpenterNodeRoleName(props.clusterName);
    // IAM role names are global to the account (a cluster claims this default itself when its
    // name is only known to it: see EksCluster).
    claimRoleName(this, {
      field: props.nodeRoleName !== undefined ? "nodeRoleName" : "clusterName",
      name: nodeRoleName,
      value: props.nodeRoleName !== undefined ? undefined : props.clusterName,
      what: `Karpenter's node role (${this.node.path})`,
    });
    const nodeRole = new ServiceRole(this, "node-role", {
      name: nodeRoleName,
      service: `ec2.${partition.dnsSuffix}`,
      managedPolicies,
      partition: partition.partition,
      ...mergeRoleSettings({ tags }, props.nodeRoleSettings),
    });
    this.nodeRole = nodeRole.role;
    this.nodeRoleName = nodeRole.role.name;
    this.nodeRoleArn = nodeRole.role.arn;

    if (props.accessEntry ?? true) {
      this.accessEntry = new EksAccessEntry(this, "node-access-entry", {
        clusterName: props.clusterName,
        principalArn: this.nodeRoleArn,
        type: "EC2_LINUX",
        tags,
      });
    }

    const rules: Record<string, CloudwatchEventRule> = {};
    if (props.interruptionHandling ?? true) {
      const queue = new SqsQueue(this, "interruption-queue", {
        name: props.queueName ?? truncateWithHash(props.clusterName, 80),
        messageRetentionSeconds: 300,
        sqsManagedSseEnabled: true,
        tags,
      });
      new SqsQueuePolicy(this, "interruption-queue-policy", {
        queueUrl: queue.url,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Id: "EC2InterruptionPolicy",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
              Action: "sqs:SendMessage",
              Resource: queue.arn,
            },
            {
              Sid: "DenyHTTP",
              Effect: "Deny",
              Principal: "*",
              Action: "sqs:*",
              Resource: queue.arn,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      });
      for (const rule of INTERRUPTION_RULES) {
        rules[rule.kind] = new CloudwatchEventRule(this, `rule-${rule.kind}`, {
          name: truncateWithHash(`karpenter-${props.clusterName}-${rule.kind}`, 64),
          description: `Karpenter interruption handling of EKS cluster ${props.clusterName}: ${rule.description}`,
          eventPattern: JSON.stringify({ source: [rule.source], "detail-type": [rule.detailType] }),
          tags,
        });
        new CloudwatchEventTarget(this, `rule-${rule.kind}-target`, {
          rule: rules[rule.kind].name,
          targetId: "KarpenterInterruptionQueueTarget",
          arn: queue.arn,
        });
      }
      this.queue = queue;
      this.queueName = queue.name;
      this.queueArn = queue.arn;
    }
    this.rules = rules;
  }

  /** The inputs of the `karpenter` preset for this infrastructure's node role and queue. */
  public get controllerInputs(): KarpenterInputs {
    return this.queueArn === undefined ? { nodeRoleArns: [this.nodeRoleArn] } : { nodeRoleArns: [this.nodeRoleArn], interruptionQueueArn: this.queueArn };
  }

  /** The Karpenter chart's values for this cluster and queue: `{ settings: { clusterName, interruptionQueue } }`. */
  public get chartSettings(): { settings: { clusterName: string; interruptionQueue?: string } } {
    const settings = this.queueName === undefined ? { clusterName: this.clusterName } : { clusterName: this.clusterName, interruptionQueue: this.queueName };
    return { settings };
  }
}
