// AWS Load Balancer Controller v3.5.0.
// Full policy: https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/install/iam_policy.json
// TargetGroupBinding only: https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/deploy/installation.md#special-iam-cases
// Statements reproduced with the cluster's partition; everything else as upstream, except the
// optional VPC scoping of security group rules that upstream recommends (installation.md, Option A).
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { isToken } from "../core/naming";
import { ValidationError } from "../core/errors";
import { arnOf, stringList } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, HelmChart, PresetContext, UpstreamSource, WideningAcknowledgement } from "./preset";

const UPSTREAM_VERSION = "v3.5.0";

const HELM_CHART: HelmChart = {
  repository: "https://aws.github.io/eks-charts",
  chart: "aws-load-balancer-controller",
  version: "3.5.0",
  serviceAccountPath: ["serviceAccount"],
};

const SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-load-balancer-controller" } as const;

/** The tag the controller puts on what it creates, which scopes most of its write actions. */
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** Inputs of the `loadBalancerController` preset. */
export interface LoadBalancerControllerInputs {
  /**
   * ID of the cluster's VPC (`vpc-0123456789abcdef0`). Upstream lets the controller add and remove
   * ingress rules of any security group (`ec2:AuthorizeSecurityGroupIngress` and
   * `ec2:RevokeSecurityGroupIngress` on `*`, for the node security groups it opens to its load
   * balancers) and recommends scoping that statement to the cluster's VPC: given a VPC ID, it gets
   * the condition `ArnEquals ec2:Vpc`.
   * @default upstream's `*`: security groups of any VPC of the account
   */
  readonly vpcId?: string;
}

/** Inputs of the `loadBalancerControllerTargetGroupBinding` preset. */
export interface LoadBalancerControllerTargetGroupBindingInputs extends WideningAcknowledgement {
  /**
   * ARNs of the target groups the controller may register targets in and modify. Upstream grants
   * these actions on `*`.
   * @default every target group of the cluster's account and region (`arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/*`)
   */
  readonly targetGroupArns?: readonly string[];
  /**
   * ARNs of roles in other accounts the controller assumes to manage target groups there
   * (`iamRoleArnToAssume` of a TargetGroupBinding); adds `sts:AssumeRole` on them.
   * @default none: target groups of the cluster's account only
   */
  readonly assumeRoleArns?: readonly string[];
}

const fullSchema: z.ZodType<LoadBalancerControllerInputs> = z.strictObject({ vpcId: z.string().optional() });
const tgbSchema: z.ZodType<LoadBalancerControllerTargetGroupBindingInputs> = z.strictObject({
  targetGroupArns: stringList(),
  assumeRoleArns: stringList(),
});

function upstream(anchor: string): UpstreamSource {
  return {
    project: "kubernetes-sigs/aws-load-balancer-controller",
    version: UPSTREAM_VERSION,
    source: `https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/${UPSTREAM_VERSION}/${anchor}`,
  };
}

/**
 * AWS Load Balancer Controller: provisions ALBs and NLBs for Ingress, Service and Gateway resources.
 *
 * Write actions on `*`, all as upstream's policy grants them:
 * - `ec2:CreateSecurityGroup`, `elasticloadbalancing:CreateListener`, `CreateRule`, `DeleteListener`,
 *   `DeleteRule`, `ModifyListener`, `ModifyRule`, `SetRulePriorities`, `AddListenerCertificates`,
 *   `RemoveListenerCertificates`, `SetWebAcl`: listeners and rules carry no cluster tag the policy
 *   could test, and a new security group has no ARN before it exists;
 * - `ec2:AuthorizeSecurityGroupIngress`, `RevokeSecurityGroupIngress`: the node security groups the
 *   controller opens are not its own (`vpcId` scopes them to the cluster's VPC);
 * - `ec2:DeleteSecurityGroup`, `elasticloadbalancing:CreateLoadBalancer`, `CreateTargetGroup`,
 *   `DeleteLoadBalancer`, `DeleteTargetGroup`, `ModifyLoadBalancerAttributes`, `ModifyTargetGroup`,
 *   `ModifyTargetGroupAttributes`, `ModifyListenerAttributes`, `ModifyCapacityReservation`,
 *   `ModifyIpPools`, `SetIpAddressType`, `SetSecurityGroups`, `SetSubnets`: only with the
 *   controller's cluster tag on the request or the resource (conditions);
 * - `iam:CreateServiceLinkedRole`: only for `elasticloadbalancing.amazonaws.com` (condition);
 * - `shield:CreateProtection`, `shield:DeleteProtection`, `waf-regional:AssociateWebACL`,
 *   `waf-regional:DisassociateWebACL`, `wafv2:AssociateWebACL`, `wafv2:DisassociateWebACL`: the
 *   WAF and Shield annotations of an Ingress, which the controller reconciles by default.
 */
export const loadBalancerController: AddonPreset<LoadBalancerControllerInputs> = definePreset({
  id: "loadBalancerController",
  title: "AWS Load Balancer Controller",
  upstream: upstream("docs/install/iam_policy.json"),
  serviceAccount: SERVICE_ACCOUNT,
  helmChart: HELM_CHART,
  unscopedWriteActions: [
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:CreateSecurityGroup",
    "ec2:DeleteSecurityGroup",
    "ec2:RevokeSecurityGroupIngress",
    "elasticloadbalancing:AddListenerCertificates",
    "elasticloadbalancing:CreateListener",
    "elasticloadbalancing:CreateLoadBalancer",
    "elasticloadbalancing:CreateRule",
    "elasticloadbalancing:CreateTargetGroup",
    "elasticloadbalancing:DeleteListener",
    "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:DeleteRule",
    "elasticloadbalancing:DeleteTargetGroup",
    "elasticloadbalancing:ModifyCapacityReservation",
    "elasticloadbalancing:ModifyIpPools",
    "elasticloadbalancing:ModifyListener",
    "elasticloadbalancing:ModifyListenerAttributes",
    "elasticloadbalancing:ModifyLoadBalancerAttributes",
    "elasticloadbalancing:ModifyRule",
    "elasticloadbalancing:ModifyTargetGroup",
    "elasticloadbalancing:ModifyTargetGroupAttributes",
    "elasticloadbalancing:RemoveListenerCertificates",
    "elasticloadbalancing:SetIpAddressType",
    "elasticloadbalancing:SetRulePriorities",
    "elasticloadbalancing:SetSecurityGroups",
    "elasticloadbalancing:SetSubnets",
    "elasticloadbalancing:SetWebAcl",
    "iam:CreateServiceLinkedRole",
    "shield:CreateProtection",
    "shield:DeleteProtection",
    "waf-regional:AssociateWebACL",
    "waf-regional:DisassociateWebACL",
    "wafv2:AssociateWebACL",
    "wafv2:DisassociateWebACL",
  ],
  schema: fullSchema,
  check({ vpcId }) {
    if (vpcId !== undefined && !isToken(vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) {
      throw ValidationError.invalid("vpcId", vpcId, "expected a VPC ID, vpc-<8 or 17 hex digits>");
    }
  },
  statements: fullStatements,
});

function fullStatements(inputs: LoadBalancerControllerInputs, ctx: PresetContext): PolicyStatement[] {
  const elb = (resource: string) => arnOf(ctx, "elasticloadbalancing", "*", "*", resource);
  const securityGroups = arnOf(ctx, "ec2", "*", "*", "security-group/*");
  const taggedLoadBalancersAndTargetGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const resourceTagged = { test: "Null", variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: ["false"] };
  const requestTagged = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] };
  const requestUntagged = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["true"] };
  return [
    {
      sid: "CreateElbServiceLinkedRole",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      conditions: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
    },
    {
      sid: "Describe",
      actions: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      resources: ["*"],
    },
    {
      sid: "CertificatesWafShield",
      actions: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      resources: ["*"],
    },
    {
      sid: "OpenNodeSecurityGroups",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      resources: ["*"],
      conditions:
        inputs.vpcId === undefined
          ? undefined
          : [{ test: "ArnEquals", variable: "ec2:Vpc", values: [arnOf(ctx, "ec2", ctx.region, ctx.accountId, `vpc/${inputs.vpcId}`)] }],
    },
    { sid: "CreateSecurityGroup", actions: ["ec2:CreateSecurityGroup"], resources: ["*"] },
    {
      sid: "TagNewSecurityGroup",
      actions: ["ec2:CreateTags"],
      resources: [securityGroups],
      conditions: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, requestTagged],
    },
    {
      sid: "RetagOwnSecurityGroups",
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: [securityGroups],
      conditions: [requestUntagged, resourceTagged],
    },
    {
      sid: "ManageOwnSecurityGroups",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      resources: ["*"],
      conditions: [resourceTagged],
    },
    {
      sid: "CreateTaggedLoadBalancers",
      actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      resources: ["*"],
      conditions: [requestTagged],
    },
    {
      sid: "ManageListenersAndRules",
      actions: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      resources: ["*"],
    },
    {
      sid: "RetagOwnLoadBalancers",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: taggedLoadBalancersAndTargetGroups,
      conditions: [requestUntagged, resourceTagged],
    },
    {
      sid: "TagListenersAndRules",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
    },
    {
      sid: "ManageOwnLoadBalancers",
      actions: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      resources: ["*"],
      conditions: [resourceTagged],
    },
    {
      sid: "TagOnCreate",
      actions: ["elasticloadbalancing:AddTags"],
      resources: taggedLoadBalancersAndTargetGroups,
      conditions: [{ test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] }, requestTagged],
    },
    {
      sid: "RegisterTargets",
      actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      resources: [elb("targetgroup/*/*")],
    },
    {
      sid: "ModifyListenersAndRules",
      actions: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      resources: ["*"],
    },
  ];
}

/**
 * AWS Load Balancer Controller limited to TargetGroupBinding: it registers pods or nodes in target
 * groups that exist already (made outside the cluster) and creates no load balancers or security
 * group rules. Upstream grants every action on `*`; here the write actions are scoped to target
 * groups (`targetGroupArns`, or those of the cluster's account and region), so no write action lands
 * on `*`.
 */
export const loadBalancerControllerTargetGroupBinding: AddonPreset<LoadBalancerControllerTargetGroupBindingInputs> = definePreset({
  id: "loadBalancerControllerTargetGroupBinding",
  title: "AWS Load Balancer Controller (TargetGroupBinding only)",
  upstream: upstream("docs/deploy/installation.md#you-only-want-the-lbc-to-add-and-remove-ips-to-already-existing-target-groups"),
  serviceAccount: SERVICE_ACCOUNT,
  helmChart: HELM_CHART,
  schema: tgbSchema,
  arnInputs: {
    targetGroupArns: { kind: "targetGroup", scope: "any", upstream: "every target group (*)" },
    assumeRoleArns: { kind: "iamRole", scope: "exact", upstream: "the one role of each TargetGroupBinding's iamRoleArnToAssume" },
  },
  statements(inputs, ctx) {
    const targetGroups = inputs.targetGroupArns ?? [arnOf(ctx, "elasticloadbalancing", ctx.region, ctx.accountId, "targetgroup/*/*")];
    const statements: PolicyStatement[] = [
      {
        sid: "Describe",
        actions: [
          "ec2:DescribeVpcs",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeInstances",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
        ],
        resources: ["*"],
      },
      {
        sid: "ManageTargets",
        actions: [
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:RegisterTargets",
          "elasticloadbalancing:DeregisterTargets",
        ],
        resources: [...targetGroups],
      },
    ];
    if (inputs.assumeRoleArns) {
      statements.push({ sid: "AssumeTargetGroupOwnerRoles", actions: ["sts:AssumeRole"], resources: [...inputs.assumeRoleArns] });
    }
    return statements;
  },
});
