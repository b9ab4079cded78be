// Amazon CloudWatch Observability (EKS add-on amazon-cloudwatch-observability): the CloudWatch
// agent and Fluent Bit for Container Insights, and Application Signals.
// Policy: the AWS-managed policies CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess that the
// EKS User Guide requires for the add-on,
// https://docs.aws.amazon.com/eks/latest/userguide/amazon-cloudwatch-observability.html
// Version: EKS User Guide, 2026-08 (the add-on's chart is aws-observability/helm-charts
// amazon-cloudwatch-observability 6.4.0).
// Upstream prescribes these managed policies and no statements of its own, so the preset attaches
// them rather than copying policies AWS maintains.
import { z } from "zod";
import { definePreset } from "./private/define-preset";
import type { AddonPreset } from "./preset";

/** Inputs of the `cloudWatchObservability` preset. */
export interface CloudWatchObservabilityInputs {
  /**
   * Send Application Signals traces to X-Ray: attaches `AWSXrayWriteOnlyAccess`. Without it, the
   * role has `CloudWatchAgentServerPolicy` only (Container Insights metrics and logs).
   * @default true (the EKS User Guide requires both policies)
   */
  readonly applicationSignals?: boolean;
}

const schema: z.ZodType<CloudWatchObservabilityInputs> = z.strictObject({ applicationSignals: z.boolean().optional() });

/**
 * The CloudWatch agent of the Amazon CloudWatch Observability add-on. Its permissions are the
 * AWS-managed policies (`managedPolicyArns`); it has no statements, so none lands on `*` here
 * (the managed policies grant `cloudwatch:PutMetricData`, `logs:PutLogEvents` and X-Ray writes on `*`).
 */
export const cloudWatchObservability: AddonPreset<CloudWatchObservabilityInputs> = definePreset({
  id: "cloudWatchObservability",
  title: "Amazon CloudWatch Observability",
  upstream: {
    project: "Amazon EKS add-on amazon-cloudwatch-observability",
    version: "EKS User Guide, 2026-08",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/amazon-cloudwatch-observability.html",
  },
  serviceAccount: { namespace: "amazon-cloudwatch", name: "cloudwatch-agent" },
  managedAddon: "amazon-cloudwatch-observability",
  schema,
  statements() {
    return [];
  },
  managedPolicyArns(inputs, ctx) {
    const arns = [`arn:${ctx.partition}:iam::aws:policy/CloudWatchAgentServerPolicy`];
    if (inputs.applicationSignals ?? true) arns.push(`arn:${ctx.partition}:iam::aws:policy/AWSXrayWriteOnlyAccess`);
    return arns;
  },
});
