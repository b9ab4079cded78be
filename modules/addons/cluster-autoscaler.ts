// Cluster Autoscaler 1.36.1, AWS cloud provider.
// Policy: https://github.com/kubernetes/autoscaler/blob/cluster-autoscaler-1.36.1/cluster-autoscaler/cloudprovider/aws/README.md#full-cluster-autoscaler-features-policy-recommended
// Upstream's recommended policy grants the scaling actions on `*` and "strongly recommends"
// restricting them by Auto Scaling group ARN or by tag: here they are scoped to the Auto Scaling
// groups of the cluster's account and region that carry the two auto-discovery tags
// (`k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<cluster name>`, which EKS
// managed node groups carry), and `eks:DescribeNodegroup` to the clusters' node groups.
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { validateClusterName, validateDistinct } from "../core/naming";
import { ValidationError } from "../core/errors";
import { arnOf, stringList } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset } from "./preset";

/** Inputs of the `clusterAutoscaler` preset. */
export interface ClusterAutoscalerInputs {
  /**
   * Names of the clusters whose Auto Scaling groups the autoscaler may scale: a group must carry
   * `k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<one of these names>` (any
   * values, as upstream's auto-discovery ignores them).
   * @default the cluster of the context
   */
  readonly clusterNames?: readonly string[];
}

const schema: z.ZodType<ClusterAutoscalerInputs> = z.strictObject({ clusterNames: stringList() });

/**
 * Cluster Autoscaler with Auto Scaling group auto-discovery
 * (`--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<cluster>`).
 * No write action on `*`.
 */
export const clusterAutoscaler: AddonPreset<ClusterAutoscalerInputs> = definePreset({
  id: "clusterAutoscaler",
  title: "Cluster Autoscaler",
  upstream: {
    project: "kubernetes/autoscaler",
    version: "cluster-autoscaler-1.36.1",
    source:
      "https://github.com/kubernetes/autoscaler/blob/cluster-autoscaler-1.36.1/cluster-autoscaler/cloudprovider/aws/README.md#full-cluster-autoscaler-features-policy-recommended",
  },
  serviceAccount: { namespace: "kube-system", name: "cluster-autoscaler" },
  helmChart: {
    repository: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.59.0",
    serviceAccountPath: ["rbac", "serviceAccount"],
  },
  schema,
  check({ clusterNames }) {
    if (clusterNames === undefined) return;
    if (clusterNames.length === 0)
      throw ValidationError.invalid("clusterNames", clusterNames, "give at least one cluster name, or leave the field out for the context's cluster");
    clusterNames.forEach((name, i) => validateClusterName(`clusterNames[${i}]`, name));
    validateDistinct("clusterNames", clusterNames);
  },
  statements(inputs, ctx) {
    const clusterNames = inputs.clusterNames ?? [ctx.clusterName];
    const autoScalingGroups = arnOf(ctx, "autoscaling", ctx.region, ctx.accountId, "autoScalingGroup:*:autoScalingGroupName/*");
    const scale: PolicyStatement[] = clusterNames.map((name, i) => ({
      sid: clusterNames.length === 1 ? "ScaleDiscoveredGroups" : `ScaleDiscoveredGroups${i}`,
      actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      resources: [autoScalingGroups],
      conditions: [
        { test: "Null", variable: "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/enabled", values: ["false"] },
        { test: "Null", variable: `autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${name}`, values: ["false"] },
      ],
    }));
    return [
      {
        sid: "Describe",
        actions: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
        ],
        resources: ["*"],
      },
      {
        sid: "DescribeNodegroups",
        actions: ["eks:DescribeNodegroup"],
        resources: clusterNames.map((name) => arnOf(ctx, "eks", ctx.region, ctx.accountId, `nodegroup/${name}/*/*`)),
      },
      ...scale,
    ];
  },
});
