// AWS Node Termination Handler v1.25.6, queue processor mode.
// Policy: https://github.com/aws/aws-node-termination-handler/blob/v1.25.6/README.md#5-create-an-iam-role-for-the-pods
// Upstream grants every action on `*`; here the queue actions are scoped to the given queues and
// autoscaling:CompleteLifecycleAction to the Auto Scaling groups of the cluster's account and region.
// (In IMDS mode the handler calls no AWS API and needs no role.)
import { z } from "zod";
import { arnOf } from "./private/addon-inputs";
import { definePreset } from "./private/define-preset";
import type { AddonPreset } from "./preset";

/** Inputs of the `nodeTerminationHandler` preset. */
export interface NodeTerminationHandlerInputs {
  /** ARNs of the SQS queues the handler reads (its `queueURL`'s queue). */
  readonly queueArns: readonly string[];
}

const schema: z.ZodType<NodeTerminationHandlerInputs> = z.strictObject({ queueArns: z.array(z.string()).readonly() });

/**
 * AWS Node Termination Handler in queue processor mode: drains nodes on ASG lifecycle hooks, spot
 * interruptions and rebalance recommendations that EventBridge sends to an SQS queue. No write
 * action on `*`.
 */
export const nodeTerminationHandler: AddonPreset<NodeTerminationHandlerInputs> = definePreset({
  id: "nodeTerminationHandler",
  title: "AWS Node Termination Handler (queue processor)",
  upstream: {
    project: "aws/aws-node-termination-handler",
    version: "v1.25.6",
    source: "https://github.com/aws/aws-node-termination-handler/blob/v1.25.6/README.md#5-create-an-iam-role-for-the-pods",
  },
  serviceAccount: { namespace: "kube-system", name: "aws-node-termination-handler" },
  helmChart: {
    repository: "oci://public.ecr.aws/aws-ec2/helm",
    chart: "aws-node-termination-handler",
    version: "0.27.6",
    serviceAccountPath: ["serviceAccount"],
  },
  schema,
  arnInputs: { queueArns: { kind: "sqsQueue", required: true, scope: "any", upstream: "every queue (*)" } },
  statements(inputs, ctx) {
    return [
      {
        sid: "Describe",
        actions: ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"],
        resources: ["*"],
      },
      {
        sid: "CompleteLifecycleActions",
        actions: ["autoscaling:CompleteLifecycleAction"],
        resources: [arnOf(ctx, "autoscaling", ctx.region, ctx.accountId, "autoScalingGroup:*:autoScalingGroupName/*")],
      },
      { sid: "ReadQueues", actions: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], resources: [...inputs.queueArns] },
    ];
  },
});
