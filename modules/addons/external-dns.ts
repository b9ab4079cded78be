// external-dns v0.22.0, AWS provider.
// Policy: https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md#iam-policy
// Upstream grants record changes on every hosted zone (`hostedzone/*`) and recommends listing the
// zones instead ("Further improvements"): here the zones are a required input.
import { z } from "zod";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, WideningAcknowledgement } from "./preset";

/** Inputs of the `externalDns` preset. */
export interface ExternalDnsInputs extends WideningAcknowledgement {
  /**
   * ARNs of the Route 53 hosted zones external-dns may change records in
   * (`arn:<partition>:route53:::hostedzone/<zone id>`). Give external-dns the same zones with
   * `--zone-id-filter`, or it lists zones it cannot change.
   */
  readonly hostedZoneArns: readonly string[];
}

const schema: z.ZodType<ExternalDnsInputs> = z.strictObject({ hostedZoneArns: z.array(z.string()).readonly() });

/**
 * external-dns with the AWS (Route 53) provider: keeps DNS records in step with Services and
 * Ingresses. No write action on `*`: `route53:ListHostedZones` (List) has no resource type.
 */
export const externalDns: AddonPreset<ExternalDnsInputs> = definePreset({
  id: "externalDns",
  title: "external-dns (Route 53)",
  upstream: {
    project: "kubernetes-sigs/external-dns",
    version: "v0.22.0",
    source: "https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md#iam-policy",
  },
  serviceAccount: { namespace: "external-dns", name: "external-dns" },
  helmChart: {
    repository: "https://kubernetes-sigs.github.io/external-dns",
    chart: "external-dns",
    version: "1.21.1",
    serviceAccountPath: ["serviceAccount"],
  },
  schema,
  arnInputs: {
    hostedZoneArns: {
      kind: "hostedZone",
      required: true,
      scope: "exact",
      upstream: "the hosted zones external-dns manages, one by one (its recommended scoping)",
    },
  },
  statements(inputs) {
    return [
      {
        sid: "ChangeRecords",
        actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
        resources: [...inputs.hostedZoneArns],
      },
      { sid: "ListZones", actions: ["route53:ListHostedZones"], resources: ["*"] },
    ];
  },
});
