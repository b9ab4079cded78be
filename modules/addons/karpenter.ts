// Karpenter v1.14.1 controller.
// Policy: https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
// (the managed policies NodeLifecyclePolicy, IAMIntegrationPolicy, EKSIntegrationPolicy,
// InterruptionPolicy, ZonalShiftPolicy and ResourceDiscoveryPolicy, with upstream's statement IDs).
// What Karpenter needs besides its controller role (node role, its access entry, interruption
// queue and rules) is `KarpenterInfrastructure` in modules/cluster/karpenter.ts.
import { z } from "zod";
import type { PolicyCondition, PolicyStatement } from "../iam/policy-statement";
import { arnOf } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, PresetContext, WideningAcknowledgement } from "./preset";

/** Inputs of the `karpenter` preset. */
export interface KarpenterInputs extends WideningAcknowledgement {
  /**
   * ARNs of the node roles Karpenter may pass to the instances it launches (the `role` of each
   * EC2NodeClass): `KarpenterInfrastructure.nodeRoleArn`.
   */
  readonly nodeRoleArns: readonly string[];
  /**
   * ARN of the SQS queue Karpenter reads interruption events from (`settings.interruptionQueue`):
   * `KarpenterInfrastructure.queueArn`.
   * @default none: no interruption handling, and no SQS permissions
   */
  readonly interruptionQueueArn?: string;
}

const schema: z.ZodType<KarpenterInputs> = z.strictObject({
  nodeRoleArns: z.array(z.string()).readonly(),
  interruptionQueueArn: z.string().optional(),
});

/**
 * The Karpenter controller: launches and terminates the cluster's EC2 instances, manages their
 * instance profiles, and reads interruption events. Scoped as upstream scopes it: to the cluster's
 * region, and to launch templates, instances and instance profiles tagged for the cluster
 * (`kubernetes.io/cluster/<name>: owned`, `eks:eks-cluster-name`, `karpenter.sh/nodepool`). No write
 * action on `*`.
 */
export const karpenter: AddonPreset<KarpenterInputs> = definePreset({
  id: "karpenter",
  title: "Karpenter",
  upstream: {
    project: "aws/karpenter-provider-aws",
    version: "v1.14.1",
    source:
      "https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml",
  },
  serviceAccount: { namespace: "kube-system", name: "karpenter" },
  helmChart: {
    repository: "oci://public.ecr.aws/karpenter",
    chart: "karpenter",
    version: "1.14.1",
    serviceAccountPath: ["serviceAccount"],
  },
  // Upstream's managed policies (NodeLifecyclePolicy, IAMIntegrationPolicy, ...): together they are
  // about 7,900 characters with the longest names, over IAM's 6,144 for one managed policy.
  policyGroups: {
    "node-lifecycle": [
      "AllowScopedEC2InstanceAccessActions",
      "AllowScopedEC2LaunchTemplateAccessActions",
      "AllowScopedEC2InstanceActionsWithTags",
      "AllowScopedResourceCreationTagging",
      "AllowScopedResourceTagging",
      "AllowScopedDeletion",
    ],
    "iam-integration": [
      "AllowPassingInstanceRole",
      "AllowScopedInstanceProfileCreationActions",
      "AllowScopedInstanceProfileTagActions",
      "AllowScopedInstanceProfileActions",
    ],
    "eks-integration": ["AllowAPIServerEndpointDiscovery"],
    interruption: ["AllowInterruptionQueueActions"],
    "zonal-shift": ["AllowZonalShiftStatusReadOnly"],
    "resource-discovery": [
      "AllowRegionalReadActions",
      "AllowSSMReadActions",
      "AllowPricingReadActions",
      "AllowUnscopedInstanceProfileListAction",
      "AllowInstanceProfileReadActions",
    ],
  },
  schema,
  arnInputs: {
    nodeRoleArns: { kind: "iamRole", required: true, scope: "exact", upstream: "the one KarpenterNodeRole its template creates" },
    interruptionQueueArn: { kind: "sqsQueue", scope: "exact", upstream: "the one interruption queue its template creates" },
  },
  statements(inputs, ctx) {
    return [...nodeLifecycle(ctx), ...iamIntegration(inputs, ctx), ...eksIntegration(inputs, ctx), ...resourceDiscovery(ctx)];
  },
});

function ec2(ctx: PresetContext, resource: string, account = "*"): string {
  return arnOf(ctx, "ec2", ctx.region, account, resource);
}

function clusterArn(ctx: PresetContext): string {
  return arnOf(ctx, "eks", ctx.region, ctx.accountId, `cluster/${ctx.clusterName}`);
}

const eq = (variable: string, ...values: string[]): PolicyCondition => ({ test: "StringEquals", variable, values });
const like = (variable: string, ...values: string[]): PolicyCondition => ({ test: "StringLike", variable, values });

/** NodeLifecyclePolicy: launch, tag and terminate the cluster's instances. */
function nodeLifecycle(ctx: PresetContext): PolicyStatement[] {
  const owned = `kubernetes.io/cluster/${ctx.clusterName}`;
  const launched = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map((r) => ec2(ctx, r));
  const requestTagged = [eq(`aws:RequestTag/${owned}`, "owned"), eq("aws:RequestTag/eks:eks-cluster-name", ctx.clusterName)];
  const resourceOwned = [eq(`aws:ResourceTag/${owned}`, "owned"), like("aws:ResourceTag/karpenter.sh/nodepool", "*")];
  return [
    {
      sid: "AllowScopedEC2InstanceAccessActions",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      resources: [
        ec2(ctx, "image/*", ""),
        ec2(ctx, "snapshot/*", ""),
        ec2(ctx, "security-group/*"),
        ec2(ctx, "subnet/*"),
        ec2(ctx, "capacity-reservation/*"),
        ec2(ctx, "placement-group/*"),
      ],
    },
    {
      sid: "AllowScopedEC2LaunchTemplateAccessActions",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      resources: [ec2(ctx, "launch-template/*")],
      conditions: resourceOwned,
    },
    {
      sid: "AllowScopedEC2InstanceActionsWithTags",
      actions: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      resources: launched,
      conditions: [...requestTagged, like("aws:RequestTag/karpenter.sh/nodepool", "*")],
    },
    {
      sid: "AllowScopedResourceCreationTagging",
      actions: ["ec2:CreateTags"],
      resources: launched,
      conditions: [
        ...requestTagged,
        eq("ec2:CreateAction", "RunInstances", "CreateFleet", "CreateLaunchTemplate"),
        like("aws:RequestTag/karpenter.sh/nodepool", "*"),
      ],
    },
    {
      sid: "AllowScopedResourceTagging",
      actions: ["ec2:CreateTags"],
      resources: [ec2(ctx, "instance/*")],
      conditions: [
        ...resourceOwned,
        { test: "StringEqualsIfExists", variable: "aws:RequestTag/eks:eks-cluster-name", values: [ctx.clusterName] },
        { test: "ForAllValues:StringEquals", variable: "aws:TagKeys", values: ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
      ],
    },
    {
      sid: "AllowScopedDeletion",
      actions: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      resources: [ec2(ctx, "instance/*"), ec2(ctx, "launch-template/*")],
      conditions: resourceOwned,
    },
  ];
}

/** IAMIntegrationPolicy: pass the node role, and manage the instance profiles Karpenter creates for it. */
function iamIntegration(inputs: KarpenterInputs, ctx: PresetContext): PolicyStatement[] {
  const owned = `kubernetes.io/cluster/${ctx.clusterName}`;
  const instanceProfiles = `arn:${ctx.partition}:iam::${ctx.accountId}:instance-profile/*`;
  const requestTagged = [
    eq(`aws:RequestTag/${owned}`, "owned"),
    eq("aws:RequestTag/eks:eks-cluster-name", ctx.clusterName),
    eq("aws:RequestTag/topology.kubernetes.io/region", ctx.region),
  ];
  const resourceTagged = [eq(`aws:ResourceTag/${owned}`, "owned"), eq("aws:ResourceTag/topology.kubernetes.io/region", ctx.region)];
  return [
    {
      sid: "AllowPassingInstanceRole",
      actions: ["iam:PassRole"],
      resources: [...inputs.nodeRoleArns],
      conditions: [eq("iam:PassedToService", "ec2.amazonaws.com", "ec2.amazonaws.com.cn")],
    },
    {
      sid: "AllowScopedInstanceProfileCreationActions",
      actions: ["iam:CreateInstanceProfile"],
      resources: [instanceProfiles],
      conditions: [...requestTagged, like("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*")],
    },
    {
      sid: "AllowScopedInstanceProfileTagActions",
      actions: ["iam:TagInstanceProfile"],
      resources: [instanceProfiles],
      conditions: [
        ...resourceTagged,
        ...requestTagged,
        like("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        like("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*"),
      ],
    },
    {
      sid: "AllowScopedInstanceProfileActions",
      actions: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      resources: [instanceProfiles],
      conditions: [...resourceTagged, like("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*")],
    },
  ];
}

/** EKSIntegrationPolicy, InterruptionPolicy and ZonalShiftPolicy. */
function eksIntegration(inputs: KarpenterInputs, ctx: PresetContext): PolicyStatement[] {
  const statements: PolicyStatement[] = [{ sid: "AllowAPIServerEndpointDiscovery", actions: ["eks:DescribeCluster"], resources: [clusterArn(ctx)] }];
  if (inputs.interruptionQueueArn !== undefined) {
    statements.push({
      sid: "AllowInterruptionQueueActions",
      actions: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
      resources: [inputs.interruptionQueueArn],
    });
  }
  statements.push({
    sid: "AllowZonalShiftStatusReadOnly",
    actions: ["arc-zonal-shift:GetManagedResource"],
    resources: ["*"],
    conditions: [eq("arc-zonal-shift:ResourceIdentifier", clusterArn(ctx))],
  });
  return statements;
}

/** ResourceDiscoveryPolicy: read-only lookups. */
function resourceDiscovery(ctx: PresetContext): PolicyStatement[] {
  return [
    {
      sid: "AllowRegionalReadActions",
      actions: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribePlacementGroups",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      resources: ["*"],
      conditions: [eq("aws:RequestedRegion", ctx.region)],
    },
    {
      sid: "AllowSSMReadActions",
      actions: ["ssm:GetParameter"],
      resources: [arnOf(ctx, "ssm", ctx.region, "", "parameter/aws/service/*")],
    },
    { sid: "AllowPricingReadActions", actions: ["pricing:GetProducts"], resources: ["*"] },
    { sid: "AllowUnscopedInstanceProfileListAction", actions: ["iam:ListInstanceProfiles"], resources: ["*"] },
    {
      sid: "AllowInstanceProfileReadActions",
      actions: ["iam:GetInstanceProfile"],
      resources: [`arn:${ctx.partition}:iam::${ctx.accountId}:instance-profile/*`],
    },
  ];
}
