// Amazon Managed Service for Prometheus: ingestion (remote write) and query roles.
// Policies: https://docs.aws.amazon.com/prometheus/latest/userguide/set-up-irsa.html (the actions of
// the AWS-managed policies AmazonPrometheusRemoteWriteAccess and AmazonPrometheusQueryAccess,
// https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-IAM.html), scoped to the workspaces
// instead of `*`. Service account and chart values as in
// https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-onboard-ingest-metrics-new-Prometheus.html
// (prometheus-community/prometheus chart 29.27.0). Version: AWS documentation, 2026-08.
import { z } from "zod";
import { ValidationError } from "../core/errors";
import { definePreset } from "./private/define-preset";
import type { AddonPreset } from "./preset";

/** Inputs of the `managedPrometheus` preset. */
export interface ManagedPrometheusInputs {
  /** ARNs of the workspaces (`arn:<partition>:aps:<region>:<account>:workspace/<workspace id>`). */
  readonly workspaceArns: readonly string[];
  /**
   * Send metrics (`aps:RemoteWrite`): a Prometheus server, agent or collector.
   * @default true
   */
  readonly remoteWrite?: boolean;
  /**
   * Query metrics (`aps:QueryMetrics`, `aps:GetSeries`, `aps:GetLabels`, `aps:GetMetricMetadata`):
   * Grafana, or a Prometheus that reads back (remote read, recording rules).
   * @default false
   */
  readonly query?: boolean;
}

const schema: z.ZodType<ManagedPrometheusInputs> = z.strictObject({
  workspaceArns: z.array(z.string()).readonly(),
  remoteWrite: z.boolean().optional(),
  query: z.boolean().optional(),
});

/** A Prometheus server (or collector) writing to, or a client querying, Amazon Managed Service for Prometheus workspaces. No write action on `*`. */
export const managedPrometheus: AddonPreset<ManagedPrometheusInputs> = definePreset({
  id: "managedPrometheus",
  title: "Amazon Managed Service for Prometheus",
  upstream: {
    project: "Amazon Managed Service for Prometheus",
    version: "AWS documentation, 2026-08",
    source: "https://docs.aws.amazon.com/prometheus/latest/userguide/set-up-irsa.html",
  },
  serviceAccount: { namespace: "prometheus", name: "amp-iamproxy-ingest-service-account" },
  helmChart: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus",
    version: "29.27.0",
    serviceAccountPath: ["serviceAccounts", "server"],
  },
  schema,
  arnInputs: { workspaceArns: { kind: "prometheusWorkspace", required: true, scope: "any", upstream: "every workspace (*, the AWS-managed policies)" } },
  check(checked) {
    if (!(checked.remoteWrite ?? true) && !checked.query) {
      throw new ValidationError("remoteWrite", "and query are both false: the role would grant nothing; set remoteWrite (the default) or query");
    }
  },
  statements(inputs) {
    const actions: string[] = [];
    if (inputs.remoteWrite ?? true) actions.push("aps:RemoteWrite");
    if (inputs.query) actions.push("aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata");
    return [{ sid: "Workspaces", actions, resources: [...inputs.workspaceArns] }];
  },
});
