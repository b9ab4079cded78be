// cert-manager v1.21.1, ACME DNS01 challenges with Route 53.
// Policy: https://cert-manager.io/docs/configuration/acme/dns01/route53/#set-up-an-iam-policy
// (source: https://github.com/cert-manager/website/blob/master/content/docs/configuration/acme/dns01/route53.md)
// Upstream grants record changes on every hosted zone and recommends "limiting the hosted zone that
// cert-manager has access to": here the zones are a required input.
import { z } from "zod";
import type { PolicyStatement } from "../iam/policy-statement";
import { definePreset } from "./private/define-preset";
import type { AddonPreset, WideningAcknowledgement } from "./preset";

/** Inputs of the `certManager` preset. */
export interface CertManagerInputs extends WideningAcknowledgement {
  /**
   * ARNs of the Route 53 hosted zones cert-manager may write `_acme-challenge` TXT records in
   * (`arn:<partition>:route53:::hostedzone/<zone id>`).
   */
  readonly hostedZoneArns: readonly string[];
  /**
   * Whether cert-manager looks hosted zones up by name (`route53:ListHostedZonesByName`). Set it to
   * false when every issuer's `route53` solver names its `hostedZoneID`, as upstream allows.
   * @default true
   */
  readonly lookUpHostedZones?: boolean;
}

const schema: z.ZodType<CertManagerInputs> = z.strictObject({
  hostedZoneArns: z.array(z.string()).readonly(),
  lookUpHostedZones: z.boolean().optional(),
});

/**
 * cert-manager solving ACME DNS01 challenges in Route 53. Record changes are limited to TXT
 * records, as upstream's policy does. No write action on `*`.
 */
export const certManager: AddonPreset<CertManagerInputs> = definePreset({
  id: "certManager",
  title: "cert-manager (Route 53 DNS01)",
  upstream: {
    project: "cert-manager/cert-manager",
    version: "v1.21.1",
    source: "https://cert-manager.io/docs/configuration/acme/dns01/route53/#set-up-an-iam-policy",
  },
  serviceAccount: { namespace: "cert-manager", name: "cert-manager" },
  helmChart: {
    repository: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
    serviceAccountPath: ["serviceAccount"],
  },
  schema,
  arnInputs: {
    hostedZoneArns: {
      kind: "hostedZone",
      required: true,
      scope: "exact",
      upstream: "the hosted zones of the challenges, one by one (its recommended scoping)",
    },
  },
  statements(inputs, ctx) {
    const statements: PolicyStatement[] = [
      { sid: "GetChange", actions: ["route53:GetChange"], resources: [`arn:${ctx.partition}:route53:::change/*`] },
      {
        sid: "ChangeTxtRecords",
        actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
        resources: [...inputs.hostedZoneArns],
        conditions: [{ test: "ForAllValues:StringEquals", variable: "route53:ChangeResourceRecordSetsRecordTypes", values: ["TXT"] }],
      },
    ];
    if (inputs.lookUpHostedZones ?? true) {
      statements.push({ sid: "FindZones", actions: ["route53:ListHostedZonesByName"], resources: ["*"] });
    }
    return statements;
  },
});
